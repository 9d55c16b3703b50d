// The real app with the Telegram channel, the handoff feature and a recording "whatsapp" channel,
// against the local Bot API server whose forum supergroup is the staff chat. Real flows and texts.
// The handoff's clock is fixed by the test (presence hours); the sweep is driven with service.tick().
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from 'grammy/types';
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

export interface HandoffAppOptions {
  now: Date;
  env?: Record<string, string>;
  staffChat?: boolean;
  before?: FeatureFactory[];
  after?: FeatureFactory[];
  /** A teams.yaml to use instead of flows/data/teams.yaml (the rest of flows/data is copied). */
  teamsYaml?: string;
  /** Reuse a server and a Redis prefix (a restart with another configuration). */
  server?: BotApiServer;
  prefix?: string;
}

export async function startHandoffApp(opts: HandoffAppOptions): Promise<HandoffApp> {
  const server = opts.server ?? (await startBotApiServer());
  if (opts.staffChat !== false && !opts.server) server.createSupergroup(STAFF_CHAT, { isForum: true, title: 'Promeneurs du Net' });
  const redis = connectRedis();
  const prefix = opts.prefix ?? newPrefix();
  const flowsDir = opts.teamsYaml === undefined ? undefined : flowsWithTeams(opts.teamsYaml);
  const config = loadConfig({
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    HTTP_PORT: '0',
    TELEGRAM_BOT_TOKEN: server.token,
    TELEGRAM_API_ROOT: server.apiRoot,
    TELEGRAM_MAX_PER_SECOND: '0',
    TELEGRAM_MAX_PER_CHAT_PER_SECOND: '0',
    TELEGRAM_STAFF_MAX_PER_MINUTE: '0',
    TELEGRAM_STAFF_CHAT_ID: String(STAFF_CHAT),
    HANDOFF_SWEEP_SECONDS: '3600',
    ...(flowsDir ? { FLOWS_DIR: flowsDir } : {}),
    ...opts.env,
  });
  const clock = { now: opts.now };
  let service: HandoffService | undefined;
  const handoff = createHandoffFeature({ clock: () => clock.now, onService: (s) => (service = s) });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = createTestApp({ config, content: realContent(), redis, log, features: [...(opts.before ?? []), telegramFeature, ...(opts.after ?? []), handoff], clock: () => clock.now });
  const whatsapp = new RecordingChannel('whatsapp');
  // A test that runs the real WhatsApp channel (a feature in `after`) keeps it: no recording one then.
  const realWhatsApp = app.platformChannels.some((c) => c.id === 'whatsapp');
  await app.start([...app.platformChannels, ...(realWhatsApp ? [] : [whatsapp])]);
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
      if (!opts.server) await server.close();
      if (!opts.prefix) await deletePrefix(redis, prefix);
      await redis.quit();
      if (flowsDir) rmSync(flowsDir, { recursive: true, force: true });
    },
  };
}

export function buttonsOf(m: SentMessage): Array<{ text: string; data: string }> {
  const markup = m.reply_markup;
  if (!markup || !('inline_keyboard' in markup)) return [];
  return markup.inline_keyboard.flat().flatMap((b) => ('callback_data' in b && b.callback_data !== undefined ? [{ text: b.text, data: b.callback_data }] : []));
}

/** A copy of flows/data with another teams.yaml (the handoff reads its data under FLOWS_DIR/data). */
function flowsWithTeams(teamsYaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-teams-'));
  cpSync(join(process.cwd(), 'flows', 'data'), join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'teams.yaml'), teamsYaml);
  return dir;
}

/** The first message the bot sent in a chat after message `after` whose text holds `text`. */
export async function sentTo(app: HandoffApp, chatId: number, text: string, after = 0): Promise<SentMessage> {
  const found = await app.server.waitForSent((m) => m.chat_id === chatId && m.message_id > after && (m.text ?? '').includes(text));
  const first = found[0];
  if (!first) throw new Error('unreachable');
  return first;
}

export function lastId(app: HandoffApp, chatId: number): number {
  return Math.max(0, ...app.server.sent(chatId).map((m) => m.message_id));
}

/** A topic's current name, from its service messages (created, then edits). */
export function topicName(app: HandoffApp, thread: number, chat = STAFF_CHAT): string | undefined {
  const history: Message[] = app.server.history(chat);
  let name = history.find((m) => m.message_id === thread)?.forum_topic_created?.name;
  for (const m of history) if (m.message_thread_id === thread && m.forum_topic_edited?.name) name = m.forum_topic_edited.name;
  return name;
}
