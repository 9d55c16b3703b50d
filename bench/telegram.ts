// `npm run bench:telegram [-- --users=50 --messages=20 --rounds=5]`
// N simulated people talk to the bot through the local Bot API server in long-polling mode:
//   - a bare grammY echo bot (runner + sequentialize): the reference;
//   - Passerelle's Telegram channel echoing through channel.send (no engine): the adapter's own cost;
//   - Passerelle's full path: grammY → engine → Redis session → sendMessage (menu ⇄ language question).
// The server and the simulated people run in a child process (bench/telegram-driver.ts), as Telegram
// would, so this process's CPU is the bots' alone. Closed loop: each person sends the next message once
// the previous one was answered. Rounds alternate the three bots; medians smooth out a busy machine.
import { join } from 'node:path';
import { run, sequentialize } from '@grammyjs/runner';
import { Bot } from 'grammy';
import pino from 'pino';
import { createApp } from '../src/app.js';
import { telegramFeature } from '../src/channels/telegram/feature.js';
import { TelegramChannel } from '../src/channels/telegram/telegram-channel.js';
import { loadConfig } from '../src/config.js';
import { testContent } from '../test/support/telegram-content.js';
import { arg, benchRedis, ChildDriver } from './child-driver.js';
import type { DriveRequest, DriveResult } from './telegram-driver.js';

const USERS = arg('users', 50);
const MESSAGES = arg('messages', 20);
const ROUNDS = arg('rounds', 5);

interface Result extends DriveResult {
  /** This process's CPU time per message: the bot's own cost. */
  cpuMicros: number;
}

/** The child process holding the local Bot API server and the simulated people; each run's bot CPU. */
class Driver {
  private readonly child = new ChildDriver<Omit<DriveRequest, 'type'>, DriveResult>(new URL('./telegram-driver.ts', import.meta.url));
  readonly ready = this.child.ready;

  async drive(req: Omit<DriveRequest, 'type' | 'users' | 'messages'>): Promise<Result> {
    const cpuBefore = process.cpuUsage();
    const result = await this.child.ask({ users: USERS, messages: MESSAGES, ...req });
    const cpu = process.cpuUsage(cpuBefore);
    return { ...result, cpuMicros: (cpu.user + cpu.system) / result.messages };
  }

  close(): Promise<void> {
    return this.child.close();
  }
}

const rate = (r: Result): number => r.messages / r.seconds;
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const median = (runs: Result[]): Result => {
  const sorted = [...runs].sort((a, b) => rate(a) - rate(b));
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no runs');
  return middle;
};

function line(name: string, r: Result): string {
  return (
    `${name.padEnd(26)} ${rate(r).toFixed(0).padStart(6)} msg/s   p50 ${percentile(r.latencies, 50).toFixed(0).padStart(4)} ms   ` +
    `p99 ${percentile(r.latencies, 99).toFixed(0).padStart(4)} ms   bot CPU ${r.cpuMicros.toFixed(0).padStart(4)} µs/msg`
  );
}

async function main(): Promise<void> {
  const driver = new Driver();
  const { apiRoot, token } = await driver.ready;
  const store = await benchRedis('bench');
  const { redis, prefix } = store;
  const silent = pino({ level: 'silent' });

  console.log(`Telegram benchmark: ${USERS} people × ${MESSAGES} messages, closed loop, long polling, local Bot API server, ${ROUNDS} rounds.`);
  console.log('Outbound rate limits LIFTED (the local server is not Telegram; by default the service paces to 25 msg/s overall, 1/s per chat).');
  console.log('Flood control LIFTED (each simulated person writes far faster than a person would).');

  const echoToken = '111111111:ECHO-bench-token';
  const echo = new Bot(echoToken, { client: { apiRoot } });
  echo.use(sequentialize((ctx) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  echo.on('message:text', (ctx) => ctx.reply(ctx.message.text));
  const echoRunner = run(echo);

  const channelToken = '222222222:CHANNEL-bench-token';
  const channel = new TelegramChannel({
    token: channelToken,
    apiRoot,
    limits: { perSecond: 0, perChatPerSecond: 0, chatBurst: 1 },
    redis,
    redisPrefix: prefix,
    choiceTtlSeconds: 60,
    texts: testContent().texts,
    defaultLocale: 'fr',
    log: silent,
  });
  await channel.start((m) => channel.send(m.address, { text: m.content.kind === 'text' ? m.content.text : '?' }));

  const config = loadConfig({
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    HTTP_PORT: '0',
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_MAX_PER_SECOND: '0',
    TELEGRAM_MAX_PER_CHAT_PER_SECOND: '0',
    FLOOD_MAX_MESSAGES: '1000000',
    FLOOD_MAX_QUEUED: '1000000',
  });
  const app = createApp({ config, content: testContent(), redis, log: silent, features: [telegramFeature] });
  await app.start(app.platformChannels);

  const runs = { echo: [] as Result[], channel: [] as Result[], full: [] as Result[] };
  for (let round = 0; round < ROUNDS; round++) {
    const base = 1_000_000 * (round + 1);
    runs.echo.push(await driver.drive({ token: echoToken, userBase: base, pattern: 'echo', warm: 'hello', warmReplies: 1 }));
    runs.channel.push(await driver.drive({ token: channelToken, userBase: base, pattern: 'echo', warm: 'hello', warmReplies: 1 }));
    runs.full.push(await driver.drive({ token, userBase: base, pattern: 'menu', warm: '/start', warmReplies: 2 }));
  }
  await app.stop();
  await channel.stop();
  await echoRunner.stop();

  const rates = (list: Result[]): string => list.map((r) => rate(r).toFixed(0)).join(', ');
  console.log(`rounds (msg/s): echo ${rates(runs.echo)} | channel ${rates(runs.channel)} | full ${rates(runs.full)}`);
  console.log('');
  const echoMedian = median(runs.echo);
  const fullMedian = median(runs.full);
  console.log(line('bare grammY echo bot', echoMedian));
  console.log(line('Passerelle channel (echo)', median(runs.channel)));
  console.log(line('Passerelle full path', fullMedian));
  const ratio = rate(fullMedian) / rate(echoMedian);
  console.log(`ratio full/echo (medians): ${ratio.toFixed(2)} (target ≥ 0.80) ${ratio >= 0.8 ? 'OK' : 'BELOW TARGET'}`);

  await store.close();
  await driver.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
