// "oubli" with MULTI_INSTANCE: the erasure removes the person's keys, their inbox lock included,
// in the middle of the turn that runs it. That turn still ends cleanly: answered, nothing of the
// person left in Redis (not even in the set of people with messages), no warning, and the person
// is served again as a newcomer.
import pino from 'pino';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadContent, type Content } from '../src/content.js';
import { formatDataError } from '../src/data/load-yaml.js';
import { translate } from '../src/i18n/locales.js';
import { privacyFeature } from '../src/privacy/feature.js';
import { fixtureDirs } from './support/content.js';
import { inboxKeys } from './support/inbox-keys.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { createTestApp } from './support/test-app.js';

let redis: Redis;
let prefix: string;
let app: App;
let channel: RecordingChannel;
let content: Content;
let logged: Array<{ level: number; msg: string }>;

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  logged = [];
  const dirs = fixtureDirs(['second'], [{ flow: 'donnees', texts: 'privacy' }]);
  const loaded = loadContent({ ...dirs, actions: new Set(['locale.set', 'privacy.describe', 'privacy.erase']) });
  if (loaded.errors.length > 0) throw new Error(loaded.errors.map(formatDataError).join('\n'));
  content = loaded.content;
  const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) });
  const config = loadConfig({ REDIS_PREFIX: prefix, MULTI_INSTANCE: 'true', MULTI_INSTANCE_LOCK_SECONDS: '0.5' });
  app = createTestApp({ config, content, redis, log, features: [privacyFeature] });
  channel = new RecordingChannel('telegram');
  await app.start([channel]);
});

afterEach(async () => {
  await app.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

it('"oubli" under MULTI_INSTANCE erases the person mid-turn, and the turn ends cleanly', async () => {
  const tr = (key: string): string => translate(content.texts, 'fr', key);
  await channel.say('42', 'bonjour');
  await channel.say('42', 'oubli');
  await channel.say('42', 'oui');
  expect(channel.textsTo('42').at(-1)).toBe(tr('privacy.erased'));
  const left = await redis.keys(`${prefix}:*`);
  expect(left.filter((k) => k.includes('telegram:42'))).toEqual([]);
  expect(await redis.sismember(inboxKeys(prefix, 'telegram:42').people, 'telegram:42')).toBe(0);
  expect(logged).toEqual([]);

  await channel.say('42', 'bonjour');
  expect(channel.textsTo('42').slice(-3, -1)).toEqual([tr('privacy.notice'), tr('core.welcome')]);
});
