// The real app with the reminders feature (and optionally Telegram), real flows and texts, a fresh
// Redis prefix, and a recording channel. Used by test/reminders-*.test.ts and the child worker.
import type { Redis } from 'ioredis';
import pino from 'pino';
import type { App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Channel } from '../../src/core/channel.js';
import type { FeatureFactory } from '../../src/features.js';
import { realContent } from './real-content.js';
import { createRemindersFeature, type RemindersFeature, type RemindersFeatureOptions } from '../../src/reminders/feature.js';
import { createTestApp } from './test-app.js';

export { realContent, text as tr } from './real-content.js';

export interface RemindersApp {
  app: App;
  config: Config;
  reminders: RemindersFeature;
}

export interface RemindersAppOptions {
  redis: Redis;
  prefix: string;
  channels: Channel[];
  env?: Record<string, string>;
  clock?: () => Date;
  feature?: RemindersFeatureOptions;
  /** Features to add before the reminders (e.g. Telegram); they may provide channels. */
  before?: FeatureFactory[];
}

export async function startRemindersApp(o: RemindersAppOptions): Promise<RemindersApp> {
  const config = loadConfig({ REDIS_PREFIX: o.prefix, LOG_LEVEL: 'silent', HTTP_PORT: '0', ...o.env });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let reminders: RemindersFeature | undefined;
  const factory: FeatureFactory = (deps) => {
    reminders = createRemindersFeature(deps, { ...o.feature, worker: { retryBaseMs: 50, ...o.feature?.worker } });
    return reminders;
  };
  const app = createTestApp({ config, content: realContent(), redis: o.redis, log, features: [...(o.before ?? []), factory], ...(o.clock ? { clock: o.clock } : {}) });
  await app.start([...app.platformChannels, ...o.channels]);
  if (!reminders) throw new Error('the reminders feature was not built');
  return { app, config, reminders };
}

/** Waits for a condition that depends on Redis or another process (checked every 20 ms). */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
