// Reliability (issue #8): the whole service is SIGKILLed 5 times while it delivers 200 reminders to
// 200 Telegram users, and restarted each time. Every reminder message is counted at the local Bot
// API server (which lives in this test process and survives the kills).
//
// Exactly once, and its one honest exception: a kill can land after the Bot API server has taken a
// sendMessage and before the service recorded "sent" in Redis. Telegram has no idempotency key, so
// nobody can tell whether that message went out; the service resends it once the claim's lease
// expires (src/reminders/sent-marks.ts: a rare duplicate rather than a lost reminder). The same
// holds for the buttons that follow each reminder (sent, not yet marked "prompted").
// So right after each kill the test reads which sends were in doubt (Redis marks: exact, the dead
// process writes nothing more) and which of those the server already had (a sure duplicate).
// It asserts: no reminder and no buttons lost; every reminder not in doubt arrives exactly once;
// one in doubt arrives once or twice, and at least the sure duplicates happen. It prints figures.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { procedureById } from './support/real-content.js';
import { scanKeys } from '../src/redis/scan.js';
import type { Redis } from 'ioredis';
import { startBotApiServer, type BotApiServer } from './support/bot-api-server.js';
import { connectRedis, deletePrefix, newPrefix, testRedisUrl } from './support/redis.js';
import { tr, waitUntil } from './support/reminders-app.js';
import { seededRandom, spawnService, type ServiceChild } from './support/service-child.js';
import { ReminderQueue } from '../src/reminders/queue.js';
import { ReminderService } from '../src/reminders/service.js';
import { ReminderStore } from '../src/reminders/store.js';

const USERS = 200;
const KILLS = 5;
const FIRST_USER = 700_001;
// Fixed, so that every CI run kills at the same points; RELIABILITY_SEED=n tries others (printed below).
const SEED = Number(process.env.RELIABILITY_SEED ?? 975_819);

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
const reminderText = (chatId: number): string =>
  tr('fr', 'rappels.delivered.message', { todo: tr('fr', 'rappels.delivered.own_words', { words: wordsOf(chatId) }), link_line: '' }).trim();
const promptText = tr('fr', 'rappels.delivered.prompt');

function reminderCount(chatId: number): number {
  return server.sent(chatId).filter((m) => m.text === reminderText(chatId)).length;
}
function promptCount(chatId: number): number {
  return server.sent(chatId).filter((m) => m.text === promptText).length;
}
const users = Array.from({ length: USERS }, (_, i) => FIRST_USER + i);
const totalReminders = (): number => users.reduce((n, id) => n + Math.min(1, reminderCount(id)), 0);

async function startService(): Promise<ServiceChild> {
  const child = spawnService({
    entry: 'test/support/service-process.ts',
    env: {
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      TELEGRAM_BOT_TOKEN: server.token,
      TELEGRAM_API_ROOT: server.apiRoot,
      REMINDER_SEND_RATE: '40',
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
      LEASE_MS: '3000',
    },
  });
  children.push(child);
  await child.printed('ready');
  return child;
}

/**
 * Marks in a given state, reminder id → chat id: "sending" (the reminder's send was in flight when
 * the process died) or "sent" (the reminder went out; its buttons may have been in flight).
 */
async function marksIn(state: 'sending' | 'sent'): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for await (const keys of scanKeys(redis, `${prefix}:sent:*`)) {
    for (const key of keys) {
      if ((await redis.get(key)) !== state) continue;
      const id = key.slice(`${prefix}:sent:`.length).split(':')[0] ?? '';
      const r = await service.store.get(id);
      if (r) found.set(id, Number(r.userId));
    }
  }
  return found;
}

