// Reliability (issue #8): the local Bot API server misbehaves under the running service
// (`node --import tsx src/main.ts`): 429 with retry_after, 500, dropped connections, slow answers.
// Nothing sent is lost, nothing is sent twice, and the process does not crash.
//
// A first person goes through a conversation with no fault (the reference); a second person goes
// through the same inputs while faults are injected, and 10 reminders come due meanwhile. The
// second person must receive exactly the reference's messages, in order; each reminder arrives once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { procedureById } from './support/real-content.js';
import type { Redis } from 'ioredis';
import { ReminderQueue } from '../src/reminders/queue.js';
import { ReminderService } from '../src/reminders/service.js';
import { ReminderStore } from '../src/reminders/store.js';
import { startBotApiServer, type BotApiServer, type SentMessage } from './support/bot-api-server.js';
import { connectRedis, deletePrefix, newPrefix, testRedisUrl } from './support/redis.js';
import { buttonsOf } from './support/handoff-app.js';
import { ownWordsReminder, REMINDER_BUTTON_IDS } from './support/reminders-app.js';
import { spawnService, type ServiceChild } from './support/service-child.js';

const REFERENCE = 610_001;
const PERSON = 610_002;
const REMINDED = Array.from({ length: 10 }, (_, i) => 620_001 + i);
/** Typed inputs; each ends on a question with buttons (checked on the reference run). */
const SCRIPT = ['/start', '1', 'menu', '2', 'menu'];

let server: BotApiServer;
let redis: Redis;
let prefix: string;
let child: ServiceChild | undefined;

beforeAll(async () => {
  server = await startBotApiServer();
  redis = connectRedis();
  prefix = newPrefix();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await child?.exited;
  await deletePrefix(redis, prefix);
  await redis.quit();
  await server.close();
});

const other = procedureById('other');
/** One message per reminder: the reminder, then its buttons' question (the buttons are on it). */
const reminderText = (id: number): string => ownWordsReminder(`papiers ${id}`);
const texts = (chatId: number): string[] => server.sent(chatId).map((m: SentMessage) => m.text ?? '');
const withButtons = (chatId: number): number => server.sent(chatId).filter((m) => m.reply_markup !== undefined).length;

/** Sends each input and waits for the question (a message with buttons) that ends its answer. */
async function converse(chatId: number, timeoutMs: number): Promise<number[]> {
  const countsAfterStep: number[] = [];
  for (const [i, input] of SCRIPT.entries()) {
    server.userSends({ id: chatId, first_name: 'Test', language_code: 'fr' }, input);
    await server.waitUntil(() => withButtons(chatId) >= i + 1, { timeoutMs, what: `the answer to "${input}" (chat ${chatId})` });
    countsAfterStep.push(server.sent(chatId).length);
  }
  return countsAfterStep;
}

it('429, 500, dropped connections and slow answers: every message exactly once, no crash', async () => {
  const started = Date.now();
  child = spawnService({
    entry: 'src/main.ts',
    env: { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot, QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00' },
  });
  let crashed = false;
  const running = child;
  void running.exited.then(({ signal }) => {
    if (signal !== null || running.child.exitCode !== 0) crashed = true;
  });

  const reference = await converse(REFERENCE, 15_000);

  // Reminders due in a second, while the faults below are being served.
  const service = new ReminderService(new ReminderStore(redis, prefix), new ReminderQueue({ connection: redis, prefix }), {
    timeZone: 'Europe/Paris',
    quietHours: { start: '00:00', end: '00:00' },
  });
  const now = new Date();
  for (const id of REMINDED) {
    server.createPrivateChat({ id, first_name: `R${id}` });
    await service.create({ address: { channel: 'telegram', userId: String(id) }, locale: 'fr', procedure: other, words: `papiers ${id}`, rule: { kind: 'once', at: new Date(now.getTime() + 1000) }, now });
  }
  await service.queue.close();

  server.setGlobalDelay(150);
  server.failNext('sendMessage', { code: 429, retryAfter: 1 }, 4);
  server.failNext('sendMessage', { code: 500 }, 2);
  server.failNext('sendMessage', { disconnect: true }, 1);
  server.failNext('sendMessage', { delayMs: 1500 }, 2);
  const faulty = await converse(PERSON, 40_000);
  await server.waitUntil(() => REMINDED.every((id) => texts(id).includes(reminderText(id))), { timeoutMs: 40_000, what: 'every reminder with its buttons' });
  server.setGlobalDelay(0);

  const injected = server.calls('sendMessage').filter((c) => c.clientGone === true || (c.response !== undefined && !c.response.ok));
  process.stdout.write(
    `[reliability-faults] ${SCRIPT.length} inputs, ${texts(REFERENCE).length} replies; ${REMINDED.length} reminders; ` +
      `${injected.length} sendMessage calls failed or dropped by injection; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  expect(injected.length).toBeGreaterThanOrEqual(7);
  expect(faulty).toEqual(reference);
  expect(texts(PERSON)).toEqual(texts(REFERENCE));
  for (const id of REMINDED) {
    expect(texts(id)).toEqual([reminderText(id)]);
    expect(server.sent(id).map((m) => buttonsOf(m).map((b) => b.data))).toEqual([REMINDER_BUTTON_IDS]);
  }
  expect(crashed).toBe(false);

  running.kill('SIGTERM');
  expect(await running.exited).toEqual({ code: 0, signal: null });
}, 60_000);
