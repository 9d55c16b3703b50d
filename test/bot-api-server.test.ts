// The local Bot API server, driven by grammY's real client over real HTTP.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { Api, Bot, GrammyError, HttpError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BotApiServer, startBotApiServer, TEST_TOKEN } from './support/bot-api-server.js';

const alice = { id: 1001, first_name: 'Alice', language_code: 'fr' };
const bob = { id: 1002, first_name: 'Bob' };
const FORUM = -1001234567890;

let server: BotApiServer;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeEach(async () => {
  server = await startBotApiServer();
});

afterEach(async () => {
  // Bots first (bot.stop() makes a last getUpdates call), then the servers they talk to.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
});

function newBot(token = TEST_TOKEN): Bot {
  return new Bot(token, { client: { apiRoot: server.apiRoot } });
}

function newApi(token = TEST_TOKEN): Api {
  return new Api(token, { apiRoot: server.apiRoot });
}

/** Starts long polling and resolves once the bot is polling; stops it after the test. */
async function startPolling(bot: Bot): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    bot.start({ onStart: () => resolve() }).catch(reject);
  });
  cleanups.push(() => bot.stop());
}

async function apiError(promise: Promise<unknown>): Promise<GrammyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(error)}`);
  return error;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; http: Server }> {
  const http = createServer(handler);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => http.close(resolve)));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`, http };
}

