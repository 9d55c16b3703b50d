// What the features add to /metrics: reminders scheduled, sent and failed, the reminders queue
// lag, and the conversations waiting for an educator (how many, the longest wait, and the time
// until an educator takes one). The real app with HTTP on, real Redis and BullMQ.
import type { Redis } from 'ioredis';
import { procedureById } from './support/real-content.js';
import { DelayedError, Worker } from 'bullmq';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { RecipientBlockedError } from '../src/core/errors.js';
import type { Address, Outbound } from '../src/core/message.js';
import type { FeatureFactory } from '../src/features.js';
import { createHandoffFeature } from '../src/handoff/feature.js';
import type { HandoffService } from '../src/handoff/service.js';
import { type Procedure } from '../src/reminders/catalogue.js';
import { createRemindersFeature, type RemindersFeature } from '../src/reminders/feature.js';
import { jobIdOf, ReminderQueue } from '../src/reminders/queue.js';
import { queueLagSeconds } from '../src/reminders/queue-lag.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { realContent, waitUntil } from './support/reminders-app.js';
import { createTestApp } from './support/test-app.js';
import { QuietConsole } from './support/quiet-console.js';

const procedure: Procedure = procedureById('other');


/** Every send fails: the person blocked the bot. */
class BlockedChannel extends RecordingChannel {
  override async send(_to: Address, _message: Outbound): Promise<void> {
    throw new RecipientBlockedError(this.id);
  }
}

let redis: Redis;
let prefix: string;
let app: App;
let reminders: RemindersFeature;
let handoff: HandoffService;
const clock = { now: new Date('2026-03-10T10:00:00+01:00') }; // a Tuesday morning

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  clock.now = new Date('2026-03-10T10:00:00+01:00');
  const config = loadConfig({ REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', HTTP_ENABLED: 'true', HTTP_PORT: '0', QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00' });
  const remindersFactory: FeatureFactory = (deps) => {
    reminders = createRemindersFeature(deps, { resync: false, worker: { retryBaseMs: 50 } });
    return reminders;
  };
  const handoffFactory = createHandoffFeature({ consoles: async () => [{ chatId: '-1001', console: new QuietConsole(), teams: ['promeneurs', 'accueil'] }], onService: (s) => (handoff = s), clock: () => clock.now });
  app = createTestApp({ config, content: realContent(), redis, log: pino({ level: 'silent' }), features: [remindersFactory, handoffFactory] });
  await app.start([new RecordingChannel('terminal'), new BlockedChannel('whatsapp')]);
});

