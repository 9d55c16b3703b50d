// Reliability (issue #8): the whole service is SIGKILLed 5 times while it delivers 200 reminders to
// 200 Telegram users, and restarted each time. Every reminder message is counted at the local Bot
// API server (which lives in this test process and survives the kills).
//
// Exactly once, and its one honest exception: a kill can land after the Bot API server has taken a
// sendMessage and before the service recorded "sent" in Redis. Telegram has no idempotency key, so
// nobody can tell whether that message went out; the service resends it once the claim's lease
// expires (src/reminders/sent-marks.ts: a rare duplicate rather than a lost reminder). The buttons
// travel in the reminder's own message (its question on the last line, the three buttons on it), so
// they can be neither lost nor repeated apart from it; a kill after the send only leaves the person
// to be moved to them, which the retry does without sending anything.
// So right after each kill the test reads which sends were in doubt (Redis marks: exact, the dead
// process writes nothing more) and which of those the server already had (a sure duplicate).
// It asserts: no reminder lost; every reminder message has its question and its buttons; every
// reminder not in doubt arrives exactly once; one in doubt arrives once or twice, and at least the
// sure duplicates happen. It prints figures.
//
// Recovery, with the service's own timings (BullMQ lock 5 s, stalled check 2 s, "sent" lease 5 s):
// after each kill, the time until the restarted service has delivered a reminder again *and* every
// reminder the killed one held (its active jobs) has been delivered, buttons included. Restarting the
// service is most of it (4 to 12 s here, by the machine's load); the reminders' own part is what
// follows the restart. It must stay under RECOVERY_LIMIT_S, a generous bound (the target is 10 s),
// unless the restart alone was slow: then under the restart plus AFTER_RESTART_LIMIT_S.
// Each kill waits for the recovery from the previous one, so that each figure is one fault's (a kill
// in the middle of a recovery adds a second restart to it). A modest send rate keeps the kills
// spread over the deliveries all the same, and a Bot API answering sendMessage in SEND_MS keeps
// sends in flight when a kill lands.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { procedureById } from './support/real-content.js';
import { scanKeys } from '../src/redis/scan.js';
import type { Redis } from 'ioredis';
import { startBotApiServer, type BotApiServer, type SentMessage } from './support/bot-api-server.js';
import { connectRedis, deletePrefix, newPrefix, testRedisUrl } from './support/redis.js';
import { buttonsOf } from './support/handoff-app.js';
import { ownWordsReminder, REMINDER_BUTTON_IDS, waitUntil } from './support/reminders-app.js';
import { seededRandom, spawnService, type ServiceChild } from './support/service-child.js';
import { markState, SentMarks, type Claim } from '../src/reminders/sent-marks.js';
import { ReminderQueue } from '../src/reminders/queue.js';
import { ReminderService } from '../src/reminders/service.js';
import { ReminderStore } from '../src/reminders/store.js';

const USERS = 200;
const KILLS = 5;
const FIRST_USER = 700_001;
// Fixed, so that every CI run kills at the same points; RELIABILITY_SEED=n tries others (printed below).
const SEED = Number(process.env.RELIABILITY_SEED ?? 975_819);
/** A user-visible bound on recovery that catches a regression without flaking on a busy machine. */
const RECOVERY_LIMIT_S = 20;
const AFTER_RESTART_LIMIT_S = 10;
const SEND_RATE = 10;
const SEND_MS = 250;

let server: BotApiServer;
let redis: Redis;
let prefix: string;
let service: ReminderService;
const children: ServiceChild[] = [];

beforeAll(async () => {
  server = await startBotApiServer();
  redis = connectRedis();
  prefix = newPrefix();
  service = new ReminderService(new ReminderStore(redis, prefix), new ReminderQueue({ connection: redis, prefix }), {
    timeZone: 'Europe/Paris',
    quietHours: { start: '00:00', end: '00:00' },
  });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  await service.queue.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
  await server.close();
});

const other = procedureById('other');

const wordsOf = (chatId: number): string => `dossier ${chatId}`;
/** The reminder as the person receives it: its text, then its buttons' question on the next line. */
const reminderText = (chatId: number): string => ownWordsReminder(wordsOf(chatId));

