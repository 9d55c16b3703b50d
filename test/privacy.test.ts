// What a person sees of their data, and "oubli" erasing all of it (real Redis, scanned after).
import pino from 'pino';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadContent, type Content } from '../src/content.js';
import { formatDataError } from '../src/data/load-yaml.js';
import type { FeatureFactory } from '../src/features.js';
import { translate } from '../src/i18n/locales.js';
import { privacyFeature } from '../src/privacy/feature.js';
import { fixtureDirs } from './support/content.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { createTestApp } from './support/test-app.js';

function content(): Content {
  const dirs = fixtureDirs(['second'], [{ flow: 'donnees', texts: 'privacy' }]);
  const loaded = loadContent({ ...dirs, actions: new Set(['locale.set', 'privacy.describe', 'privacy.erase']) });
  if (loaded.errors.length > 0) throw new Error(loaded.errors.map(formatDataError).join('\n'));
  return loaded.content;
}

let redis: Redis;
let prefix: string;
let app: App;
let channel: RecordingChannel;
let texts: Content['texts'];

/** A feature keeping something about people, as reminders or handoff do. */
const notebook: FeatureFactory = ({ redis: r, config }) => ({
  name: 'notebook',
  personalData: {
    async describe(address) {
      return (await r.exists(`${config.REDIS_PREFIX}:note:${address.channel}:${address.userId}`)) ? ['a note'] : [];
    },
    async erase(address) {
      await r.del(`${config.REDIS_PREFIX}:note:${address.channel}:${address.userId}`);
    },
  },
});

async function build(env: Record<string, string> = {}): Promise<void> {
  const c = content();
  texts = c.texts;
  app = createTestApp({ config: loadConfig({ REDIS_PREFIX: prefix, ...env }), content: c, redis, log: pino({ level: 'silent' }), features: [privacyFeature, notebook] });
  channel = new RecordingChannel('telegram');
  await app.start([channel]);
}

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
});

afterEach(async () => {
  await app.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('privacy', () => {
  it('tells a new person what is kept and how to see or erase it, before the welcome', async () => {
    await build();
    await channel.say('42', 'bonjour');
    const shown = channel.textsTo('42');
    expect(shown[0]).toBe(translate(texts, 'fr', 'privacy.notice'));
    expect(shown[1]).toBe(translate(texts, 'fr', 'core.welcome'));
    await channel.say('42', 'menu');
    expect(channel.textsTo('42').filter((t) => t === translate(texts, 'fr', 'privacy.notice'))).toHaveLength(1);
  });

  it('"mes données" lists what every feature keeps', async () => {
    await build();
    await channel.say('42', 'bonjour');
    await redis.set(`${prefix}:note:telegram:42`, 'x');
    await channel.say('42', 'Mes données');
    const summary = channel.textsTo('42').find((t) => t.startsWith(translate(texts, 'fr', 'privacy.summary_title')));
    expect(summary).toContain(translate(texts, 'fr', 'privacy.kept.session', { days: 30 }));
    expect(summary).toContain('• a note');
  });

  it('"oubli" asks first, then erases everything about the person and nobody else', async () => {
    await build();
    await channel.say('42', 'bonjour');
    await channel.say('420', 'bonjour');
    await redis.set(`${prefix}:note:telegram:42`, 'x');
    await redis.set(`${prefix}:other:telegram:42:extra`, 'x');
    await channel.say('42', 'oubli');
    expect(channel.textsTo('42').at(-1)).toBe(translate(texts, 'fr', 'privacy.confirm_forget'));
    await channel.say('42', 'non');
    // Nothing erased: back where the person was (here the menu, asked again).
    expect(channel.textsTo('42').slice(-2)).toEqual([translate(texts, 'fr', 'privacy.kept_all'), translate(texts, 'fr', 'core.menu.prompt')]);
    expect(await redis.exists(`${prefix}:note:telegram:42`)).toBe(1);

    await channel.say('42', 'supprimer mes données');
    await channel.say('42', 'oui');
    expect(channel.textsTo('42').at(-1)).toBe(translate(texts, 'fr', 'privacy.erased'));
    const left = await redis.keys(`${prefix}:*`);
    expect(left.filter((k) => k.includes('telegram:42') && !k.includes('telegram:420'))).toEqual([]);
    expect(left).toContain(`${prefix}:session:telegram:420`);

    await channel.say('42', 'bonjour');
    expect(channel.textsTo('42').slice(-3, -1)).toEqual([translate(texts, 'fr', 'privacy.notice'), translate(texts, 'fr', 'core.welcome')]);
  });
});

describe('flood control', () => {
  it('answers one "slow down" past the limit and ignores the rest, without slowing others', async () => {
    await build({ FLOOD_MAX_MESSAGES: '5', FLOOD_WINDOW_SECONDS: '60' });
    await channel.receive('7', { kind: 'start', payload: 'count' });
    for (let i = 1; i <= 12; i++) await channel.say('7', `m${i}`);
    const shown = channel.textsTo('7');
    expect(shown.filter((t) => t.startsWith('Reçu '))).toEqual(['Reçu m1.', 'Reçu m2.', 'Reçu m3.', 'Reçu m4.']);
    expect(shown.filter((t) => t === translate(texts, 'fr', 'core.slow_down'))).toHaveLength(1);
    await channel.say('8', 'bonjour');
    expect(channel.textsTo('8')).toContain(translate(texts, 'fr', 'core.welcome'));
  });

  it("drops a flood at the door: the person's queue stays short, the others are served, the drops are counted", async () => {
    await build({ FLOOD_MAX_MESSAGES: '5', FLOOD_WINDOW_SECONDS: '60', FLOOD_MAX_QUEUED: '10' });
    await channel.receive('9', { kind: 'start', payload: 'count' });
    // 300 messages in the same instant, as a script would send them: not awaited one by one.
    const flood = Array.from({ length: 300 }, (_, i) => app.conversations.receive({ address: { channel: 'telegram', userId: '9' }, content: { kind: 'text', text: `f${i}` }, receivedAt: new Date() }).handled);
    await channel.say('10', 'bonjour');
    expect(channel.textsTo('10')).toContain(translate(texts, 'fr', 'core.welcome'));
    await Promise.all(flood);
    const shown = channel.textsTo('9');
    expect(shown.filter((t) => t.startsWith('Reçu '))).toHaveLength(4);
    expect(shown.filter((t) => t === translate(texts, 'fr', 'core.slow_down'))).toHaveLength(1);
    const metrics = await app.metrics.registry.getSingleMetricAsString('passerelle_messages_dropped_total');
    expect(metrics).toContain('passerelle_messages_dropped_total{channel="telegram"} 290');
  });
});