it(`delivers ${USERS} reminders exactly once across ${KILLS} SIGKILLs of the service (seed ${SEED})`, async () => {
  const random = seededRandom(SEED);
  const started = Date.now();
  for (const id of users) server.createPrivateChat({ id, first_name: `P${id}` });
  let current = await startService();

  const now = new Date();
  const due = new Date(now.getTime() + 1500);
  for (const id of users) {
    const r = await service.create({ address: { channel: 'telegram', userId: String(id) }, locale: 'fr', procedure: other, words: wordsOf(id), rule: { kind: 'once', at: due }, now });
    if (!r) throw new Error('reminder not created');
  }

  // Kill points: after a random number of deliveries (spread over the run), plus a random 0–120 ms.
  const thresholds = Array.from({ length: KILLS }, (_, k) => Math.floor(((k + 0.2 + random() * 0.6) * (USERS - 20)) / KILLS) + 5);
  const reminderInDoubt = new Set<number>(); // chats whose reminder send was in flight at a kill
  const promptInDoubt = new Set<number>(); // chats whose buttons were sent but not yet marked
  let predictedReminderDuplicates = 0;
  let predictedPromptDuplicates = 0;
  const killLog: string[] = [];
  for (const threshold of thresholds) {
    await server.waitUntil(() => totalReminders() >= threshold, { timeoutMs: 30_000, what: `${threshold} reminders delivered` });
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 120))); // where the kill lands
    current.kill('SIGKILL');
    expect((await current.exited).signal).toBe('SIGKILL');
    // Snapshot of what is in doubt. The dead process writes nothing more to Redis, so the marks are
    // exact; the server side is a prediction only, since a request already in its socket buffer may
    // still be recorded after this point.
    await server.waitUntil(() => server.calls('sendMessage').every((c) => c.response !== undefined || c.clientGone === true), { what: 'requests of the killed process to settle' });
    const delivered = totalReminders();
    const sending = await marksIn('sending');
    let atServer = 0;
    for (const chatId of sending.values()) {
      if (reminderInDoubt.has(chatId)) continue;
      reminderInDoubt.add(chatId);
      if (reminderCount(chatId) > 0) atServer += 1;
    }
    let promptsAtServer = 0;
    for (const chatId of (await marksIn('sent')).values()) {
      if (promptInDoubt.has(chatId)) continue;
      promptInDoubt.add(chatId);
      if (promptCount(chatId) > 0) promptsAtServer += 1;
    }
    predictedReminderDuplicates += atServer;
    predictedPromptDuplicates += promptsAtServer;
    killLog.push(
      `kill at ${delivered}/${USERS} delivered: ${sending.size} reminder send(s) in doubt (${atServer} already at the server), ` +
        `${promptsAtServer} button prompt(s) sent and not yet marked`,
    );
    current = await startService();
  }

  await server
    .waitUntil(() => users.every((id) => reminderCount(id) >= 1 && promptCount(id) >= 1), { timeoutMs: 30_000, what: 'every reminder and its buttons' })
    .catch((err: unknown) => {
      const missing = users.filter((id) => reminderCount(id) === 0);
      const noPrompt = users.filter((id) => reminderCount(id) > 0 && promptCount(id) === 0);
      throw new Error(`${(err as Error).message}\n${killLog.join('\n')}\nno reminder: ${missing.join(', ')}\nreminder without its buttons: ${noPrompt.join(', ')}`);
    });
  // Every job finished: nothing left waiting, delayed or active (an in-doubt resend comes after its lease).
  const queueEmpty = async (): Promise<boolean> => {
    const counts = await service.queue.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
    return Object.values(counts).every((n) => n === 0);
  };
  await waitUntil(queueEmpty, 'every delivery job to finish', 20_000);
  current.kill('SIGTERM');
  expect(await current.exited).toEqual({ code: 0, signal: null });

  const counts = users.map((id) => reminderCount(id));
  const duplicates = users.filter((id) => reminderCount(id) > 1);
  const promptDuplicates = users.filter((id) => promptCount(id) > 1);
  const failedJobs = await service.queue.queue.getJobCounts('failed');
  const figures = [
    `seed ${SEED}; ${USERS} reminders, ${KILLS} SIGKILLs, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ...killLog,
    `delivered: ${counts.filter((n) => n >= 1).length}/${USERS}; lost: ${counts.filter((n) => n === 0).length}; ` +
      `reminder messages at the server: ${counts.reduce((a, b) => a + b, 0)}; ` +
      `duplicated reminders: ${duplicates.length} (predicted ${predictedReminderDuplicates}, in doubt ${reminderInDoubt.size}); ` +
      `duplicated button prompts: ${promptDuplicates.length} (predicted ${predictedPromptDuplicates}, in doubt ${promptInDoubt.size})`,
  ];
  process.stdout.write(`[reliability-kill] ${figures.join('\n[reliability-kill] ')}\n`);

  expect(failedJobs.failed).toBe(0);
  expect(users.filter((id) => reminderCount(id) === 0)).toEqual([]); // no reminder lost
  // Exactly once, but for a send in flight at a kill (once or twice: nobody can know, see the top).
  expect(users.filter((id) => reminderCount(id) > (reminderInDoubt.has(id) ? 2 : 1))).toEqual([]);
  expect(duplicates.length).toBeGreaterThanOrEqual(predictedReminderDuplicates);
  // The buttons after each reminder: never lost; twice at most where they were in doubt at a kill.
  expect(users.filter((id) => promptCount(id) === 0 || promptCount(id) > (promptInDoubt.has(id) ? 2 : 1))).toEqual([]);
  expect(promptDuplicates.length).toBeGreaterThanOrEqual(predictedPromptDuplicates);
}, 90_000);
