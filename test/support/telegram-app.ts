// The real app (createApp) with only the Telegram feature, pointed at the local Bot API server, with a
// fresh Redis prefix and fixed test content (telegram-content.ts), so the full path runs:
// grammY → engine → Redis session → sendMessage. Used by test/telegram-*.test.ts.
import pino from 'pino';
import type { Redis } from 'ioredis';
import type { App } from '../../src/app.js';
import { telegramChannelOf, telegramFeature } from '../../src/channels/telegram/feature.js';
import type { TelegramChannel } from '../../src/channels/telegram/telegram-channel.js';
import { loadConfig } from '../../src/config.js';
import { startBotApiServer, type BotApiServer } from './bot-api-server.js';
import { connectRedis, deletePrefix, newPrefix } from './redis.js';
import { testContent } from './telegram-content.js';
import { createTestApp } from './test-app.js';

export { t, testContent } from './telegram-content.js';

export interface TelegramApp {
  server: BotApiServer;
  app: App;
  channel: TelegramChannel;
  redis: Redis;
  prefix: string;
  close(): Promise<void>;
}

/**
 * Starts the local Bot API server and the app. `env` adds or overrides variables; outbound pacing is
 * lifted unless the test sets it.
 */
export async function startTelegramApp(env: Record<string, string> = {}, server?: BotApiServer): Promise<TelegramApp> {
  const api = server ?? (await startBotApiServer());
  const redis = connectRedis();
  const prefix = newPrefix();
  const config = loadConfig({
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    HTTP_PORT: '0',
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_MAX_PER_SECOND: '0',
    TELEGRAM_MAX_PER_CHAT_PER_SECOND: '0',
    ...env,
  });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = createTestApp({ config, content: testContent(), redis, log, features: [telegramFeature] });
  await app.start(app.platformChannels);
  const channel = telegramChannelOf(app.router);
  if (!channel) throw new Error('the Telegram channel did not start');
  return {
    server: api,
    app,
    channel,
    redis,
    prefix,
    async close() {
      await app.stop();
      await api.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}
