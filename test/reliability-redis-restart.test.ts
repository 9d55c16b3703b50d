// Reliability (issue #8): the Redis server is killed (SIGKILL, after fsync) under the running service
// (`node --import tsx src/main.ts`) and started again on the same port and directory. Its
// append-only file keeps the data; the service reconnects by itself (ioredis, BullMQ's worker): a
// reminder scheduled before the restart and due after it arrives once, and a person who writes
// after the restart gets an answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedisServer, type LocalRedis } from '../src/redis/server.js';
import { procedureById } from './support/real-content.js';
import { jobIdOf, ReminderQueue } from '../src/reminders/queue.js';
import { ReminderService } from '../src/reminders/service.js';
import { ReminderStore } from '../src/reminders/store.js';
import { startBotApiServer, type BotApiServer } from './support/bot-api-server.js';
import { buttonsOf } from './support/handoff-app.js';
import { ownWordsReminder, REMINDER_BUTTON_IDS } from './support/reminders-app.js';
import { spawnService, type ServiceChild } from './support/service-child.js';

const PERSON = 424_242;
const prefix = 'reliability';
let dir: string;
let redisServer: LocalRedis;
let server: BotApiServer;
let service: ServiceChild | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-reliability-redis-'));
  redisServer = await startRedisServer({ dir, appendOnly: true });
  server = await startBotApiServer();
});
afterAll(async () => {
  service?.kill('SIGKILL');
  await service?.exited;
  await server.close();
  redisServer.process.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const other = procedureById('other');

/** One message: the reminder, then its buttons' question (the buttons are on it). */
const reminderText = ownWordsReminder('renouveler le titre');

it('a Redis restart (SIGKILL after fsync) under the service: no reminder lost, reconnects by itself', async () => {
  server.createPrivateChat({ id: PERSON, first_name: 'Amina' });
  service = spawnService({
    entry: 'src/main.ts',
    env: { REDIS_URL: redisServer.url, REDIS_PREFIX: prefix, TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot, QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00' },
  });
  const running = service;
  void running.exited.then(({ code, signal }) => {
    if (code !== 0) process.stderr.write(`service exited (code ${code}, signal ${signal}):\n${running.stderr()}\n`);
  });

  // Before the restart: the person talks to the bot, and a reminder is scheduled.
  server.userSends({ id: PERSON, first_name: 'Amina', language_code: 'fr' }, '/start');
  const firstReplies = await server.waitForSent({ chatId: PERSON }, { timeoutMs: 15_000 });
  expect(firstReplies.length).toBeGreaterThan(0);

  const admin = new Redis(redisServer.url, { maxRetriesPerRequest: null, lazyConnect: true });
  admin.on('error', () => undefined);
  await admin.connect();
  const reminders = new ReminderService(new ReminderStore(admin, prefix), new ReminderQueue({ connection: admin, prefix }), {
    timeZone: 'Europe/Paris',
    quietHours: { start: '00:00', end: '00:00' },
  });
  const now = new Date();
  const r = await reminders.create({ address: { channel: 'telegram', userId: String(PERSON) }, locale: 'fr', procedure: other, words: 'renouveler le titre', rule: { kind: 'once', at: new Date(now.getTime() + 4000) }, now });
  if (!r || r.next === null) throw new Error('reminder not created');
  expect(await (await reminders.queue.queue.getJob(jobIdOf(r.id, r.next)))?.getState()).toBe('delayed');
  await reminders.queue.close();
  admin.disconnect();

  // fsync every write, then kill -9: only what the append-only file holds survives.
  const control = new Redis(redisServer.url);
  await control.config('SET', 'appendfsync', 'always');
  await control.set(`${prefix}:test:fsync`, '1'); // one more write, fsynced with everything before it
  control.disconnect();
  const killed = new Promise<void>((resolve) => redisServer.process.once('exit', () => resolve()));
  redisServer.process.kill('SIGKILL');
  await killed;
  const sentDuringOutage = server.sent(PERSON).length;
  redisServer = await startRedisServer({ dir, port: redisServer.port, appendOnly: true });
  expect(Date.now()).toBeLessThan(r.next); // the reminder is due after the restart

  // The reminder, once, with its buttons; then nothing more for it.
  await server.waitForSent({ chatId: PERSON, text: reminderText }, { timeoutMs: 20_000 });
  const reminderMessages = server.sent(PERSON).filter((m) => (m.text ?? '').includes('renouveler le titre'));
  expect(reminderMessages.map((m) => m.text)).toEqual([reminderText]);
  expect(reminderMessages.map((m) => buttonsOf(m).map((b) => b.data))).toEqual([REMINDER_BUTTON_IDS]);

  // The person writes after the restart and gets an answer.
  const before = server.sent(PERSON).length;
  server.userSends({ id: PERSON, first_name: 'Amina', language_code: 'fr' }, 'menu');
  await server.waitForSent((m) => m.chat_id === PERSON, { count: before + 1, timeoutMs: 15_000 });

  // Graceful stop still works after the outage.
  running.kill('SIGTERM');
  expect(await running.exited).toEqual({ code: 0, signal: null });
  expect(server.sent(PERSON).filter((m) => (m.text ?? '').includes('renouveler le titre'))).toHaveLength(1); // never a second one
  process.stdout.write(
    `[reliability-redis] messages before the Redis kill: ${sentDuringOutage}; reminder messages: ${server.sent(PERSON).filter((m) => m.text === reminderText).length}; total to the person: ${server.sent(PERSON).length}\n`,
  );
}, 60_000);
