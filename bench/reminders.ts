// `npm run bench:reminders`: 10 000 reminders for distinct people, all due in the same second of
// the same minute, delivered by the real worker (BullMQ rate limiter) through a recording channel.
// Prints the scheduling rate, Redis bytes per reminder, the delivery span against its floor
// (N ÷ rate limit), and lost / duplicate counts. Not a test: figures vary with the machine.
// Env: BENCH_N (default 10000), BENCH_RATE (sends per second, default 200), REDIS_URL (else a
// private redis-server is started, so the memory figures are not mixed with other data).
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { ContentError, loadContent } from '../src/content.js';
import type { Channel, ChannelCapabilities } from '../src/core/channel.js';
import type { Address, Outbound } from '../src/core/message.js';
import { loadCatalogue } from '../src/reminders/catalogue.js';
import { benchRedis, remindersOnlyApp } from './reminders-app.js';
import { FEATURE_ACTIONS } from '../src/features.js';

const N = Number(process.env.BENCH_N ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SCHEDULE_CONCURRENCY = 100;

/** Counts reminders per person with the time each arrived. */
class CountingChannel implements Channel {
  readonly id = 'terminal' as const;
  readonly capabilities: ChannelCapabilities = { buttons: false, edits: false };
  readonly received = new Map<string, number[]>();
  reminders = 0;
  first = Infinity;
  last = 0;
  private onAll: (() => void) | undefined;
  readonly all = new Promise<void>((resolve) => (this.onAll = resolve));
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(to: Address, message: Outbound): Promise<void> {
    if (!message.text.startsWith('⏰')) return; // the buttons message that follows each reminder
    const now = Date.now();
    const list = this.received.get(to.userId) ?? [];
    list.push(now);
    this.received.set(to.userId, list);
    this.first = Math.min(this.first, now);
    this.last = Math.max(this.last, now);
    this.reminders += 1;
    if (this.received.size >= N) this.onAll?.();
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const { redis, prefix, close } = await benchRedis();
  const config = loadConfig({ REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', HTTP_PORT: '0', QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00', REMINDER_SEND_RATE: String(RATE) });
  const { content, errors } = loadContent({ flowsDir: 'flows', localesDir: 'locales', actions: FEATURE_ACTIONS });
  if (errors.length > 0) throw new ContentError(errors);
  const catalogue = loadCatalogue();
  const other = catalogue.ok ? catalogue.value.procedures.find((p) => p.id === 'other') : undefined;
  if (!other) throw new Error('no "other" procedure in the catalogue');

  const { app, service } = remindersOnlyApp(config, content, redis);
  const channel = new CountingChannel();

  console.log(`Scheduling ${fmt(N)} reminders for distinct people (rate limit ${RATE}/s)…`);
  const memBefore = await usedMemory(redis);
  // All due in the same second, a few seconds after scheduling is expected to end.
  const dueAt = Math.ceil((Date.now() + 20_000) / 1000) * 1000;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: SCHEDULE_CONCURRENCY }, async () => {
      for (let i = next++; i < N; i = next++) {
        const at = new Date(dueAt + (i % 1000));
        await service.create({ address: { channel: 'terminal', userId: `u${i}` }, locale: 'fr', procedure: other, words: `démarche ${i}`, rule: { kind: 'once', at }, now: new Date() });
      }
    }),
  );
  const scheduleSeconds = (performance.now() - t0) / 1000;
  const memScheduled = await usedMemory(redis);
  const sampleId = (await redis.smembers(`${prefix}:reminders:terminal:u0`))[0] ?? '';
  const recordBytes = Number(await redis.call('MEMORY', 'USAGE', `${prefix}:reminder:${sampleId}`));
  const jobKey = (await redis.keys(`${prefix}:reminder-jobs:${sampleId}-*`))[0] ?? '';
  const jobBytes = jobKey ? Number(await redis.call('MEMORY', 'USAGE', jobKey)) : 0;
  console.log(`  scheduled in ${fmt(scheduleSeconds, 1)} s: ${fmt(N / scheduleSeconds)} reminders/s`);
  console.log(`  Redis memory while waiting: ${fmt((memScheduled - memBefore) / N)} bytes per reminder (INFO used_memory delta; record ${recordBytes} B + job hash ${jobBytes} B by MEMORY USAGE, plus index set and delayed-set entries)`);

  const startedAt = Date.now();
  await app.start([channel]);
  const floorSeconds = N / RATE;
  const deadline = (floorSeconds * 3 + 60) * 1000;
  await Promise.race([channel.all, new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - Date.now()) + deadline))]);
  // Let any late duplicate show up: wait until the queue has nothing left to run.
  const queue = service.queue.queue;
  for (let i = 0; i < 200 && (await queue.getJobCountByTypes('active', 'wait', 'delayed', 'prioritized')) > 0; i++) await new Promise((r) => setTimeout(r, 100));
  await app.conversations.idle();
  const memDelivered = await usedMemory(redis);

  const from = Math.max(dueAt, startedAt);
  const spanSeconds = (channel.last - from) / 1000;
  let lost = 0;
  let duplicates = 0;
  for (let i = 0; i < N; i++) {
    const got = channel.received.get(`u${i}`)?.length ?? 0;
    if (got === 0) lost += 1;
    if (got > 1) duplicates += got - 1;
  }
  const ratio = spanSeconds / floorSeconds;
  console.log(`Delivery: ${fmt(channel.reminders)} reminders sent`);
  console.log(`  span ${fmt(spanSeconds, 1)} s from the due time (first at +${fmt((channel.first - from) / 1000, 2)} s); floor N ÷ rate = ${fmt(floorSeconds, 1)} s; ratio ${fmt(ratio, 3)} (target ≤ 1.1)`);
  console.log(`  lost ${lost}, duplicates ${duplicates} (targets 0 and 0)`);
  console.log(`  Redis memory after delivery: ${fmt((memDelivered - memBefore) / N)} bytes per reminder (finished records kept 14 days for their buttons, "sent" marks 30 days, conversation sessions)`);
  const perReminder = (memScheduled - memBefore) / N;
  console.log(`Targets: span ${ratio <= 1.1 ? 'OK' : 'MISSED'} · lost ${lost === 0 ? 'OK' : 'MISSED'} · duplicates ${duplicates === 0 ? 'OK' : 'MISSED'} · memory ${perReminder <= 1024 ? 'OK' : 'MISSED'} (≤ 1 KiB while scheduled)`);

  await app.stop();
  await close();
  process.exit(0);
}

// `-- --channel whatsapp-cloud`: the same figures through the Cloud API adapter and the fake Graph API.
const at = process.argv.indexOf('--channel');
if (at >= 0 && process.argv[at + 1] === 'whatsapp-cloud') await import('./reminders-cloud.js');
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