/** Every message of this person's reminder (whether whole or not). */
const reminderMessages = (chatId: number): SentMessage[] => server.sent(chatId).filter((m) => (m.text ?? '').includes(wordsOf(chatId)));
function reminderCount(chatId: number): number {
  return reminderMessages(chatId).length;
}
/** Reminder messages without their question or their three buttons (a user would see no way to answer). */
function incompleteCount(chatId: number): number {
  return reminderMessages(chatId).filter((m) => m.text !== reminderText(chatId) || buttonsOf(m).map((b) => b.data).join() !== REMINDER_BUTTON_IDS.join()).length;
}
const users = Array.from({ length: USERS }, (_, i) => FIRST_USER + i);
const totalReminders = (): number => users.reduce((n, id) => n + Math.min(1, reminderCount(id)), 0);
const allReminderMessages = (): number => users.reduce((n, id) => n + reminderCount(id), 0);

async function startService(): Promise<ServiceChild> {
  const child = spawnService({
    entry: 'test/support/service-process.ts',
    env: {
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      TELEGRAM_BOT_TOKEN: server.token,
      TELEGRAM_API_ROOT: server.apiRoot,
      REMINDER_SEND_RATE: String(SEND_RATE),
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
      // The reminders' own crash-recovery timings, not the shortened ones: this test measures them.
      REMINDER_TIMINGS: 'default',
    },
  });
  children.push(child);
  await child.printed('ready');
  return child;
}

/**
 * Marks in a given state, reminder id → chat id: "sending" (the reminder's send was in flight when
 * the process died) or "sent" (it went out, the person not yet moved to its buttons).
 */
async function marksIn(state: 'sending' | 'sent'): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for await (const keys of scanKeys(redis, `${prefix}:sent:*`)) {
    for (const key of keys) {
      if (markState(await redis.get(key)) !== state) continue;
      const id = key.slice(`${prefix}:sent:`.length).split(':')[0] ?? '';
      const r = await service.store.get(id);
      if (r) found.set(id, Number(r.userId));
    }
  }
  return found;
}

interface Recovery {
  /** Seconds from the kill: the restarted service ready; its first reminder delivered; every held one done. */
  ready: number;
  first: number;
  heldDone: number;
  held: number;
}
const seconds = (fromMs: number, toMs: number): number => (toMs - fromMs) / 1000;

/**
 * Watches one kill's recovery, in the background: the first reminder message after `baseline`, and
 * the end of every job the killed process held (completed jobs are removed). Never rejects: what
 * did not happen within `timeoutMs` is Infinity, which the assertions then report.
 */
