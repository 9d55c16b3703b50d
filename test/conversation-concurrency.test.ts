// One person's messages are handled in order and none is lost; many people are served at once.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { translate } from '../src/i18n/locales.js';
import { fixtureContent } from './support/content.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { createTestApp } from './support/test-app.js';

const content = fixtureContent();
let redis: Redis;
let prefix: string;
let app: App;
let channel: RecordingChannel;

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  app = createTestApp({ config: loadConfig({ REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', FLOOD_MAX_MESSAGES: '1000', FLOOD_MAX_QUEUED: '1000' }), content, redis, log: pino({ level: 'silent' }), features: [] });
  channel = new RecordingChannel('telegram');
  await app.start([channel]);
});

afterEach(async () => {
  await app.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('ordering and concurrency (real Redis)', () => {
  it('handles 50 messages sent at once by one person in order, losing none', async () => {
    await channel.receive('42', { kind: 'start', payload: 'count' });
    const words = Array.from({ length: 50 }, (_, i) => `m${i + 1}`);
    await Promise.all(words.map((w) => channel.say('42', w)));
    const got = channel.textsTo('42').filter((t) => t.startsWith('Reçu '));
    expect(got).toEqual(words.map((w) => `Reçu ${w}.`));
    const stored = JSON.parse((await redis.get(`${prefix}:session:telegram:42`)) ?? '{}') as { vars?: { last?: string } };
    expect(stored.vars?.last).toBe('m50');
  });

  it('serves 50 people writing at the same moment, each getting their own replies', async () => {
    const people = Array.from({ length: 50 }, (_, i) => String(1000 + i));
    await Promise.all(people.map((id) => channel.say(id, 'bonjour')));
    await Promise.all(people.map((id) => channel.say(id, '3')));
    const welcome = translate(content.texts, 'fr', 'core.welcome');
    for (const id of people) {
      const texts = channel.textsTo(id);
      expect(texts[0]).toBe(welcome);
      expect(texts.at(-1)).toBe('Envoyez un mot.');
    }
    expect(await redis.exists(...people.map((id) => `${prefix}:session:telegram:${id}`))).toBe(50);
  });

  it('speaks the platform language of a new person, until they choose another', async () => {
    await channel.receive('7', { kind: 'text', text: 'hello' }, 'ar-MA');
    expect(channel.textsTo('7')[0]).toBe(translate(content.texts, 'ar', 'core.welcome'));
    await channel.receive('7', { kind: 'text', text: 'langue' }, 'ar-MA');
    await channel.receive('7', { kind: 'text', text: '2' }, 'ar-MA');
    await channel.receive('7', { kind: 'text', text: 'menu' }, 'ar-MA');
    expect(channel.textsTo('7').at(-1)).toBe(translate(content.texts, 'en', 'core.menu.prompt'));
  });

  it('keeps a conversation for the configured time only', async () => {
    await channel.say('9', 'bonjour');
    const ttl = await redis.ttl(`${prefix}:session:telegram:9`);
    expect(ttl).toBeGreaterThan(29 * 86_400);
    expect(ttl).toBeLessThanOrEqual(30 * 86_400);
  });
});