afterEach(async () => {
  await app.stop();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

async function metrics(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${app.http.port}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of an unlabelled series (or one given with its labels, e.g. `name{le="900"}`). */
function value(body: string, series: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no series ${series} in /metrics`);
  return Number(line.slice(series.length + 1));
}

describe('reminder metrics', () => {
  it('count occurrences scheduled, sent, and failed for good (a person who blocked the bot)', async () => {
    const body0 = await metrics();
    expect([value(body0, 'passerelle_reminders_scheduled_total'), value(body0, 'passerelle_reminders_sent_total'), value(body0, 'passerelle_reminders_failed_total')]).toEqual([0, 0, 0]);

    const soon = (): { kind: 'once'; at: Date } => ({ kind: 'once', at: new Date(Date.now() + 1000) });
    await reminders.service.create({ address: { channel: 'terminal', userId: 'a' }, locale: 'fr', procedure, words: 'mairie', rule: soon(), now: new Date() });
    await reminders.service.create({ address: { channel: 'whatsapp', userId: '33600000002@c.us' }, locale: 'fr', procedure, words: 'caf', rule: soon(), now: new Date() });
    await waitUntil(async () => {
      const body = await metrics();
      return value(body, 'passerelle_reminders_sent_total') === 1 && value(body, 'passerelle_reminders_failed_total') === 1;
    }, 'one reminder sent and one failed');
    const body = await metrics();
    expect(value(body, 'passerelle_reminders_scheduled_total')).toBe(2);
    expect(value(body, 'passerelle_reminders_queue_lag_seconds')).toBe(0);
  });

  it('report the queue lag: how long the oldest due job has waited for a worker', async () => {
    expect(value(await metrics(), 'passerelle_reminders_queue_lag_seconds')).toBe(0);
    const queue = reminders.service.queue.queue;
    await queue.pause(); // workers take nothing: due jobs pile up
    const now = Date.now();
    // Added two minutes ago, due 90 s ago, still not taken.
    await queue.add('d', {}, { jobId: jobIdOf('rlag1', now - 90_000), timestamp: now - 120_000 });
    const lag = value(await metrics(), 'passerelle_reminders_queue_lag_seconds');
    expect(lag).toBeGreaterThanOrEqual(90);
    expect(lag).toBeLessThan(90 + 60);

    await queue.resume();
    await waitUntil(async () => (await queue.getWaitingCount()) === 0, 'the worker to take the job');
    expect(value(await metrics(), 'passerelle_reminders_queue_lag_seconds')).toBe(0);
  });
});

describe('queueLagSeconds', () => {
  let lagPrefix: string;
  let queue: ReminderQueue;
  beforeEach(() => {
    lagPrefix = newPrefix();
    queue = new ReminderQueue({ connection: redis, prefix: lagPrefix });
  });
  afterEach(async () => {
    await queue.close();
    await deletePrefix(redis, lagPrefix);
  });

  it('is 0 with no job, and with jobs not yet due', async () => {
    expect(await queueLagSeconds(queue.queue)).toBe(0);
    await queue.schedule('rnotdue', Date.now() + 60_000);
    expect(await queueLagSeconds(queue.queue)).toBe(0);
  });

  it('counts from the due time of a delayed job no worker promoted (no worker runs here)', async () => {
    const due = Date.now() + 60_000;
    await queue.schedule('rdelayed', due, due - 60_000);
    const job = await queue.queue.getJob(jobIdOf('rdelayed', due));
    const dueAt = (job?.timestamp ?? 0) + 60_000;
    expect(await queueLagSeconds(queue.queue, dueAt - 1)).toBe(0);
    expect(await queueLagSeconds(queue.queue, dueAt + 30_000)).toBe(30);
  });

  it('counts a waiting job from its occurrence, or from when it was added if later', async () => {
    const added = Date.now();
    const occurrence = added - 3_600_000; // a past occurrence re-added now (resync after a crash)
    await queue.schedule('rwaiting', occurrence, added);
    const job = await queue.queue.getJob(jobIdOf('rwaiting', occurrence));
    const since = job?.timestamp ?? 0;
    expect(since).toBeGreaterThanOrEqual(added);
    expect(await queueLagSeconds(queue.queue, since + 45_000)).toBe(45);
  });

  it('counts a retried job (put back in the delayed set by a worker) from its new due time', async () => {
    // First tried 1.5 s after it was added: the retry counts from that attempt, not from the job's creation.
    await queue.schedule('rretried', Date.now() + 1_500);
    const connection = redis.duplicate({ maxRetriesPerRequest: null });
    let retryAt = 0;
    const worker = new Worker(
      queue.queue.name,
      async (job, token) => {
        retryAt = Date.now() + 60_000;
        await job.moveToDelayed(retryAt, token);
        throw new DelayedError();
      },
      { connection, prefix: lagPrefix },
    );
    try {
      await waitUntil(async () => retryAt > 0 && (await queue.queue.getDelayedCount()) === 1, 'the job put back in the delayed set');
    } finally {
      await worker.close();
      await connection.quit();
    }
    expect(await queueLagSeconds(queue.queue, retryAt - 1_000)).toBe(0);
    expect(await queueLagSeconds(queue.queue, retryAt + 30_000)).toBeCloseTo(30, 0);
  });
});

describe('handoff metrics', () => {
  const person = (n: number): Address => ({ channel: 'terminal', userId: `p${n}` });
  const staff = { id: '42', firstName: 'Léa' };

  it('show conversations waiting, the longest wait, and the wait until an educator takes one', async () => {
    const body0 = await metrics();
    expect(value(body0, 'passerelle_handoff_waiting')).toBe(0);
    expect(value(body0, 'passerelle_handoff_oldest_waiting_seconds')).toBe(0);
    expect(value(body0, 'passerelle_handoff_wait_seconds_count')).toBe(0);

    await handoff.request(person(1), { team: 'promeneurs', locale: 'fr', text: 'bonjour' });
    clock.now = new Date(clock.now.getTime() + 5 * 60_000);
    await handoff.request(person(2), { team: 'promeneurs', locale: 'fr', text: 'salut' });
    await handoff.request(person(1), { team: 'promeneurs', locale: 'fr', text: 'toujours là ?' }); // does not restart the wait
    clock.now = new Date(clock.now.getTime() + 5 * 60_000);
    const waiting = await metrics();
    expect(value(waiting, 'passerelle_handoff_waiting')).toBe(2);
    expect(value(waiting, 'passerelle_handoff_oldest_waiting_seconds')).toBe(600);

    const topic = (await handoff.record(person(1)))?.topic ?? '';
    await handoff.take(topic, staff);
    const taken = await metrics();
    expect(value(taken, 'passerelle_handoff_waiting')).toBe(1);
    expect(value(taken, 'passerelle_handoff_oldest_waiting_seconds')).toBe(300);
    expect(value(taken, 'passerelle_handoff_wait_seconds_count')).toBe(1);
    expect(value(taken, 'passerelle_handoff_wait_seconds_sum')).toBe(600);
    expect(value(taken, 'passerelle_handoff_wait_seconds_bucket{le="300"}')).toBe(0);
    expect(value(taken, 'passerelle_handoff_wait_seconds_bucket{le="900"}')).toBe(1);

    // Stopping while waiting ends the wait without counting as taken.
    const record = await handoff.record(person(2));
    if (!record) throw new Error('no record');
    await handoff.personStopped(person(2), record);
    const stopped = await metrics();
    expect(value(stopped, 'passerelle_handoff_waiting')).toBe(0);
    expect(value(stopped, 'passerelle_handoff_oldest_waiting_seconds')).toBe(0);
    expect(value(stopped, 'passerelle_handoff_wait_seconds_count')).toBe(1);
  });

  it('forget a waiting person erased by "oubli", and one whose conversation is closed', async () => {
    await handoff.request(person(3), { team: 'promeneurs', locale: 'fr', text: 'bonjour' });
    await handoff.request(person(4), { team: 'promeneurs', locale: 'fr', text: 'bonjour' });
    expect(value(await metrics(), 'passerelle_handoff_waiting')).toBe(2);
    await handoff.forget(person(3));
    await handoff.close((await handoff.record(person(4)))?.topic ?? '', staff);
    expect(value(await metrics(), 'passerelle_handoff_waiting')).toBe(0);
    expect(await redis.exists(`${prefix}:handoff:waiting`)).toBe(0);
  });
});
