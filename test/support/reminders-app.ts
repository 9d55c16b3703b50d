// The real app with the reminders feature (and optionally Telegram), real flows and texts, a fresh
// Redis prefix, and a recording channel. Used by test/reminders-*.test.ts and the child worker.
import type { Redis } from 'ioredis';
import pino from 'pino';
import type { App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Channel } from '../../src/core/channel.js';
import type { FeatureFactory } from '../../src/features.js';
import { realContent, text } from './real-content.js';
import type { RecordingChannel } from './recording-channel.js';
import { createRemindersFeature, type RemindersFeature, type RemindersFeatureOptions } from '../../src/reminders/feature.js';
import { createTestApp } from './test-app.js';
import { loadCatalogue } from '../../src/reminders/catalogue.js';

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
  // Tests type faster than people: no flood control unless a test asks for it.
  const config = loadConfig({ REDIS_PREFIX: o.prefix, LOG_LEVEL: 'silent', HTTP_PORT: '0', FLOOD_MAX_MESSAGES: '1000', ...o.env });
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

/** One person's side of the conversation: what the bot sent back to each message, and its choices. */
export interface ReminderChat {
  /** The texts sent in answer to this message (the menu that may follow an end included). */
  say(text: string): Promise<string[]>;
  /** Opens a flow by its deep link, as `/start rappels` would. */
  open(flow: string, languageCode?: string): Promise<string[]>;
  /** The labels of the last question's choices. */
  choicesOf(text: string): string[];
}

export function chatOf(channel: RecordingChannel, userId: string): ReminderChat {
  const answer = async (send: () => Promise<void>): Promise<string[]> => {
    const before = channel.sent.length;
    await send();
    return channel.sent.slice(before).filter((s) => s.to.userId === userId).map((s) => s.message.text);
  };
  return {
    say: (text) => answer(() => channel.say(userId, text)),
    open: (flow, languageCode) => answer(() => channel.receive(userId, { kind: 'start', payload: flow }, languageCode)),
    choicesOf(text) {
      const m = channel.sent.filter((s) => s.to.userId === userId && s.message.text === text).at(-1)?.message;
      return (m?.choices ?? []).map((c) => c.label);
    },
  };
}

/** The real procedures, in the order the Pense-bête lists them. */
export const catalogue = (() => {
  const loaded = loadCatalogue();
  if (!loaded.ok) throw new Error('catalogue does not load');
  return loaded.value;
})();

/** Choices on one page of a list longer than 7 (src/engine/pages.ts): the 7th is "Autres choix". */
const PER_PAGE = 6;

/** Picks a procedure with the digits a person types: its number, after "7. Autres choix" if on the next page. */
export async function pickProcedure(chat: ReminderChat, id: string): Promise<string[]> {
  const index = catalogue.procedures.findIndex((p) => p.id === id);
  if (index < 0) throw new Error(`no procedure "${id}"`);
  if (index < PER_PAGE || catalogue.procedures.length <= PER_PAGE + 1) return chat.say(String(index + 1));
  await chat.say(String(PER_PAGE + 1));
  return chat.say(String(index - PER_PAGE + 1));
}

/**
 * What a person reads when a reminder in their own words arrives: the reminder, then on the next
 * line the question its three buttons answer, in one message.
 */
export function ownWordsReminder(words: string, locale: 'fr' | 'en' | 'ar' = 'fr'): string {
  const reminder = text(locale, 'rappels.delivered.message', { todo: text(locale, 'rappels.delivered.own_words', { words }), link_line: '' }).trim();
  return `${reminder}\n${text(locale, 'rappels.delivered.prompt')}`;
}

/** The ids of the three buttons under a delivered reminder. */
export const REMINDER_BUTTON_IDS = ['rappels-recu:delivered:done', 'rappels-recu:delivered:tomorrow', 'rappels-recu:delivered:stop'];
