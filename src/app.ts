// The composition root: builds the services from config, content and a Redis connection.
// main.ts adds the channels and signals; tests build the same app around their own channels.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ACTION_NAMES } from './actions/names.js';
import { setLocale } from './actions/locale.js';
import { ActionRegistry } from './actions/registry.js';
import type { Config } from './config.js';
import type { Content } from './content.js';
import type { Channel } from './core/channel.js';
import { ChannelRouter } from './core/router.js';
import { localeStage } from './conversation/locale-stage.js';
import { ConversationService } from './conversation/service.js';
import { parseDatePhrase } from './dates/parse.js';
import { SessionStore } from './sessions/store.js';

export interface App {
  conversations: ConversationService;
  router: ChannelRouter;
  sessions: SessionStore;
  actions: ActionRegistry;
  /** Starts every channel, each passing its messages to the conversation service. */
  start(channels: Channel[]): Promise<void>;
  /** Stops channels, waits for turns in flight. Redis is closed by the caller. */
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  content: Content;
  redis: Redis;
  log: Logger;
  clock?: () => Date;
}

export function createApp({ config, content, redis, log, clock }: AppOptions): App {
  const router = new ChannelRouter(log.child({ module: 'router' }));
  const sessions = new SessionStore(redis, config.REDIS_PREFIX, Math.round(config.SESSION_TTL_DAYS * 86_400), log.child({ module: 'sessions' }));
  const actions = new ActionRegistry().register('locale.set', setLocale);
  const missing = ACTION_NAMES.filter((name) => !actions.get(name));
  if (missing.length > 0) throw new Error(`actions without a handler: ${missing.join(', ')}`);

  const conversations = new ConversationService({
    engine: { flows: content.flows, texts: content.texts, words: content.words, timeZone: config.BOT_TIMEZONE, parseDate: parseDatePhrase },
    store: sessions,
    actions,
    sender: router,
    defaultLocale: config.DEFAULT_LOCALE,
    log: log.child({ module: 'conversation' }),
    stages: [localeStage],
    ...(clock ? { clock } : {}),
  });

  let started: Channel[] = [];
  return {
    conversations,
    router,
    sessions,
    actions,
    async start(channels) {
      for (const channel of channels) router.add(channel);
      started = channels;
      for (const channel of channels) await channel.start((message) => conversations.handle(message));
    },
    async stop() {
      await Promise.allSettled(started.map((c) => c.stop()));
      await conversations.idle();
    },
  };
}
