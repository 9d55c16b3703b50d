// A reminder due in about a second, delivered through the real Telegram channel (grammY) against
// the local Bot API server; its buttons work; a person who blocked the bot stops it. (Outages are
// first retried by the channel's auto-retry, then by the worker: see reminders-delivery.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { procedureById } from './support/real-content.js';
import type { Redis } from 'ioredis';
import { telegramFeature } from '../src/channels/telegram/feature.js';
import { jobIdOf } from '../src/reminders/queue.js';
import { startBotApiServer, type BotApiServer, type SentMessage } from './support/bot-api-server.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { startRemindersApp, tr, waitUntil, type RemindersApp } from './support/reminders-app.js';

const amina = { id: 3001, first_name: 'Amina', language_code: 'fr' };
const address = { channel: 'telegram' as const, userId: String(amina.id) };

let server: BotApiServer;
let redis: Redis;
let prefix: string;
let ctx: RemindersApp;

beforeEach(async () => {
  server = await startBotApiServer();
  redis = connectRedis();
  prefix = newPrefix();
  ctx = await startRemindersApp({
    redis,
    prefix,
    channels: [],
    before: [telegramFeature],
    env: {
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
      TELEGRAM_BOT_TOKEN: server.token,
      TELEGRAM_API_ROOT: server.apiRoot,
      TELEGRAM_MAX_PER_SECOND: '0',
      TELEGRAM_MAX_PER_CHAT_PER_SECOND: '0',
    },
  });
  // The person has talked to the bot before (Telegram lets a bot write only then).
  server.userSends(amina, '/start');
  await server.waitForSent((m) => m.chat_id === amina.id && (m.text ?? '').includes(tr('fr', 'core.menu.prompt')));
});
afterEach(async () => {
  await ctx.app.stop();
  await server.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const caf = procedureById('caf-quarterly-declaration');
const cafText = tr('fr', 'rappels.delivered.message', { todo: tr('fr', 'rappels.procedures.caf-quarterly-declaration.todo'), link_line: tr('fr', 'rappels.delivered.link', { link: 'https://caf.fr' }) });

/** A one-off CAF reminder due in about a second. */
async function dueInASecond() {
  const r = await ctx.reminders.service.create({ address, locale: 'fr', procedure: caf, rule: { kind: 'once', at: new Date(Date.now() + 1000) }, now: new Date() });
  if (!r) throw new Error('not created');
  return r;
}

async function sentWith(text: string): Promise<SentMessage> {
  const [m] = await server.waitForSent((s) => s.chat_id === amina.id && (s.text ?? '').startsWith(text), { timeoutMs: 10_000 });
  if (!m) throw new Error('unreachable');
  return m;
}

describe('reminders through Telegram', () => {
  it('arrives with the official link and its buttons in one message; "Rappelle-moi demain" works by button', async () => {
    const r = await dueInASecond();
    const reminder = await sentWith(cafText);
    expect(reminder.text).toBe(`${cafText}\n${tr('fr', 'rappels.delivered.prompt')}`);
    server.userPressesButton(amina, reminder.message_id, tr('fr', 'rappels.delivered.tomorrow'));
    await sentWith("D'accord. Je vous le redis le ");
    const stored = await ctx.reminders.service.store.get(r.id);
    expect(stored?.snoozed).toHaveLength(1);
    expect(await ctx.reminders.service.queue.queue.getJob(jobIdOf(r.id, stored?.snoozed[0] ?? 0))).toBeDefined();
    expect(server.messages(amina.id).filter((m) => (m.text ?? '').startsWith(cafText))).toHaveLength(1);
  });

  it('a person who blocked the bot: the reminder stops (no retry) and is removed', async () => {
    // Telegram's "blocked" update is handled first (listeners run in order: the reminders' one,
    // then ours); this reminder comes after it, so only the refused send can stop it.
    let told = false;
    ctx.app.router.onRecipientBlocked(async () => {
      told = true;
    });
    server.userBlocksBot(amina.id);
    await waitUntil(() => told, 'the block to be reported');
    const r = await dueInASecond();
    const job = () => ctx.reminders.service.queue.queue.getJob(jobIdOf(r.id, r.next ?? 0));
    await waitUntil(async () => (await (await job())?.getState()) === 'failed', 'the job to fail for good');
    expect((await job())?.attemptsMade).toBe(1);
    expect(await ctx.reminders.service.store.get(r.id)).toBeNull();
  });

  it('a person blocking the bot (Telegram tells us) cancels their reminders before any send', async () => {
    const r = await ctx.reminders.service.create({ address, locale: 'fr', procedure: caf, rule: { kind: 'once', at: new Date(Date.now() + 3_600_000) }, now: new Date() });
    expect(r).not.toBeNull();
    server.userBlocksBot(amina.id);
    await waitUntil(async () => (await ctx.reminders.service.store.list(address)).length === 0, 'reminders cancelled');
    expect(await ctx.reminders.service.queue.queue.getJob(jobIdOf(r?.id ?? '', r?.next ?? 0))).toBeUndefined();
  });
});
