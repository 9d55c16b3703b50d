// Two processes sharing one Redis (two instances behind one webhook address): one person's
// messages, arriving alternately at each, are still handled in the order they arrived.
import pino from 'pino';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { fixtureContent } from './support/content.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { createTestApp } from './support/test-app.js';

const content = fixtureContent();
let redisA: Redis;
let redisB: Redis;
let prefix: string;
let apps: App[];
/** One recorder for both instances: its list is the real order in which replies went out. */
let channel: RecordingChannel;

beforeEach(async () => {
  redisA = connectRedis();
  redisB = connectRedis();
  prefix = newPrefix();
  const config = loadConfig({ REDIS_PREFIX: prefix, MULTI_INSTANCE: 'true', FLOOD_MAX_MESSAGES: '1000' });
  apps = [redisA, redisB].map((redis) => createTestApp({ config, content, redis, log: pino({ level: 'silent' }), features: [] }));
  channel = new RecordingChannel('telegram');
  await Promise.all(apps.map((app) => app.start([channel])));
});

afterEach(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await deletePrefix(redisA, prefix);
  redisA.disconnect();
  redisB.disconnect();
});

function inbound(text: string) {
  return { address: { channel: 'telegram' as const, userId: '42' }, content: { kind: 'text' as const, text }, receivedAt: new Date() };
}

describe('several instances on one Redis', () => {
  it('keeps one person\'s order when messages arrive alternately at two instances', async () => {
    const [a, b] = apps as [App, App];
    await a.conversations.handle({ ...inbound(''), content: { kind: 'start', payload: 'count' } });
    const handled: Array<Promise<void>> = [];
    for (let i = 1; i <= 40; i++) {
      const app = i % 2 === 1 ? a : b;
      const { accepted, handled: done } = app.conversations.receive(inbound(`m${i}`));
      handled.push(done);
      await accepted; // the next message "arrives" once this one is queued, as with a webhook
    }
    await Promise.all(handled);
    const replies = channel.textsTo('42').filter((t) => t.startsWith('Reçu '));
    expect(replies).toEqual(Array.from({ length: 40 }, (_, i) => `Reçu m${i + 1}.`));
    const state = JSON.parse((await redisA.get(`${prefix}:session:telegram:42`)) ?? '{}') as { vars: { last: string } };
    expect(state.vars.last).toBe('m40');
    expect(await redisA.keys(`${prefix}:inbox:*`)).toEqual([]);
    expect(await redisA.keys(`${prefix}:lock:*`)).toEqual([]);
  });

  it('waits for messages still in the Redis inbox when stopping (graceful shutdown)', async () => {
    const [a] = apps as [App, App];
    await a.conversations.handle({ ...inbound(''), content: { kind: 'start', payload: 'count' } });
    for (let i = 1; i <= 10; i++) void a.conversations.receive(inbound(`w${i}`)).handled;
    await a.conversations.idle();
    expect(channel.textsTo('42').filter((t) => t.startsWith('Reçu w'))).toHaveLength(10);
  });

  it('different people are served by both instances at once: one stuck turn holds nobody else', async () => {
    const [a, b] = apps as [App, App];
    const say = (app: App, userId: string): Promise<void> => app.conversations.handle({ ...inbound('bonjour'), address: { channel: 'telegram', userId } });
    // Person 100's reply hangs on instance A (a slow send) while it holds their turn…
    const release = channel.hold('100');
    let stuckDone = false;
    const stuck = say(a, '100').then(() => (stuckDone = true));
    // …and meanwhile 20 other people are served by both instances, to the end of their turns.
    const others = Array.from({ length: 20 }, (_, i) => String(101 + i));
    await Promise.all(others.map((id, i) => say(i % 2 ? a : b, id)));
    for (const id of others) expect(channel.textsTo(id).length).toBeGreaterThan(0);
    expect(stuckDone).toBe(false);
    expect(channel.textsTo('100')).toEqual([]);
    release();
    await stuck;
    expect(channel.textsTo('100').length).toBeGreaterThan(0);
  });
});
