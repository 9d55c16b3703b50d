// The Telegram channel end to end: grammY's real client against the local Bot API server, the real
// app (engine, Redis sessions), long polling through @grammyjs/runner.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SentMessage } from './support/bot-api-server.js';
import { startTelegramApp, t, type TelegramApp } from './support/telegram-app.js';

const amina = { id: 2001, first_name: 'Amina', language_code: 'fr' };
const karim = { id: 2002, first_name: 'Karim', language_code: 'ar' };

let tg: TelegramApp;
beforeEach(async () => {
  tg = await startTelegramApp();
});
afterEach(async () => {
  await tg.close();
});

function buttons(m: SentMessage): Array<{ text: string; data: string }> {
  const markup = m.reply_markup;
  if (!markup || !('inline_keyboard' in markup)) return [];
  return markup.inline_keyboard.flat().flatMap((b) => ('callback_data' in b && b.callback_data !== undefined ? [{ text: b.text, data: b.callback_data }] : []));
}

/** Waits for the next message of the chat containing `text` (after the `after` first ones). */
async function nextSent(chatId: number, text: string, after = 0): Promise<SentMessage> {
  const found = await tg.server.waitForSent((m) => m.chat_id === chatId && m.message_id > after && (m.text ?? '').includes(text));
  const first = found[0];
  if (!first) throw new Error('unreachable: waitForSent resolved empty');
  return first;
}

describe('Telegram: the menu', () => {
  it('works by buttons: the press is answered, the chosen label shown, the old buttons removed', async () => {
    tg.server.userSends(amina, '/start');
    await nextSent(amina.id, t('fr', 'core.welcome'));
    const menu = await nextSent(amina.id, t('fr', 'core.menu.prompt'));
    expect(buttons(menu)).toEqual([{ text: t('fr', 'core.menu.language'), data: 'menu:main:langue' }]);

    tg.server.userPressesButton(amina, menu.message_id, t('fr', 'core.menu.language'));
    const question = await nextSent(amina.id, t('fr', 'core.language.prompt'), menu.message_id);
    expect(buttons(question).map((b) => b.text)).toEqual([t('fr', 'core.language.fr'), t('fr', 'core.language.en'), t('fr', 'core.language.ar')]);
    expect(tg.server.callbackQueries().every((q) => q.answered)).toBe(true);
    const retired = tg.server.messages(amina.id).find((m) => m.message_id === menu.message_id);
    expect(retired?.text).toBe(`${t('fr', 'core.menu.prompt')}\n\n✔️ ${t('fr', 'core.menu.language')}`);
    expect(retired?.message.reply_markup).toBeUndefined();

    tg.server.userPressesButton(amina, question.message_id, t('fr', 'core.language.en'));
    const done = await nextSent(amina.id, t('en', 'core.language.done'), question.message_id);
    await nextSent(amina.id, t('en', 'core.menu.prompt'), done.message_id);
  });

  it('works by typing the digit or the label', async () => {
    tg.server.userSends(amina, 'bonjour');
    const menu = await nextSent(amina.id, t('fr', 'core.menu.prompt'));
    tg.server.userSends(amina, '1');
    const question = await nextSent(amina.id, t('fr', 'core.language.prompt'), menu.message_id);
    tg.server.userSends(amina, 'English');
    await nextSent(amina.id, t('en', 'core.language.done'), question.message_id);
  });

  it('speaks the language Telegram reports for the person', async () => {
    tg.server.userSends(karim, '/start');
    await nextSent(karim.id, t('ar', 'core.menu.prompt'));
  });

  it('answers a press on an old keyboard with the current question', async () => {
    tg.server.userSends(amina, '/start');
    const menu = await nextSent(amina.id, t('fr', 'core.menu.prompt'));
    tg.server.userSends(amina, '1'); // typed: the menu's buttons stay on screen
    const question = await nextSent(amina.id, t('fr', 'core.language.prompt'), menu.message_id);

    tg.server.userPresses(amina, menu.message_id, 'menu:main:langue');
    const stale = await nextSent(amina.id, t('fr', 'core.stale_button'), question.message_id);
    await nextSent(amina.id, t('fr', 'core.language.prompt'), stale.message_id);
    expect(tg.server.callbackQueries().every((q) => q.answered)).toBe(true);
    expect(tg.server.messages(amina.id).find((m) => m.message_id === menu.message_id)?.message.reply_markup).toBeUndefined();
  });
});

describe('Telegram: deep links, media, commands, groups', () => {
  it('/start <flow> opens the flow; a choice id over 64 bytes goes through a short hash in Redis', async () => {
    tg.server.userSends(amina, '/start promeneurs');
    // Straight to the flow: no general welcome in between.
    const question = await nextSent(amina.id, t('fr', 'tgtest.question'));
    expect(tg.server.sent(amina.id).some((m) => m.text === t('fr', 'core.welcome'))).toBe(false);
    const shown = buttons(question);
    expect(shown.map((b) => b.text)).toEqual([t('fr', 'core.yes'), t('fr', 'core.no')]);
    for (const b of shown) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
    expect(shown[0]?.data.startsWith('#')).toBe(true);

    tg.server.userPressesButton(amina, question.message_id, t('fr', 'core.yes'));
    await nextSent(amina.id, t('fr', 'tgtest.done'), question.message_id);
  });

  it('answers a voice note kindly and repeats the question', async () => {
    tg.server.userSends(amina, '/start');
    const menu = await nextSent(amina.id, t('fr', 'core.menu.prompt'));
    tg.server.userSendsKind(amina, 'voice');
    const kind = await nextSent(amina.id, t('fr', 'core.unsupported'), menu.message_id);
    await nextSent(amina.id, t('fr', 'core.menu.prompt'), kind.message_id);
  });

  it('publishes the commands menu in fr, en and ar; /menu stands for the word "menu"', async () => {
    expect(tg.server.commands(undefined, 'fr').map((c) => c.command)).toEqual(['start', 'menu', 'help', 'language', 'stop']);
    expect(tg.server.commands(undefined, 'ar')[1]?.description).toBe(t('ar', 'telegram.commands.menu'));
    expect(tg.server.commands(undefined, 'en')[2]?.description).toBe(t('en', 'telegram.commands.help'));
    expect(tg.server.commands().length).toBe(5);

    tg.server.userSends(amina, '/start');
    const menu = await nextSent(amina.id, t('fr', 'core.menu.prompt'));
    tg.server.userSends(amina, '/help');
    await nextSent(amina.id, t('fr', 'core.help'), menu.message_id);
  });

  it('ignores group chats, and routes a registered staff chat to its handler', async () => {
    const staffChat = -1001000000777;
    const seen: string[] = [];
    tg.channel.onStaffUpdate(staffChat, async (ctx) => {
      seen.push(ctx.message?.text ?? '');
    });
    tg.server.userSends(amina, 'hello group', { chatId: -4000000123 });
    tg.server.userSends(amina, 'hello staff', { chatId: staffChat, chatType: 'supergroup' });
    tg.server.userSends(amina, '/start');
    await nextSent(amina.id, t('fr', 'core.menu.prompt'));
    await tg.server.waitUntil(() => seen.length === 1 || undefined, { what: 'the staff handler' });
    expect(seen).toEqual(['hello staff']);
    expect(tg.server.sent().filter((m) => m.chat_id < 0)).toEqual([]);
  });
});