async function watchRecovery(killedAt: number, held: string[], baseline: number, ready: Promise<number>, timeoutMs = 60_000): Promise<Recovery> {
  let first = Infinity;
  let heldDone = Infinity;
  let pending = [...held];
  while (Date.now() - killedAt < timeoutMs && (first === Infinity || heldDone === Infinity)) {
    // (A kill after the last delivery leaves none to wait for.)
    if (first === Infinity && (allReminderMessages() > baseline || totalReminders() === USERS)) first = seconds(killedAt, Date.now());
    if (heldDone === Infinity) {
      const exists = await Promise.all(pending.map(async (id) => (await service.queue.queue.getJob(id)) !== undefined));
      pending = pending.filter((_, i) => exists[i]);
      if (pending.length === 0) heldDone = seconds(killedAt, Date.now());
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { ready: seconds(killedAt, await ready.catch(() => Infinity)), first, heldDone, held: held.length };
}

const recoveryOf = (r: Recovery): number => Math.max(r.first, r.heldDone);
const limitOf = (r: Recovery): number => Math.max(RECOVERY_LIMIT_S, r.ready + AFTER_RESTART_LIMIT_S);

it(`delivers ${USERS} reminders exactly once across ${KILLS} SIGKILLs of the service (seed ${SEED})`, async () => {
  const random = seededRandom(SEED);
  const started = Date.now();
  for (const id of users) server.createPrivateChat({ id, first_name: `P${id}` });
  server.failNext('sendMessage', { delayMs: SEND_MS }, 100 * USERS); // every one, resends included
  let current = await startService();

  const now = new Date();
  const due = new Date(now.getTime() + 1500);
  for (const id of users) {
    const r = await service.create({ address: { channel: 'telegram', userId: String(id) }, locale: 'fr', procedure: other, words: wordsOf(id), rule: { kind: 'once', at: due }, now });
    if (!r) throw new Error('reminder not created');
  }

  // Kill points: after a random number of deliveries (spread over the run), plus a random pause of up
  // to one rate-limiter window (1 s: BullMQ takes the jobs of a window at once), so that a kill may
  // land at any point of a burst of sends.
  const thresholds = Array.from({ length: KILLS }, (_, k) => Math.floor(((k + 0.2 + random() * 0.6) * (USERS - 20)) / KILLS) + 5);
  const reminderInDoubt = new Set<number>(); // chats whose reminder send was in flight at a kill
  let predictedReminderDuplicates = 0;
  const killLog: string[] = [];
  const watches: Array<Promise<Recovery>> = [];
  const stillHeld = new Set<string>(); // jobs held by a killed process and not yet done
  for (const threshold of thresholds) {
    await watches.at(-1); // the previous kill's recovery
    await server.waitUntil(() => totalReminders() >= threshold, { timeoutMs: 30_000, what: `${threshold} reminders delivered` });
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 1000))); // where the kill lands
    const killedAt = Date.now();
    current.kill('SIGKILL');
    expect((await current.exited).signal).toBe('SIGKILL');
    // Snapshot of what is in doubt. The dead process writes nothing more to Redis, so the marks are
    // exact; the server side is a prediction only, since a request already in its socket buffer may
    // still be recorded after this point.
    await server.waitUntil(() => server.calls('sendMessage').every((c) => c.response !== undefined || c.clientGone === true), { what: 'requests of the killed process to settle' });
    const delivered = totalReminders();
    const baseline = allReminderMessages();
    // The jobs the killed process held (still active under its lock); not those of an earlier kill.
    const held = (await service.queue.queue.getActive()).map((j) => j.id ?? '').filter((id) => id !== '' && !stillHeld.has(id));
    for (const id of held) stillHeld.add(id);
    const sending = await marksIn('sending');
    let atServer = 0;
    for (const chatId of sending.values()) {
      if (reminderInDoubt.has(chatId)) continue;
      reminderInDoubt.add(chatId);
      if (reminderCount(chatId) > 0) atServer += 1;
    }
    const toMove = (await marksIn('sent')).size;
    predictedReminderDuplicates += atServer;
    const killNo = killLog.length;
    killLog.push(
      `kill at ${delivered}/${USERS} delivered: ${sending.size} reminder send(s) in doubt (${atServer} already at the server), ` +
        `${toMove} sent reminder(s) whose person was not yet moved to its buttons`,
    );
    const restarted = startService();
    watches.push(
      watchRecovery(killedAt, held, baseline, restarted.then(() => Date.now())).then((r) => {
        for (const id of held) stillHeld.delete(id);
        killLog[killNo] += `; recovery ${recoveryOf(r).toFixed(1)} s (restarted in ${r.ready.toFixed(1)} s, first reminder after ${r.first.toFixed(1)} s, its ${r.held} held job(s) done after ${r.heldDone.toFixed(1)} s)`;
        return r;
      }),
    );
    current = await restarted;
  }

  await server
    .waitUntil(() => users.every((id) => reminderCount(id) >= 1), { timeoutMs: 30_000, what: 'every reminder' })
    .catch((err: unknown) => {
      const missing = users.filter((id) => reminderCount(id) === 0);
      throw new Error(`${(err as Error).message}\n${killLog.join('\n')}\nno reminder: ${missing.join(', ')}`);
    });
  // Every job finished: nothing left waiting, delayed or active (an in-doubt resend comes after its lease).
  const queueEmpty = async (): Promise<boolean> => {
    const counts = await service.queue.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
    return Object.values(counts).every((n) => n === 0);
  };
  await waitUntil(queueEmpty, 'every delivery job to finish', 20_000);
  const watched = await Promise.all(watches);
  const recoveries = watched.map(recoveryOf);
  current.kill('SIGTERM');
  expect(await current.exited).toEqual({ code: 0, signal: null });

  const counts = users.map((id) => reminderCount(id));
  const duplicates = users.filter((id) => reminderCount(id) > 1);
  const incomplete = users.filter((id) => incompleteCount(id) > 0);
  const notMoved = [...(await marksIn('sending')).values(), ...(await marksIn('sent')).values()];
  const failedJobs = await service.queue.queue.getJobCounts('failed');
  const figures = [
    `seed ${SEED}; ${USERS} reminders, ${KILLS} SIGKILLs, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ...killLog,
    `delivered: ${counts.filter((n) => n >= 1).length}/${USERS}; lost: ${counts.filter((n) => n === 0).length}; ` +
      `reminder messages at the server: ${counts.reduce((a, b) => a + b, 0)}; ` +
      `duplicated reminders: ${duplicates.length} (predicted ${predictedReminderDuplicates}, in doubt ${reminderInDoubt.size}); ` +
      `reminder messages without their question or buttons: ${incomplete.length}`,
  ];
  const median = (xs: number[]): string => ([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN).toFixed(1);
  const max = (xs: number[]): string => Math.max(...xs).toFixed(1);
  const afterRestart = watched.map((r) => recoveryOf(r) - r.ready);
  figures.push(
    `recovery after kill -9: median ${median(recoveries)} s, max ${max(recoveries)} s (seed ${SEED}); ` +
      `of which restarting the service: median ${median(watched.map((r) => r.ready))} s; after the restart: median ${median(afterRestart)} s, max ${max(afterRestart)} s`,
  );
  process.stdout.write(`[reliability-kill] ${figures.join('\n[reliability-kill] ')}\n`);

  expect(failedJobs.failed).toBe(0);
  expect(users.filter((id) => reminderCount(id) === 0)).toEqual([]); // no reminder lost
  // Exactly once, but for a send in flight at a kill (once or twice: nobody can know, see the top).
  expect(users.filter((id) => reminderCount(id) > (reminderInDoubt.has(id) ? 2 : 1))).toEqual([]);
  expect(duplicates.length).toBeGreaterThanOrEqual(predictedReminderDuplicates);
  // Every reminder message carries its question and its three buttons (a duplicate too), and every
  // person was moved to them (their answer goes to the buttons), the killed ones' included.
  expect(incomplete).toEqual([]);
  expect(notMoved).toEqual([]);
  // Every kill recovered within the bound (Infinity: it never did; see the kill lines above).
  expect(watched.filter((r) => !(recoveryOf(r) < limitOf(r))).map(recoveryOf)).toEqual([]);
}, 150_000);

// What makes the short lease safe: a claim lapses only when its process stops renewing it (dead),
// never during a live process's send, however slow; and only its owner releases it.
it('a "sent" claim holds while a live process sends (3 leases long), and lapses one lease after its process is gone', async () => {
  const leaseMs = 1000;
  const marks = new SentMarks(redis, `${prefix}:lease`, leaseMs);
  expect(await marks.claim('r1', 1, 'live')).toBe('claimed');
  const others: Claim[] = [];
  const started = Date.now();
  await marks.holding('r1', 1, 'live', () => waitUntil(async () => {
    others.push(await marks.claim('r1', 1, 'other'));
    return Date.now() - started > 3 * leaseMs;
  }, 'a send three leases long'));
  expect(new Set(others)).toEqual(new Set(['busy']));
  await marks.confirm('r1', 1);
  expect(await marks.claim('r1', 1, 'other')).toBe('sent');

  // A process killed after its claim: nobody renews it, and another attempt may send after the lease.
  const claimedAt = Date.now();
  expect(await marks.claim('r2', 1, 'dead')).toBe('claimed');
  expect(await marks.claim('r2', 1, 'retry')).toBe('busy');
  expect(await marks.leaseLeft('r2', 1)).toBeGreaterThan(0);
  await waitUntil(async () => (await marks.claim('r2', 1, 'retry')) === 'claimed', 'the dead claim to lapse', 5_000);
  expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(leaseMs - 20);
  // The dead attempt's late release (had it failed) leaves the new owner's claim alone.
  await marks.release('r2', 1, 'dead');
  expect(await marks.claim('r2', 1, 'third')).toBe('busy');
});
