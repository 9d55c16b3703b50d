// The real app with the Telegram channel, the handoff feature and a recording "whatsapp" channel,
// against the local Bot API server whose forum supergroup is the staff chat. Real flows and texts.
// The handoff's clock is fixed by the test (presence hours); the sweep is driven with service.tick().
import pino from 'pino';
import type { Redis } from 'ioredis';
import type { App } from '../../src/app.js';
import { telegramFeature } from '../../src/channels/telegram/feature.js';
import { loadConfig } from '../../src/config.js';
import { createHandoffFeature } from '../../src/handoff/feature.js';
import type { FeatureFactory } from '../../src/features.js';
import type { HandoffService } from '../../src/handoff/service.js';
import { realContent } from './real-content.js';
import { startBotApiServer, type BotApiServer, type SentMessage } from './bot-api-server.js';
import { RecordingChannel } from './recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './redis.js';
import { createTestApp } from './test-app.js';

export const STAFF_CHAT = -1009000000001;

export { realContent, text as t } from './real-content.js';

export interface HandoffApp {
  server: BotApiServer;
  app: App;
  service: HandoffService;
  whatsapp: RecordingChannel;
  redis: Redis;
  prefix: string;
  /** The handoff's clock; tests move it. */
  clock: { now: Date };
  close(): Promise<void>;
}

export async function startHandoffApp(opts: { now: Date; env?: Record<string, string>; staffChat?: boolean; before?: FeatureFactory[]; after?: FeatureFactory[] }): Promise<HandoffApp> {
  const server = await startBotApiServer();
  if (opts.staffChat !== false) server.createSupergroup(STAFF_CHAT, { isForum: true, title: 'Promeneurs du Net' });
  const redis = connectRedis();
  const prefix = newPrefix();
  const config = loadConfig({
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    HTTP_PORT: '0',
    TELEGRAM_BOT_TOKEN: server.token,
    TELEGRAM_API_ROOT: server.apiRoot,
    TELEGRAM_MAX_PER_SECOND: '0',
    TELEGRAM_MAX_PER_CHAT_PER_SECOND: '0',
    TELEGRAM_STAFF_CHAT_ID: String(STAFF_CHAT),
    HANDOFF_SWEEP_SECONDS: '3600',
    ...opts.env,
  });
  const clock = { now: opts.now };
  let service: HandoffService | undefined;
  const handoff = createHandoffFeature({ clock: () => clock.now, onService: (s) => (service = s) });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = createTestApp({ config, content: realContent(), redis, log, features: [...(opts.before ?? []), telegramFeature, ...(opts.after ?? []), handoff], clock: () => clock.now });
  const whatsapp = new RecordingChannel('whatsapp');
  await app.start([...app.platformChannels, whatsapp]);
  if (!service) throw new Error('the handoff service was not built');
  return {
    server,
    app,
    service,
    whatsapp,
    redis,
    prefix,
    clock,
    async close() {
      await app.stop();
      await server.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}

export function buttonsOf(m: SentMessage): Array<{ text: string; data: string }> {
  const markup = m.reply_markup;
  if (!markup || !('inline_keyboard' in markup)) return [];
  return markup.inline_keyboard.flat().flatMap((b) => ('callback_data' in b && b.callback_data !== undefined ? [{ text: b.text, data: b.callback_data }] : []));
}
