// Reliability (issue #15): MULTI_INSTANCE bot processes (test/support/inbox-process.ts: the real app
// with Telegram, against the local Bot API server that lives in this test process) are SIGKILLed in
// the middle of a person's turn, and another process takes over. What the person must see: every
// message answered once, in the order sent, none lost, none answered twice.
// - Killed while a reply waits (Telegram answered 429, retry in an hour): the message stays in the
//   person's processing list; a restarted process, which receives nothing from that person, finds
//   them by its sweep once the dead process's lock expires, and handles that message and the two
//   queued behind it.
// - Killed right after the session write of a turn, before the turn was marked done: the write took
//   the message off the processing list, so the next process does not answer it a second time.
// No randomness: the kills land at fixed points, found by waiting for them.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startBotApiServer, type BotApiServer } from './support/bot-api-server.js';
import { inboxKeys, inboxState, waitFor, type InboxKeys } from './support/inbox-keys.js';
import { connectRedis, deletePrefix, newPrefix, testRedisUrl } from './support/redis.js';
import { spawnService, type ServiceChild } from './support/service-child.js';
import { t } from './support/telegram-content.js';

const USER = { id: 640_001, first_name: 'Test', language_code: 'fr' };
const PERSON = `telegram:${USER.id}`;
const LOCK_SECONDS = '1';

let server: BotApiServer;
let redis: Redis;
let prefix: string;
let keys: InboxKeys;
let children: ServiceChild[];

beforeEach(async () => {
  server = await startBotApiServer();
  redis = connectRedis();
  prefix = newPrefix();
  keys = inboxKeys(prefix, PERSON);
  children = [];
});
afterEach(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  await deletePrefix(redis, prefix);
  await redis.quit();
  await server.close();
});

async function startProcess(env: Record<string, string> = {}): Promise<ServiceChild> {
  const child = spawnService({
    entry: 'test/support/inbox-process.ts',
    env: {
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      TELEGRAM_BOT_TOKEN: server.token,
      TELEGRAM_API_ROOT: server.apiRoot,
      MULTI_INSTANCE: 'true',
      MULTI_INSTANCE_LOCK_SECONDS: LOCK_SECONDS,
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  children.push(child);
  await child.printed('ready');
  return child;
}

const ask = t('fr', 'tgtest.echo_ask');
const echo = (word: string): string => t('fr', 'tgtest.echo_reply', { said: word });
const texts = (): string[] => server.sent(USER.id).map((m) => m.text ?? '');
/** What the person sees after the flow's first question: each word echoed, then the question again. */
const answersTo = (words: string[]): string[] => words.flatMap((w) => [echo(w), ask]);

/** The person opens the echo flow and gets its question. */
async function openEcho(): Promise<number> {
  server.userSends(USER, '/start echo');
  await server.waitUntil(() => texts().includes(ask), { what: 'the echo question' });
  return texts().length;
}

async function kill(child: ServiceChild): Promise<void> {
  child.kill('SIGKILL');
  expect((await child.exited).signal).toBe('SIGKILL');
}

it('SIGKILL while a reply waits (429): a restarted process answers that message once, then the queued ones in order', async () => {
  const first = await startProcess();
  const before = await openEcho();
  server.failNext('sendMessage', { code: 429, retryAfter: 3600 }); // the reply to m1 will wait an hour
  for (const word of ['m1', 'm2', 'm3']) server.userSends(USER, word);
  // The process is mid-turn on m1 (Telegram said 429: its reply waits), m2 and m3 are queued in Redis.
  await server.waitForCall('sendMessage', { predicate: (c) => c.response?.ok === false });
  await waitFor(async () => {
    const s = await inboxState(redis, keys, PERSON);
    return s.inProgress === 1 && s.queued === 2;
  }, 'm1 in progress and m2, m3 queued');
  await kill(first);
  const stranded = await inboxState(redis, keys, PERSON);
  expect(stranded).toMatchObject({ queued: 2, inProgress: 1, listed: true });
  expect(texts().slice(before)).toEqual([]);

  // A restarted process gets no update from this person: it finds them by its sweep once the dead
  // process's lock (1 s) has expired.
  const second = await startProcess();
  await server.waitUntil(() => texts().length >= before + 6, { what: 'the answers to m1, m2 and m3', timeoutMs: 20_000 });
  await second.logged('handling a message whose turn a stopped process left unfinished');
  // The person writes again: answered after the others.
  server.userSends(USER, 'm4');
  await server.waitUntil(() => texts().length >= before + 8, { what: 'the answer to m4' });
  await waitFor(async () => !(await inboxState(redis, keys, PERSON)).listed, 'the person to leave the set of people with work');

  process.stdout.write(`[reliability-inbox-kill] killed mid-turn with ${stranded.inProgress} message in progress and ${stranded.queued} queued; replies after restart: ${texts().length - before}\n`);
  expect(texts().slice(before)).toEqual(answersTo(['m1', 'm2', 'm3', 'm4']));
  expect(await inboxState(redis, keys, PERSON)).toEqual({ queued: 0, inProgress: 0, holder: null, listed: false });
  const session = JSON.parse((await redis.get(keys.session)) ?? '{}') as { vars?: { said?: string } };
  expect(session.vars?.said).toBe('m4');
  second.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
  expect(second.stderr()).not.toMatch(/"level":(50|60)/);
}, 60_000);

it('SIGKILL right after a turn\'s session write: the next process does not answer that message again', async () => {
  const first = await startProcess({ FREEZE_AFTER_SAVE: 'm1' });
  const before = await openEcho();
  for (const word of ['m1', 'm2']) server.userSends(USER, word);
  await first.printed('saved m1'); // the turn of m1 wrote the session, and goes no further
  await waitFor(async () => (await inboxState(redis, keys, PERSON)).queued === 1, 'm2 queued');
  // The write itself took m1 off the processing list: nothing is left for a successor to replay.
  expect(await inboxState(redis, keys, PERSON)).toMatchObject({ queued: 1, inProgress: 0, listed: true });
  await kill(first);
  expect(texts().slice(before)).toEqual(answersTo(['m1']));

  const second = await startProcess();
  await server.waitUntil(() => texts().length >= before + 4, { what: 'the answer to m2', timeoutMs: 20_000 });
  await waitFor(async () => !(await inboxState(redis, keys, PERSON)).listed, 'the person to leave the set of people with work');
  expect(texts().slice(before)).toEqual(answersTo(['m1', 'm2']));
  expect(await inboxState(redis, keys, PERSON)).toEqual({ queued: 0, inProgress: 0, holder: null, listed: false });
  second.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
}, 60_000);
