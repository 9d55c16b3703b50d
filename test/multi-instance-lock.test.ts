// Two processes sharing one Redis (MULTI_INSTANCE), a person's lock much shorter than a turn
// (0.5 s here, 30 s in production): a turn held up by a slow send (WhatsApp pacing, a Telegram 429
// wait) keeps its person, because its lock is renewed while it runs; and a turn that did lose its
// person (its process stalled past the lock) cannot overwrite what the new holder wrote.
// The crash cases (kill -9 mid-turn) are in test/reliability-inbox-kill.test.ts.
import pino from 'pino';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { fixtureContent } from './support/content.js';
import { inboxKeys, inboxState, waitFor, type InboxKeys } from './support/inbox-keys.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { createTestApp } from './support/test-app.js';

const LOCK_MS = 500;
const PERSON = 'telegram:42';
const content = fixtureContent();
let redis: Redis;
let redisA: Redis;
let redisB: Redis;
let prefix: string;
let keys: InboxKeys;
let apps: [App, App];
/** One recorder for both instances: its list is the order in which the person got the replies. */
let channel: RecordingChannel;
/** Sends held back by a test, let go after it even when it fails (a held turn would hang the stop). */
let held: Array<() => void>;
/** Warnings and errors both instances logged. */
let logged: Array<{ app: string; level: number; msg: string }>;

beforeEach(async () => {
  redis = connectRedis();
  redisA = connectRedis();
  redisB = connectRedis();
  prefix = newPrefix();
  keys = inboxKeys(prefix, PERSON);
  logged = [];
  held = [];
  const config = loadConfig({ REDIS_PREFIX: prefix, MULTI_INSTANCE: 'true', MULTI_INSTANCE_LOCK_SECONDS: String(LOCK_MS / 1000), FLOOD_MAX_MESSAGES: '1000' });
  const sink = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { app: string; level: number; msg: string }) });
  const build = (name: string, connection: Redis): App => createTestApp({ config, content, redis: connection, log: sink.child({ app: name }), features: [] });
  apps = [build('A', redisA), build('B', redisB)];
  channel = new RecordingChannel('telegram');
  await Promise.all(apps.map((app) => app.start([channel])));
});

afterEach(async () => {
  for (const release of held) release();
  if ((await redis.get(keys.lock)) === 'another-process') await redis.del(keys.lock); // a failed test's stand-in holder
  await Promise.all(apps.map((a) => a.stop()));
  await deletePrefix(redis, prefix);
  for (const r of [redis, redisA, redisB]) r.disconnect();
});

function inbound(text: string) {
  return { address: { channel: 'telegram' as const, userId: '42' }, content: { kind: 'text' as const, text }, receivedAt: new Date() };
}
const replies = (): string[] => channel.textsTo('42');
function hold(): () => void {
  const release = channel.hold('42');
  held.push(release);
  return release;
}
const lastWord = async (): Promise<unknown> => (JSON.parse((await redis.get(keys.session)) ?? '{}') as { vars?: { last?: unknown } }).vars?.last;

describe('a turn longer than the lock (MULTI_INSTANCE)', () => {
  it('keeps its person: the other instance does not take their next message before the turn ends', async () => {
    const [a, b] = apps;
    await a.conversations.handle({ ...inbound(''), content: { kind: 'start', payload: 'count' } });
    const before = replies().length;
    const release = hold(); // the reply to m1 waits, as behind a slow platform
    const first = a.conversations.receive(inbound('m1'));
    await waitFor(async () => (await inboxState(redis, keys, PERSON)).inProgress === 1, 'A to start the turn of m1');
    const holder = await redis.get(keys.lock);
    const second = b.conversations.receive(inbound('m2'));
    await second.accepted;

    // Watch the lock until it was renewed 9 times (3 lock periods: without renewal it would have
    // expired 3 times over, and B, which polls every 100 ms at most, would have taken the person).
    let renewals = 0;
    let lastTtl = await redis.pttl(keys.lock);
    await waitFor(
      async () => {
        const state = await inboxState(redis, keys, PERSON);
        expect(state).toEqual({ queued: 1, inProgress: 1, holder, listed: true }); // m2 waits; A holds the person
        const ttl = await redis.pttl(keys.lock);
        if (ttl > lastTtl) renewals += 1;
        lastTtl = ttl;
        return renewals >= 9;
      },
      'the lock to be renewed 9 times',
    );
    expect(replies().length).toBe(before);

    release();
    await Promise.all([first.handled, second.handled]);
    expect(replies().slice(before)).toEqual(['Reçu m1.', 'Envoyez un mot.', 'Reçu m2.', 'Envoyez un mot.']);
    expect(await lastWord()).toBe('m2'); // no session write lost
    expect(await inboxState(redis, keys, PERSON)).toEqual({ queued: 0, inProgress: 0, holder: null, listed: false });
    expect(logged).toEqual([]);
  });

  it('lost its person (stalled past the lock): its session write is refused, the new holder\'s state stays, the message is handled again', async () => {
    const [a] = apps;
    await a.conversations.handle({ ...inbound(''), content: { kind: 'start', payload: 'count' } });
    await a.conversations.handle(inbound('m1'));
    const before = replies().length;
    const release = hold();
    const stale = a.conversations.receive(inbound('m2'));
    await waitFor(async () => (await inboxState(redis, keys, PERSON)).inProgress === 1, 'A to start the turn of m2');

    // As if A had stalled longer than the lock: it expired, another process took the person and
    // wrote their state (here by hand, so that the test knows exactly what it wrote).
    const stored = JSON.parse((await redis.get(keys.session)) ?? '{}') as { vars: Record<string, unknown> };
    const written = JSON.stringify({ ...stored, vars: { ...stored.vars, last: 'written by the new holder' } });
    await redis.set(keys.lock, 'another-process', 'PX', 60_000);
    await redis.set(keys.session, written);
    await waitFor(() => logged.some((l) => l.app === 'A' && l.msg.startsWith("lost a person's lock")), 'A to notice that its lock is gone');

    // A wakes up: its turn ends (its replies were on their way: a send cannot be taken back)…
    release();
    await channel.waitFor(() => replies().length === before + 2);
    expect(replies().slice(before)).toEqual(['Reçu m2.', 'Envoyez un mot.']);
    // …but its session write is refused, and m2 stays in the processing list for the holder.
    await waitFor(() => logged.some((l) => l.app === 'A' && l.msg.startsWith('session not saved')), 'A to refuse its session write');
    expect(await redis.get(keys.session)).toBe(written);
    expect(await inboxState(redis, keys, PERSON)).toEqual({ queued: 0, inProgress: 1, holder: 'another-process', listed: true });

    // The other process lets go without having handled m2 (say it stopped): m2 is handled from the
    // processing list, on top of the state that process left.
    await redis.del(keys.lock);
    await stale.handled;
    expect(replies().slice(before)).toEqual(['Reçu m2.', 'Envoyez un mot.', 'Reçu m2.', 'Envoyez un mot.']);
    expect(await lastWord()).toBe('m2');
    expect(await inboxState(redis, keys, PERSON)).toEqual({ queued: 0, inProgress: 0, holder: null, listed: false });
  });
});
