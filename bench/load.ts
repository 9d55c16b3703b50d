// `npm run bench:load [-- --users=1000 --messages=10 --flooders=5 --flood=500 --crisis=20]`
// Load and floods, through the local Bot API server in long-polling mode, with the real flows and
// texts, every feature (crisis words included) and the default flood control:
//   run A: the ordinary people alone (closed loop: each sends "menu" once the previous reply came);
//   run B: the same number of fresh people while 5 flooders post 500 messages each as fast as they
//          can, and people in crisis write.
// Prints p50/p99 reply times of the ordinary people in both runs, crisis reply times, messages
// dropped (flooders only), the bot process's peak RSS. A benchmark, not a test: nothing is asserted
// on time; the targets are printed next to the figures.
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { realContent } from '../test/support/real-content.js';
import { arg, benchRedis, ChildDriver } from './child-driver.js';
import type { LoadRequest, LoadResult } from './load-driver.js';

const USERS = arg('users', 1000);
const MESSAGES = arg('messages', 10);
const FLOODERS = arg('flooders', 5, 0);
const FLOOD = arg('flood', 500, 0);
const CRISIS = arg('crisis', 20, 0);

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number): string => `${n.toFixed(0)} ms`;

async function main(): Promise<void> {
  const driver = new ChildDriver<Omit<LoadRequest, 'type'>, LoadResult>(new URL('./load-driver.ts', import.meta.url));
  const { apiRoot, token } = await driver.ready;
  const store = await benchRedis('bench-load');
  const { redis, prefix } = store;
  const config = loadConfig({
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    HTTP_PORT: '0',
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_MAX_PER_SECOND: '0',
    TELEGRAM_MAX_PER_CHAT_PER_SECOND: '0',
  });
  console.log(`Load benchmark: ${USERS} people × ${MESSAGES} messages (closed loop), then again with ${FLOODERS} flooders × ${FLOOD} messages and ${CRISIS} people in crisis.`);
  console.log(`Local Bot API server, long polling, real flows. Outbound rate limits LIFTED (the local server is not Telegram); flood control as configured: ${config.FLOOD_MAX_MESSAGES} messages in ${config.FLOOD_WINDOW_SECONDS} s, ${config.FLOOD_MAX_QUEUED} queued.`);
  // The service as it runs (every feature of src/features.ts; WhatsApp stays off without its setting).
  const app = createApp({ config, content: realContent(), redis, log: pino({ level: 'silent' }) });
  await app.start(app.platformChannels);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

  const dropped = async (): Promise<number> => (await app.metrics.messagesDropped.get()).values.reduce((sum, v) => sum + v.value, 0);
  // A short warm-up (JIT, connections), not measured, so that run A is not penalised for going first.
  await driver.ask({ userBase: 500_000, users: 50, messages: 2, flooders: 0, floodMessages: 0, crisisPeople: 0 });
  const cpuA = process.cpuUsage();
  const alone = await driver.ask({ userBase: 1_000_000, users: USERS, messages: MESSAGES, flooders: 0, floodMessages: 0, crisisPeople: 0 });
  const cpuAUsed = process.cpuUsage(cpuA);
  const droppedBefore = await dropped();
  const cpuB = process.cpuUsage();
  const loaded = await driver.ask({ userBase: 2_000_000, users: USERS, messages: MESSAGES, flooders: FLOODERS, floodMessages: FLOOD, crisisPeople: CRISIS });
  const cpuBUsed = process.cpuUsage(cpuB);
  const busy = (u: NodeJS.CpuUsage, seconds: number): string => `bot CPU ${((u.user + u.system) / 1e6).toFixed(1)} s of ${seconds.toFixed(1)} s`;
  const droppedFlood = (await dropped()) - droppedBefore;
  clearInterval(sampler);
  await app.stop();

  const p99Ratio = pct(loaded.latencies, 99) / pct(alone.latencies, 99);
  const crisisP99 = pct(loaded.crisis, 99);
  console.log('');
  console.log(`run A (no flood):   ${alone.latencies.length} replies in ${alone.seconds.toFixed(1)} s   p50 ${ms(pct(alone.latencies, 50))}   p99 ${ms(pct(alone.latencies, 99))}   unanswered ${alone.unanswered}   ${busy(cpuAUsed, alone.seconds)}`);
  console.log(`run B (flood):      ${loaded.latencies.length} replies in ${loaded.seconds.toFixed(1)} s   p50 ${ms(pct(loaded.latencies, 50))}   p99 ${ms(pct(loaded.latencies, 99))}   unanswered ${loaded.unanswered}   ${busy(cpuBUsed, loaded.seconds)}`);
  console.log(`crisis replies:     ${loaded.crisis.length}/${CRISIS}   p50 ${ms(pct(loaded.crisis, 50))}   p99 ${ms(crisisP99)}`);
  console.log(`flooders:           ${FLOODERS * FLOOD} sent, ${droppedFlood} dropped at the door, ${loaded.flooderReplies} replies to them`);
  console.log(`bot process:        peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  console.log('');
  console.log(`targets: p99 with flood ≤ 1.5× without: ${p99Ratio.toFixed(2)}× ${p99Ratio <= 1.5 ? 'OK' : 'ABOVE'}; crisis p99 ≤ 1 s: ${crisisP99 <= 1000 ? 'OK' : 'ABOVE'}; none of the ordinary people's messages dropped: ${alone.unanswered + loaded.unanswered === 0 ? 'OK' : 'NO'}`);

  await store.close();
  await driver.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
