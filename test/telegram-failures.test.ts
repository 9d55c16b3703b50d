// Telegram failures: 429 with retry_after, a user who blocked the bot (403), and pacing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GrammyError, HttpError } from 'grammy';
import { OutboundLimiter } from '../src/channels/telegram/rate-limit.js';
import { translateError } from '../src/channels/telegram/telegram-channel.js';
import { ChannelUnavailableError, RecipientBlockedError } from '../src/core/errors.js';
import type { Address } from '../src/core/message.js';
import { startTelegramApp, t, type TelegramApp } from './support/telegram-app.js';

const amina = { id: 2101, first_name: 'Amina', language_code: 'fr' };
const bruno = { id: 2102, first_name: 'Bruno', language_code: 'fr' };

describe('Telegram: API failures', () => {
  let tg: TelegramApp;
  beforeEach(async () => {
    tg = await startTelegramApp();
  });
  afterEach(async () => {
    await tg.close();
  });

  it('waits retry_after on a 429, then sends', async () => {
    tg.server.failNext('sendMessage', { code: 429, retryAfter: 1 });
    tg.server.userSends(amina, '/start');
    await tg.server.waitForSent({ chatId: amina.id, text: t('fr', 'core.menu.prompt') }, { timeoutMs: 5000 });
    const calls = tg.server.calls('sendMessage');
    expect(calls[0]?.response).toMatchObject({ ok: false, error_code: 429 });
    expect(calls[1]?.params.text).toBe(calls[0]?.params.text); // the same message, retried
    expect(tg.server.sent(amina.id).map((m) => m.text)).toEqual([t('fr', 'core.welcome'), t('fr', 'core.menu.prompt')]);
  });

  it('turns a 403 into RecipientBlockedError; the router is told; other people are served', async () => {
    const blocked: Address[] = [];
    tg.app.router.onRecipientBlocked(async (address) => {
      blocked.push(address);
    });
    tg.server.userSends(amina, '/start');
    await tg.server.waitForSent({ chatId: amina.id, text: t('fr', 'core.menu.prompt') });

    tg.server.userBlocksBot(amina.id);
    await expect(tg.channel.send({ channel: 'telegram', userId: String(amina.id) }, { text: 'x' })).rejects.toBeInstanceOf(RecipientBlockedError);

    // A message still in flight when she blocked the bot: its reply fails quietly.
    tg.server.userSends(amina, 'menu');
    tg.server.userSends(bruno, '/start');
    await tg.server.waitForSent({ chatId: bruno.id, text: t('fr', 'core.menu.prompt') });
    await tg.server.waitUntil(() => blocked.length >= 1 || undefined, { what: 'onBlocked' });
    expect(blocked[0]).toEqual({ channel: 'telegram', userId: String(amina.id) });

    tg.server.userUnblocksBot(amina.id);
    tg.server.userSends(amina, 'menu');
    await tg.server.waitForSent({ chatId: amina.id, text: t('fr', 'core.menu.prompt'), count: 2 });
  });

  it('retries a 5xx answer with back-off, then sends', async () => {
    tg.server.failNext('sendMessage', { code: 502 });
    tg.server.userSends(amina, '/start');
    await tg.server.waitForSent({ chatId: amina.id, text: t('fr', 'core.menu.prompt') }, { timeoutMs: 8000 });
    expect(tg.server.calls('sendMessage')[0]?.response).toMatchObject({ ok: false, error_code: 502 });
    expect(tg.server.sent(amina.id).map((m) => m.text)).toEqual([t('fr', 'core.welcome'), t('fr', 'core.menu.prompt')]);
  });
});

describe('Telegram: errors named for what failed', () => {
  it('maps 403 to RecipientBlockedError, 5xx and network failures to ChannelUnavailableError', () => {
    const answer = (code: number): GrammyError => new GrammyError('call failed', { ok: false, error_code: code, description: `Error ${code}` }, 'sendMessage', {});
    expect(translateError(answer(403))).toBeInstanceOf(RecipientBlockedError);
    expect(translateError(answer(502))).toBeInstanceOf(ChannelUnavailableError);
    expect(translateError(answer(429))).toBeInstanceOf(ChannelUnavailableError);
    expect(translateError(new HttpError('network', new Error('ECONNRESET')))).toBeInstanceOf(ChannelUnavailableError);
    expect(translateError(answer(400))).toBeInstanceOf(Error);
    // The request (message text included) is left out, so logging the error cannot leak it.
    expect(JSON.stringify((translateError(answer(403)) as Error).cause)).not.toContain('payload');
  });
});

describe('Telegram: outbound pacing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps one chat to its pace after the burst and the whole bot to its rate; nothing is dropped', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new OutboundLimiter({ perSecond: 25, perChatPerSecond: 1, chatBurst: 3 }, () => Date.now());
    const sentAt: Array<{ chat: string; at: number }> = [];
    const send = (chat: string): Promise<void> => limiter.acquire(chat).then(() => void sentAt.push({ chat, at: Date.now() }));
    const all = [...Array.from({ length: 5 }, () => send('a')), ...Array.from({ length: 50 }, (_, i) => send(`c${i}`))];
    await vi.runAllTimersAsync();
    await Promise.all(all);

    expect(sentAt).toHaveLength(55);
    const a = sentAt.filter((s) => s.chat === 'a').map((s) => s.at);
    // Between any two of chat a's messages: at most the burst plus one per second elapsed.
    for (let i = 0; i < a.length; i++) for (let j = i + 1; j < a.length; j++) expect(j - i + 1).toBeLessThanOrEqual(3 + (a[j]! - a[i]!) / 1000);
    expect(a[3]! - a[0]!).toBeGreaterThanOrEqual(1000);
    // Never more than 25 in any one-second window.
    const times = sentAt.map((s) => s.at).sort((x, y) => x - y);
    for (let i = 25; i < times.length; i++) expect(times[i]! - times[i - 25]!).toBeGreaterThanOrEqual(1000);
  });

  it('lets everything through at once when the limits are lifted', async () => {
    const limiter = new OutboundLimiter({ perSecond: 0, perChatPerSecond: 0, chatBurst: 1 });
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire('a')));
  });
});
