// A WhatsAppCloudChannel wired to the fake Graph API: real fetch, its webhook routes served by Hono on
// a random port (the fake posts there, signed), a fresh Redis prefix, inbound messages collected.
// The channel's clock follows the fake's, so advance() moves both (the 24-hour window).
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Redis } from 'ioredis';
import pino from 'pino';
import type { AddressInfo } from 'node:net';
import { WhatsAppCloudChannel, type WhatsAppCloudChannelOptions } from '../../src/channels/whatsapp-cloud/channel.js';
import { loadTemplates, type Templates } from '../../src/channels/whatsapp-cloud/templates.js';
import { translate, type Locale, type Texts } from '../../src/i18n/locales.js';
import type { Inbound } from '../../src/core/message.js';
import { startFakeGraphApi, type FakeGraphApi, type FakeGraphApiOptions } from './fake-graph-api.js';
import { connectRedis, deletePrefix, newPrefix } from './redis.js';
import { realContent } from './whatsapp-channel.js';

export const WEBHOOK_PATH = '/whatsapp';
export const VERIFY_TOKEN = 'test-verify-token';

export interface CloudTestChannel {
  fake: FakeGraphApi;
  channel: WhatsAppCloudChannel;
  redis: Redis;
  prefix: string;
  /** http://127.0.0.1:PORT/whatsapp */
  webhookUrl: string;
  inbound: Inbound[];
  waitForInbound(count: number, timeoutMs?: number): Promise<Inbound[]>;
  close(): Promise<void>;
}

/** A token and an app secret the configuration accepts (a system user's token starts with EAA). */
export const CLOUD_SECRETS = { token: 'EAAG-test-token-of-a-system-user', appSecret: 'app-secret-0123456789' } as const;

/** The environment of a service in WHATSAPP_MODE=cloud talking to `fake` (started with CLOUD_SECRETS). */
export function cloudEnv(fake: FakeGraphApi): Record<string, string> {
  return {
    WHATSAPP_ENABLED: 'true',
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_CLOUD_API_ROOT: fake.url,
    WHATSAPP_CLOUD_API_VERSION: fake.version,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: fake.phoneNumberId,
    WHATSAPP_CLOUD_TOKEN: fake.token,
    WHATSAPP_CLOUD_APP_SECRET: fake.appSecret,
    WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-token-0123456789',
  };
}

/**
 * The templates of `flows/data/whatsapp-templates.yaml` as Meta would hold them once approved: each
 * language, its body variables, and its quick-reply buttons typed with the texts of locales/.
 */
export function approvedTemplates(templates: Templates = loadTemplates('flows/data/whatsapp-templates.yaml'), texts: Texts = realContent().texts): NonNullable<FakeGraphApiOptions['templates']> {
  const approved: NonNullable<FakeGraphApiOptions['templates']> = {};
  for (const t of Object.values(templates)) {
    const quickReplies: Record<string, string[]> = {};
    for (const [locale, code] of Object.entries(t.languages)) quickReplies[code] = t.buttons.map((key) => translate(texts, locale as Locale, key));
    approved[t.name] = { languages: Object.values(t.languages), bodyParams: t.parameters.length, quickReplies };
  }
  return approved;
}

export async function startCloudChannel(
  options: { fake?: FakeGraphApiOptions; channel?: Partial<WhatsAppCloudChannelOptions>; redis?: Redis; prefix?: string } = {},
): Promise<CloudTestChannel> {
  const fake = await startFakeGraphApi({ templates: approvedTemplates(), ...options.fake });
  const redis = options.redis ?? connectRedis();
  const prefix = options.prefix ?? newPrefix();
  const channel = new WhatsAppCloudChannel({
    apiRoot: fake.url,
    apiVersion: fake.version,
    phoneNumberId: fake.phoneNumberId,
    token: fake.token,
    appSecret: fake.appSecret,
    verifyToken: VERIFY_TOKEN,
    redis,
    prefix,
    templates: loadTemplates('flows/data/whatsapp-templates.yaml'),
    ratePerSecond: 1000,
    texts: realContent().texts,
    defaultLocale: 'fr',
    log: pino({ level: 'silent' }),
    readReceipts: false,
    maxAttempts: 5,
    initialBackoffMs: 20,
    now: fake.now,
    ...options.channel,
  });
  const app = new Hono();
  app.get(WEBHOOK_PATH, channel.verificationHandler());
  app.post(WEBHOOK_PATH, channel.webhookHandler());
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  fake.setWebhook(webhookUrl);

  const inbound: Inbound[] = [];
  const waiters = new Set<() => void>();
  await channel.start(async (m) => {
    inbound.push(m);
    for (const w of waiters) w();
  });
  return {
    fake,
    channel,
    redis,
    prefix,
    webhookUrl,
    inbound,
    async waitForInbound(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (inbound.length < count) {
        if (Date.now() > deadline) throw new Error(`${inbound.length}/${count} inbound messages after ${timeoutMs} ms`);
        await new Promise<void>((r) => {
          const w = (): void => {
            waiters.delete(w);
            r();
          };
          waiters.add(w);
          setTimeout(w, 100);
        });
      }
      return inbound.slice(0, count);
    },
    async close() {
      await channel.stop();
      await fake.close();
      await new Promise<void>((r) => server.close(() => r()));
      await deletePrefix(redis, prefix);
      if (!options.redis) await redis.quit();
    },
  };
}
