// "Never lost, never twice" across a SIGKILL: the worker runs in a child process
// (test/support/reminder-worker-process.ts) that the test kills, then starts again.
import { spawn, type ChildProcess } from 'node:child_process';
import { procedureById } from './support/real-content.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { jobIdOf, ReminderQueue } from '../src/reminders/queue.js';
import { ReminderService } from '../src/reminders/service.js';
import { ReminderStore, type Reminder } from '../src/reminders/store.js';
import { connectRedis, deletePrefix, newPrefix, testRedisUrl } from './support/redis.js';
import { ownWordsReminder, waitUntil } from './support/reminders-app.js';

let redis: Redis;
let prefix: string;
let service: ReminderService;
const children: ChildProcess[] = [];

beforeEach(() => {
  redis = connectRedis();
  prefix = newPrefix();
  service = new ReminderService(new ReminderStore(redis, prefix), new ReminderQueue({ connection: redis, prefix }), {
    timeZone: 'Europe/Paris',
    quietHours: { start: '00:00', end: '00:00' },
  });
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await service.queue.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

interface Worker {
  child: ChildProcess;
  exited: Promise<NodeJS.Signals | null>;
}

async function startWorker(env: Record<string, string> = {}): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/reminder-worker-process.ts'], {
    env: { ...process.env, REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve();
    });
    void exited.then(() => reject(new Error('worker exited before it was ready')));
  });
  return { child, exited };
}

const other = procedureById('other');

async function createDueSoon(words: string, inMs: number): Promise<Reminder> {
  const r = await service.create({ address: { channel: 'terminal', userId: 'k' }, locale: 'fr', procedure: other, words, rule: { kind: 'once', at: new Date(Date.now() + inMs) }, now: new Date() });
  if (!r) throw new Error('not created');
  return r;
}

async function outbox(): Promise<string[]> {
  return (await redis.lrange(`${prefix}:test:outbox`, 0, -1)).map((raw) => (JSON.parse(raw) as { text: string }).text);
}

async function finished(r: Reminder): Promise<boolean> {
  const job = await service.queue.queue.getJob(jobIdOf(r.id, r.next ?? 0));
  const stored = await service.store.get(r.id);
  return job === undefined && stored?.next === null;
}

/** What the person receives: the reminder, with the question of its buttons on the next line. */
const reminderText = (words: string): string => ownWordsReminder(words);

/** The person was moved to the reminder's buttons (their answer now goes to them): nothing is sent for it. */
async function movedToButtons(r: Reminder): Promise<boolean> {
  return (await redis.get(`${prefix}:sent:${r.id}:${r.next ?? 0}`)) === 'prompted';
}

describe('a worker killed with SIGKILL', () => {
  it('before the due time: the restarted worker delivers the reminder, once', async () => {
    const first = await startWorker();
    const r = await createDueSoon('avant le crash', 1500);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(await outbox()).toEqual([]);

    await startWorker();
    await waitUntil(() => finished(r), 'the occurrence to be delivered and completed');
    expect(await movedToButtons(r)).toBe(true);
    // One message: the reminder and its buttons' question (the buttons travel with it).
    expect(await outbox()).toEqual([reminderText('avant le crash')]);
  });

  it('right after sending (before the job completed): the restarted worker does not send it again', async () => {
    const first = await startWorker({ CRASH_AFTER_SENT: '1' });
    const r = await createDueSoon('pendant le crash', 500);
    expect(await first.exited).toBe('SIGKILL');
    expect(await outbox()).toEqual([reminderText('pendant le crash')]);
    expect(await redis.get(`${prefix}:sent:${r.id}:${r.next ?? 0}`)).toBe('sent');

    // The job is still "active" with the dead worker's lock; once the lock expires the new
    // worker's stalled-job check takes it back, sees the mark, and only finishes the work.
    await startWorker();
    await waitUntil(() => finished(r), 'the stalled job to be taken back and completed');
    // The dead worker had sent the buttons with the reminder; the new one moves the person to them
    // and sends nothing: neither a second reminder nor a separate question.
    expect(await movedToButtons(r)).toBe(true);
    expect(await outbox()).toEqual([reminderText('pendant le crash')]);
  });
});
