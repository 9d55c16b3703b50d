// Reliability (issue #8): graceful shutdown of the real service (`node --import tsx src/main.ts`).
// SIGTERM while people's messages are in flight (the Bot API answers slowly): the service finishes
// them — every reply arrives — stops its workers and Redis connections, and exits 0. A second
// signal during that shutdown leaves at once (exit 130).
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startBotApiServer, type BotApiServer } from './support/bot-api-server.js';
import { connectRedis, deletePrefix, newPrefix, testRedisUrl } from './support/redis.js';
import { spawnService, type ServiceChild } from './support/service-child.js';

let server: BotApiServer;
let redis: Redis;
let prefix: string;
let child: ServiceChild | undefined;

beforeEach(async () => {
  server = await startBotApiServer();
  redis = connectRedis();
  prefix = newPrefix();
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await child?.exited;
  await deletePrefix(redis, prefix);
  await redis.quit();
  await server.close();
});

const PEOPLE = [630_001, 630_002, 630_003, 630_004];

async function startService(env: Record<string, string> = {}): Promise<ServiceChild> {
  const started = spawnService({
    entry: 'src/main.ts',
    // info: the test waits for the "shutting down" line before its second signal.
    env: { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot, LOG_LEVEL: 'info', ...env },
  });
  child = started;
  // Ready: it has asked the Bot API for updates (the reminders worker starts right after).
  await started.logged('passerelle started');
  return started;
}

/** Each person sends two messages at once (the second waits behind the first, in the chat's order). */
function everyoneWrites(): void {
  for (const id of PEOPLE) {
    server.userSends({ id, first_name: 'Test', language_code: 'fr' }, '/start');
    server.userSends({ id, first_name: 'Test', language_code: 'fr' }, 'menu');
  }
}
/** Both messages answered: each ends on the menu, a message with buttons. */
const answered = (id: number): boolean => server.sent(id).filter((m) => m.reply_markup !== undefined).length >= 2;

it('SIGTERM with messages in flight: the replies arrive, then it exits 0', async () => {
  const running = await startService();
  server.setGlobalDelay(300); // every answer of the Bot API takes 300 ms: sends are in flight
  everyoneWrites();
  // The service has taken every update (confirmed by its next getUpdates), and replies are under way.
  await server.waitForUpdatesConsumed({ timeoutMs: 10_000 });
  await server.waitForCall('sendMessage', { state: 'any' });
  const beforeSignal = PEOPLE.filter(answered).length;
  running.kill('SIGTERM');
  const exit = await running.exited;
  process.stdout.write(`[reliability-shutdown] answered before SIGTERM: ${beforeSignal}/${PEOPLE.length}; after exit: ${PEOPLE.filter(answered).length}/${PEOPLE.length}\n`);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(PEOPLE.filter((id) => !answered(id))).toEqual([]);
  expect(running.stderr()).not.toMatch(/"level":(50|60)/); // no error logged on the way out
}, 40_000);

it('a second signal during the shutdown exits at once', async () => {
  const running = await startService();
  server.setGlobalDelay(20_000); // the replies would take 20 s: the first shutdown waits for them
  everyoneWrites();
  await server.waitForCall('sendMessage', { state: 'pending', timeoutMs: 10_000 });
  running.kill('SIGTERM');
  await running.logged('shutting down');
  running.kill('SIGTERM');
  expect(await running.exited).toEqual({ code: 130, signal: null });
}, 40_000);

it('one signal is enough even when the Bot API hangs: it leaves within SHUTDOWN_TIMEOUT_SECONDS, saying what was left', async () => {
  const running = await startService({ SHUTDOWN_TIMEOUT_SECONDS: '2' });
  server.setGlobalDelay(60_000); // the replies would take a minute
  everyoneWrites();
  await server.waitForCall('sendMessage', { state: 'pending', timeoutMs: 10_000 });
  const signalled = Date.now();
  running.kill('SIGTERM');
  const exit = await running.exited;
  const seconds = (Date.now() - signalled) / 1000;
  process.stdout.write(`[reliability-shutdown] Bot API hanging: left ${seconds.toFixed(1)} s after SIGTERM (limit 2 s)\n`);
  expect(exit.code).toBe(1);
  expect(seconds).toBeLessThan(8);
  expect(running.stderr()).toMatch(/shutdown timed out/);
}, 40_000);