describe('identity and routing', () => {
  it('answers getMe with an identity derived from the token', async () => {
    const me = await newApi().getMe();
    expect(me).toMatchObject({ id: 123456789, is_bot: true, username: 'test_bot' });
    const other = await newApi('42:other').getMe();
    expect(other).toMatchObject({ id: 42, is_bot: true, username: 'test_42_bot' });
  });

  it('answers 404 for an unknown method, like Telegram', async () => {
    const res = await fetch(`${server.apiRoot}/bot${TEST_TOKEN}/sendTelepathy`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
  });

  it('accepts form-urlencoded and multipart bodies', async () => {
    server.userSends(alice, 'hello');
    const form = await fetch(`${server.apiRoot}/bot${TEST_TOKEN}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({
        chat_id: String(alice.id),
        text: 'form',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }),
      }),
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { text: 'form', chat: { id: alice.id } } });
    const data = new FormData();
    data.set('chat_id', String(alice.id));
    data.set('text', 'multipart');
    const multi = await fetch(`${server.apiRoot}/bot${TEST_TOKEN}/sendMessage`, { method: 'POST', body: data });
    expect(await multi.json()).toMatchObject({ ok: true, result: { text: 'multipart' } });
    expect(server.sent(alice.id).map((m) => m.text)).toEqual(['form', 'multipart']);
    expect(server.sent(alice.id)[0]?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] });
  });

  it('keeps each token apart', async () => {
    const other = server.bot('42:other');
    other.userSends(bob, 'hi other');
    server.userSends(alice, 'hi default');
    const updates = await newApi('42:other').getUpdates();
    expect(updates.map((u) => u.message?.text)).toEqual(['hi other']);
    expect(await apiError(newApi('42:other').sendMessage(alice.id, 'x'))).toMatchObject({
      error_code: 400,
      description: 'Bad Request: chat not found',
    });
  });
});

describe('long polling', () => {
  it('a bot using bot.start() answers a user and the reply is recorded', async () => {
    const bot = newBot();
    bot.command('start', (ctx) => ctx.reply(`Bonjour ${ctx.from?.first_name ?? ''}`));
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    await startPolling(bot);

    server.userSends(alice, '/start');
    const [reply] = await server.waitForSent({ chatId: alice.id });
    expect(reply).toMatchObject({ method: 'sendMessage', chat_id: alice.id, text: 'Bonjour Alice' });

    server.userSends(alice, 'ça va ?');
    await server.waitForSent({ chatId: alice.id, count: 2 });
    expect(server.sent(alice.id).map((m) => m.text)).toEqual(['Bonjour Alice', 'echo: ça va ?']);
    // Message ids count per chat: /start was 1, the reply 2, the question 3, the echo 4.
    expect(server.sent(alice.id).map((m) => m.message_id)).toEqual([2, 4]);
    await server.waitForUpdatesConsumed();
  });

  it('works with @grammyjs/runner', async () => {
    const bot = newBot();
    bot.on('message:text', (ctx) => ctx.reply(ctx.message.text.toUpperCase()));
    await bot.init();
    const runner: RunnerHandle = run(bot);
    cleanups.push(() => runner.isRunning() && runner.stop());
    server.userSends(alice, 'a');
    server.userSends(bob, 'b');
    await server.waitForSent((m) => m.text === 'A' || m.text === 'B', { count: 2 });
    expect(server.sent(bob.id)[0]?.text).toBe('B');
  });

  it('holds getUpdates until an update arrives, then honours offset and limit', async () => {
    const api = newApi();
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 20 });
    await server.waitForCall('getUpdates', { state: 'pending' });
    const sent = server.userSends(alice, 'first');
    const [update] = await poll;
    expect(Date.now() - started).toBeLessThan(2000); // not the 20 s timeout
    expect(update?.update_id).toBe(sent.update_id);
    expect(update?.message?.text).toBe('first');

    server.userSends(alice, 'second');
    server.userSends(alice, 'third');
    // Unconfirmed updates come back again; limit cuts the batch.
    expect((await api.getUpdates({ limit: 2 })).map((u) => u.message?.text)).toEqual(['first', 'second']);
    // offset confirms everything below it.
    const rest = await api.getUpdates({ offset: sent.update_id + 1 });
    expect(rest.map((u) => u.message?.text)).toEqual(['second', 'third']);
    const last = rest[rest.length - 1]?.update_id ?? 0;
    expect(await api.getUpdates({ offset: last + 1 })).toEqual([]);
    expect(server.pendingUpdates()).toEqual([]);
  });

  it('answers an empty list when the long poll times out', async () => {
    const started = Date.now();
    expect(await newApi().getUpdates({ timeout: 0.3 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('ends an older long poll with 409 when a second one starts', async () => {
    const api = newApi();
    const first = api.getUpdates({ timeout: 20 });
    await server.waitForCall('getUpdates', { state: 'pending' });
    const second = api.getUpdates({ timeout: 20 });
    expect(await apiError(first)).toMatchObject({ error_code: 409 });
    server.userSends(alice, 'x');
    expect(await second).toHaveLength(1);
  });
});

describe('callback queries and edits', () => {
  it('delivers a button press and records answerCallbackQuery and the edit', async () => {
    const bot = newBot();
    bot.command('menu', (ctx) =>
      ctx.reply('Choisissez', { reply_markup: new InlineKeyboard().text('Oui', 'yes').text('Non', 'no') }),
    );
    bot.callbackQuery('yes', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Noté' });
      await ctx.editMessageText('Vous avez choisi oui');
    });
    await startPolling(bot);

    server.userSends(alice, '/menu');
    const [menu] = await server.waitForSent({ chatId: alice.id, text: 'Choisissez' });
    if (menu === undefined) throw new Error('no menu');
    expect(menu.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Oui', callback_data: 'yes' },
          { text: 'Non', callback_data: 'no' },
        ],
      ],
    });
    expect(() => server.userPresses(alice, menu.message_id, 'maybe')).toThrow(/no button with callback_data "maybe"/);

    server.userPressesButton(alice, menu.message_id, 'Oui');
    const [answer] = await server.waitForCall('answerCallbackQuery');
    expect(answer?.params).toMatchObject({ text: 'Noté' });
    await server.waitForCall('editMessageText');
    expect(server.callbackQueries()).toMatchObject([{ data: 'yes', answered: true }]);
    // The log keeps the original; messages() shows the current state (keyboard gone, as on Telegram).
    expect(server.sent(alice.id)[0]?.text).toBe('Choisissez');
    const [now] = server.messages(alice.id);
    expect(now).toMatchObject({ text: 'Vous avez choisi oui', reply_markup: undefined });
    expect(now?.edit_date).toBeTypeOf('number');
  });

  it('refuses an edit that changes nothing, and a second answer to the same query', async () => {
    const api = newApi();
    server.userSends(alice, 'hi');
    const msg = await api.sendMessage(alice.id, 'same', {
      reply_markup: new InlineKeyboard().text('A', 'a'),
    });
    const notModified = await apiError(
      api.editMessageText(alice.id, msg.message_id, 'same', { reply_markup: new InlineKeyboard().text('A', 'a') }),
    );
    expect(notModified.description).toMatch(/^Bad Request: message is not modified/);
    await api.editMessageReplyMarkup(alice.id, msg.message_id, { reply_markup: new InlineKeyboard().text('B', 'b') });
    expect(server.messages(alice.id)[0]?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] });

    const press = server.userPresses(alice, msg.message_id, 'b');
    await api.answerCallbackQuery(press.callback_query.id);
    expect((await apiError(api.answerCallbackQuery(press.callback_query.id))).error_code).toBe(400);

    await api.deleteMessage(alice.id, msg.message_id);
    expect(server.messages(alice.id)).toEqual([]);
    expect(server.sent(alice.id)).toHaveLength(1);
    expect((await apiError(api.deleteMessage(alice.id, msg.message_id))).description).toBe(
      'Bad Request: message to delete not found',
    );
  });
});

describe('errors and faults', () => {
  it('answers 429 with retry_after, then succeeds on the next call', async () => {
    const api = newApi();
    server.userSends(alice, 'hi');
    server.failNext('sendMessage', { code: 429, retryAfter: 1 });
    const error = await apiError(api.sendMessage(alice.id, 'one'));
    expect(error).toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    await api.sendMessage(alice.id, 'two');
    expect(server.sent(alice.id).map((m) => m.text)).toEqual(['two']);
    expect(server.calls('sendMessage').map((c) => c.response?.ok)).toEqual([false, true]);
  });

  it('injects 500s and delays, and delays globally', async () => {
    const api = newApi();
    server.failNext('getMe', { code: 500 }, 2);
    expect((await apiError(api.getMe())).error_code).toBe(500);
    expect((await apiError(api.getMe())).error_code).toBe(500);
    await expect(api.getMe()).resolves.toMatchObject({ username: 'test_bot' });

    server.failNext('getMe', { delayMs: 150 });
    let started = Date.now();
    await api.getMe();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    server.setGlobalDelay(100);
    started = Date.now();
    await api.getMe();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    server.setGlobalDelay(0);

    // A dropped connection reaches grammY as a network error, not an API error.
    server.failNext('getMe', { disconnect: true });
    await expect(api.getMe()).rejects.toBeInstanceOf(HttpError);
    expect(server.calls('getMe').at(-1)?.clientGone).toBe(true);
  });

  it('replies to a message, and refuses a reply to a missing one', async () => {
    const api = newApi();
    const question = server.userSends(alice, 'une question');
    const answer = await api.sendMessage(alice.id, 'la réponse', {
      reply_parameters: { message_id: question.message.message_id },
    });
    expect(answer.reply_to_message?.text).toBe('une question');
    expect((await apiError(api.sendMessage(alice.id, 'x', { reply_parameters: { message_id: 99 } }))).description).toBe(
      'Bad Request: message to be replied not found',
    );
    await api.sendMessage(alice.id, 'y', { reply_parameters: { message_id: 99, allow_sending_without_reply: true } });
  });

  it('answers 403 once the user has blocked the bot', async () => {
    const api = newApi();
    server.userSends(alice, 'hi');
    await api.sendMessage(alice.id, 'before');
    const update = server.userBlocksBot(alice.id);
    expect(update.my_chat_member?.new_chat_member.status).toBe('kicked');
    const error = await apiError(api.sendMessage(alice.id, 'after'));
    expect(error).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect((await apiError(api.sendChatAction(alice.id, 'typing'))).error_code).toBe(403);
    server.userUnblocksBot(alice.id);
    await api.sendMessage(alice.id, 'again');
    expect(server.sent(alice.id).map((m) => m.text)).toEqual(['before', 'again']);
  });

  it('rejects malformed HTML like Telegram and records parsed entities', async () => {
    const api = newApi();
    server.userSends(alice, 'hi');
    const error = await apiError(api.sendMessage(alice.id, '<b>gras', { parse_mode: 'HTML' }));
    expect(error.description).toMatch(/^Bad Request: can't parse entities/);
    const reserved = await apiError(api.sendMessage(alice.id, 'Fin.', { parse_mode: 'MarkdownV2' }));
    expect(reserved.description).toContain("Character '.' is reserved");
    const msg = await api.sendMessage(alice.id, '<b>Bonjour</b> &amp; bienvenue', { parse_mode: 'HTML' });
    expect(msg.text).toBe('Bonjour & bienvenue');
    expect(msg.entities).toEqual([{ type: 'bold', offset: 0, length: 7 }]);
    expect(server.sent(alice.id)[0]).toMatchObject({ text: '<b>Bonjour</b> &amp; bienvenue', parse_mode: 'HTML' });
  });

  it('explains a waitForSent timeout with what was sent', async () => {
    server.userSends(alice, 'hi');
    await newApi().sendMessage(alice.id, 'something else');
    await expect(server.waitForSent({ chatId: alice.id, text: 'never' }, { timeoutMs: 50 })).rejects.toThrow(
      /timed out after 50ms[\s\S]*"something else"/,
    );
  });
});

describe('webhooks', () => {
  it('POSTs updates to the webhook with the secret header, and getUpdates answers 409', async () => {
    const received: { headers: IncomingHttpHeaders; body: Update }[] = [];
    let notify: () => void = () => undefined;
    const { url } = await listen((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(raw) as Update });
        res.end();
        notify();
      });
    });
    const api = newApi();
    await api.setWebhook(url, { secret_token: 'S3cret_token' });
    expect(await api.getWebhookInfo()).toMatchObject({ url, pending_update_count: 0 });
    expect(await apiError(api.getUpdates())).toMatchObject({ error_code: 409 });

    const arrived = new Promise<void>((resolve) => (notify = resolve));
    const sent = server.userSends(alice, 'via webhook');
    await arrived;
    expect(received[0]?.headers['x-telegram-bot-api-secret-token']).toBe('S3cret_token');
    expect(received[0]?.body).toEqual(JSON.parse(JSON.stringify(sent)));
    await server.waitForUpdatesConsumed();

    await api.deleteWebhook();
    server.userSends(alice, 'polled');
    expect((await api.getUpdates()).map((u) => u.message?.text)).toEqual(['polled']);
  });

  it("drives grammY's webhookCallback, including a webhook reply", async () => {
    const bot = new Bot(TEST_TOKEN, { client: { apiRoot: server.apiRoot, canUseWebhookReply: () => true } });
    bot.on('message:text', (ctx) => ctx.reply(`got ${ctx.message.text}`));
    await bot.init();
    const { url } = await listen(webhookCallback(bot, 'http', { secretToken: 'tok' }));
    await bot.api.setWebhook(url, { secret_token: 'tok' });
    server.userSends(alice, 'hook');
    const [reply] = await server.waitForSent({ chatId: alice.id });
    expect(reply?.text).toBe('got hook');
    expect(server.calls('sendMessage')[0]?.source).toBe('webhook-reply');
  });

  it('keeps updates and records the error while the webhook fails, then delivers', async () => {
    let fail = true;
    const { url } = await listen((req, res) => {
      req.resume();
      res.statusCode = fail ? 500 : 200;
      res.end();
    });
    const api = newApi();
    await api.setWebhook(url);
    server.userSends(alice, 'retry me');
    await server.waitUntil(() => server.webhookInfo().last_error_message, { what: 'a webhook error' });
    expect(await api.getWebhookInfo()).toMatchObject({
      last_error_message: 'Wrong response from the webhook: 500 Internal Server Error',
      pending_update_count: 1,
    });
    fail = false;
    await server.waitForUpdatesConsumed();
  });
});

describe('chats, topics and members', () => {
  it('creates a forum topic and sends into its thread', async () => {
    server.createSupergroup(FORUM, { isForum: true, title: 'Centre social' });
    const bot = newBot();
    bot.on('message:text', (ctx) => ctx.reply('dans le sujet'));
    await startPolling(bot);

    const topic = await bot.api.createForumTopic(FORUM, 'Accueil');
    expect(topic).toMatchObject({ name: 'Accueil', icon_color: 7322096 });
    const msg = await bot.api.sendMessage(FORUM, 'Bienvenue', { message_thread_id: topic.message_thread_id });
    expect(msg).toMatchObject({ message_thread_id: topic.message_thread_id, is_topic_message: true });
    expect(server.sent(FORUM)[0]).toMatchObject({ text: 'Bienvenue', message_thread_id: topic.message_thread_id });

    // A user writing in the topic gets an answer in the same thread (grammY copies message_thread_id).
    server.userSends(alice, 'question', { chatId: FORUM, threadId: topic.message_thread_id });
    const [, answer] = await server.waitForSent({ chatId: FORUM, count: 2 });
    expect(answer).toMatchObject({ text: 'dans le sujet', message_thread_id: topic.message_thread_id });

    await bot.api.editForumTopic(FORUM, topic.message_thread_id, { name: 'Accueil 2' });
    await bot.api.closeForumTopic(FORUM, topic.message_thread_id);
    expect((await apiError(bot.api.closeForumTopic(FORUM, topic.message_thread_id))).description).toBe(
      'Bad Request: TOPIC_NOT_MODIFIED',
    );
    await bot.api.reopenForumTopic(FORUM, topic.message_thread_id);
    expect((await apiError(bot.api.sendMessage(FORUM, 'x', { message_thread_id: 999 }))).description).toBe(
      'Bad Request: message thread not found',
    );
    expect(server.history(FORUM).some((m) => m.forum_topic_created?.name === 'Accueil')).toBe(true);
  });

  it('copies a message into another chat and thread', async () => {
    server.createSupergroup(FORUM, { isForum: true });
    const api = newApi();
    const topic = await api.createForumTopic(FORUM, 'Demandes');
    const photo = server.userSendsKind(alice, 'photo', { caption: 'ma facture' });
    expect(photo.message.photo).toHaveLength(4);
    const copy = await api.copyMessage(FORUM, alice.id, photo.message.message_id, {
      message_thread_id: topic.message_thread_id,
    });
    expect(copy.message_id).toBeGreaterThan(topic.message_thread_id);
    const [recorded] = server.sent(FORUM);
    expect(recorded).toMatchObject({
      method: 'copyMessage',
      message_id: copy.message_id,
      message_thread_id: topic.message_thread_id,
      caption: 'ma facture',
    });
    expect(recorded?.message.photo).toEqual(photo.message.photo);
    expect((await apiError(api.copyMessage(FORUM, alice.id, 999))).description).toBe(
      'Bad Request: message to copy not found',
    );
  });

  it('takes uploads (sendVoice, sendPhoto, sendDocument…), resends by file_id and serves files through getFile', async () => {
    server.createSupergroup(FORUM, { isForum: true });
    const api = newApi();
    const topic = await api.createForumTopic(FORUM, 'Fichiers');
    const bytes = Buffer.from('OggS a voice note');
    const voice = await api.sendVoice(FORUM, new InputFile(bytes, 'note vocale.ogg'), { caption: '#AB12', message_thread_id: topic.message_thread_id });
    expect(voice.voice).toMatchObject({ mime_type: 'audio/ogg', file_size: bytes.length });
    expect(voice.caption).toBe('#AB12');
    expect(server.sent(FORUM).at(-1)).toMatchObject({ method: 'sendVoice', caption: '#AB12', message_thread_id: topic.message_thread_id });
    const document = await api.sendDocument(FORUM, new InputFile(Buffer.from('%PDF'), 'attestation CAF.pdf'));
    expect(document.document).toMatchObject({ file_name: 'attestation CAF.pdf', mime_type: 'application/pdf' });
    const again = await api.sendVoice(FORUM, voice.voice?.file_id ?? '');
    expect(again.voice?.file_id).toBe(voice.voice?.file_id);
    expect((await apiError(api.sendPhoto(FORUM, 'no-such-file'))).description).toBe('Bad Request: wrong file identifier/HTTP URL specified');

    // getFile, then the bytes at {apiRoot}/file/bot{token}/{file_path}; a user's file too.
    const file = await api.getFile(voice.voice?.file_id ?? '');
    const download = await fetch(`${server.apiRoot}/file/bot${server.token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    const photo = server.userSendsKind(alice, 'photo', { file: { bytes: Buffer.from('jpeg bytes') } });
    const original = await api.getFile(photo.message.photo?.at(-1)?.file_id ?? '');
    expect(original.file_size).toBe(10);
    expect(server.fileBytes(original.file_id)).toEqual(Buffer.from('jpeg bytes'));
    expect((await fetch(`${server.apiRoot}/file/bot${server.token}/photos/nothing.jpg`)).status).toBe(404);
    const big = server.userSendsKind(alice, 'document', { file: { bytes: Buffer.alloc(21 * 1024 * 1024) } });
    expect((await apiError(api.getFile(big.message.document?.file_id ?? ''))).description).toBe('Bad Request: file is too big');
  });

  it('answers getChatMember from the membership table', async () => {
    const api = newApi();
    server.createSupergroup(FORUM);
    expect((await api.getChatMember(FORUM, alice.id)).status).toBe('left');
    server.setChatMember(FORUM, alice.id, 'member');
    server.setChatMember(FORUM, bob.id, 'administrator');
    expect((await api.getChatMember(FORUM, alice.id)).status).toBe('member');
    const admin = await api.getChatMember(FORUM, bob.id);
    expect(admin.status).toBe('administrator');
    expect((await api.getChatMember(FORUM, server.botInfo.id)).status).toBe('administrator');
    expect((await api.getChat(FORUM)).type).toBe('supergroup');
    expect((await apiError(api.getChat(-100999))).description).toBe('Bad Request: chat not found');
  });

  it('stores commands per scope and language', async () => {
    const api = newApi();
    await api.setMyCommands([{ command: 'start', description: 'Commencer' }], { language_code: 'fr' });
    await api.setMyCommands([{ command: 'help', description: 'Help' }], { scope: { type: 'all_private_chats' } });
    expect(await api.getMyCommands({ language_code: 'fr' })).toEqual([{ command: 'start', description: 'Commencer' }]);
    expect(await api.getMyCommands()).toEqual([]);
    expect(server.commands({ type: 'all_private_chats' })).toEqual([{ command: 'help', description: 'Help' }]);
    expect((await apiError(api.setMyCommands([{ command: 'Bad-Name', description: 'x' }]))).description).toBe(
      'Bad Request: BOT_COMMAND_INVALID',
    );
  });

  it('simulates media messages with realistic payloads', async () => {
    const voice = server.userSendsKind(alice, 'voice');
    expect(voice.message.voice).toMatchObject({ duration: 4, mime_type: 'audio/ogg' });
    expect(server.userSendsKind(alice, 'location').message.location).toEqual({ latitude: 50.6292, longitude: 3.0573 });
    expect(server.userSendsKind(alice, 'sticker').message.sticker?.emoji).toBe('👍');
    expect(server.userSendsKind(alice, 'video').message.video?.width).toBe(1280);
    expect(server.userSendsKind(alice, 'document').message.document?.mime_type).toBe('application/pdf');
    const command = server.userSends(alice, '/aide maintenant');
    expect(command.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 5 }]);
    expect((await newApi().getUpdates()).length).toBe(6);
  });
});
