// The Telegram channel: grammY translating Telegram updates ⇄ core Inbound/Outbound, nothing else.
// Long polling through @grammyjs/runner, or a webhook on the service's HTTP port (webhook.ts).
// Updates of one chat are handled in order (sequentialize); different chats run concurrently.
//
// Extension point for the staff console (handoff): `onStaffUpdate(chatId, ...middleware)` routes every
// update of that one group chat to the given grammY middleware; `api` gives the Bot API (forum topics…).
// Every other group chat is ignored. Register staff handlers before or after start(); an update of the
// staff chat that arrives while no handler is registered is dropped (logged at debug).
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, BotError, Composer, GrammyError, HttpError, type Api, type Context, type Middleware } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Channel, ChannelCapabilities, InboundHandler } from '../../core/channel.js';
import { ChannelUnavailableError, RecipientBlockedError } from '../../core/errors.js';
import type { Address, Inbound, Outbound } from '../../core/message.js';
import { localeFromCode, translate, type Locale, type Texts } from '../../i18n/locales.js';
import { CallbackDataCodec } from './callback-data.js';
import { commandWords, publishCommands } from './commands.js';
import { contentOfMessage, type CommandWords } from './inbound.js';
import { downloadFile } from './files.js';
import { MAX_CAPTION, sendFile } from './media.js';
import { keyboardOf, MAX_TEXT, pressedLabel, splitText } from './outbound.js';
import { OutboundLimiter, pacingTransformer, withPriority, type RateLimits } from './rate-limit.js';

/** The update kinds the bot asks Telegram for (the staff console may need more: add them here). */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface TelegramChannelOptions {
  token: string;
  /** Bot API root, e.g. https://api.telegram.org or a local server's. */
  apiRoot: string;
  /** Webhook mode when given; long polling otherwise. */
  webhook?: { url: string; secret: string };
  limits: RateLimits;
  redis: Redis;
  redisPrefix: string;
  /** Told when a person blocks the bot (their reminders are then cancelled). */
  onBlocked?: (address: Address) => Promise<void>;
  /** How long a long choice id's short form stays valid (the session's lifetime). */
  choiceTtlSeconds: number;
  texts: Texts;
  defaultLocale: Locale;
  log: Logger;
  /** Retries of a 5xx or network failure before a call fails (back-off 3 s, 6 s, 12 s…). Default 5. */
  maxRetries?: number;
  /** Known bot identity (skips getMe; tests and benchmarks may pass it). */
  botInfo?: UserFromGetMe;
}

export class TelegramChannel implements Channel {
  readonly id = 'telegram' as const;
  readonly capabilities: ChannelCapabilities = { buttons: true, edits: true };
  /** The grammY bot; prefer onStaffUpdate/api over adding middleware here. */
  readonly bot: Bot;
  private readonly codec: CallbackDataCodec;
  private readonly words: CommandWords;
  private readonly staff = new Map<number, Composer<Context>>();
  private readonly log: Logger;
  private onMessage: InboundHandler | undefined;
  private runner: RunnerHandle | undefined;
  private inFlight = 0;
  private readonly drained: Array<() => void> = [];

  constructor(private readonly opts: TelegramChannelOptions) {
    this.log = opts.log;
    this.bot = new Bot(opts.token, { client: { apiRoot: opts.apiRoot }, ...(opts.botInfo ? { botInfo: opts.botInfo } : {}) });
    // Last installed runs first: auto-retry wraps pacing, so a retried call waits its turn again.
    this.bot.api.config.use(pacingTransformer(new OutboundLimiter(opts.limits)));
    this.bot.api.config.use(autoRetry({ maxRetryAttempts: opts.maxRetries ?? 5, rethrowHttpErrors: false, rethrowInternalServerErrors: false }));
    this.codec = new CallbackDataCodec(opts.redis, opts.redisPrefix, opts.choiceTtlSeconds);
    this.words = commandWords(opts.texts, opts.defaultLocale);

    this.bot.catch((err) => this.log.error({ err: describeError(err.error), updateId: err.ctx.update.update_id }, 'telegram update failed'));
    this.bot.use((_ctx, next) => this.track(next));
    this.bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));
    this.bot.use((ctx, next) => this.routeStaff(ctx, next));
    const people = this.bot.chatType('private');
    people.on('message', (ctx) => this.onPrivateMessage(ctx));
    people.on('callback_query:data', (ctx) => this.onPress(ctx));
    this.bot.on('my_chat_member', async (ctx) => {
      if (ctx.chat.type !== 'private') return;
      const status = ctx.myChatMember.new_chat_member.status;
      this.log.debug({ status }, 'bot membership changed in a private chat');
      // "kicked" in a private chat: the person blocked the bot.
      if (status === 'kicked') await this.opts.onBlocked?.({ channel: 'telegram', userId: String(ctx.chat.id) });
    });
    // Anything else (group chats, edited messages…) falls through and is ignored.
  }

  /** The Bot API (with pacing and retries), for features such as the staff console. */
  get api(): Api {
    return this.bot.api;
  }

  /** Downloads a file the bot received (MediaTooLargeError past `maxBytes`). */
  downloadFile(fileId: string, maxBytes: number): Promise<Buffer> {
    return downloadFile({ api: this.bot.api, fileUrl: (path) => `${this.opts.apiRoot}/file/bot${this.opts.token}/${path}` }, fileId, maxBytes);
  }

  /** Routes every update of one group chat (the staff chat) to `middleware`. */
  onStaffUpdate(chatId: number, ...middleware: Array<Middleware<Context>>): void {
    let composer = this.staff.get(chatId);
    if (!composer) {
      composer = new Composer<Context>();
      this.staff.set(chatId, composer);
    }
    composer.use(...middleware);
  }

  async start(onMessage: InboundHandler): Promise<void> {
    this.onMessage = onMessage;
    await this.bot.init();
    // A missing menu is not worth refusing to start; the commands still work when typed.
    await publishCommands(this.bot.api, this.opts.texts, this.opts.defaultLocale).catch((err: unknown) => this.log.warn({ err: describeError(err) }, 'could not set the commands menu'));
    const webhook = this.opts.webhook;
    if (webhook) {
      await this.bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
      this.log.info({ mode: 'webhook', bot: this.bot.botInfo.username }, 'telegram channel started');
      return;
    }
    await this.bot.api.deleteWebhook();
    this.runner = run(this.bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
    this.log.info({ mode: 'polling', bot: this.bot.botInfo.username }, 'telegram channel started');
  }

  /** For the webhook route: handles one update (in its chat's order). Never rejects. */
  async handleUpdate(update: Update): Promise<void> {
    try {
      await this.bot.handleUpdate(update);
    } catch (err) {
      this.log.error({ err: describeError(err instanceof BotError ? err.error : err), updateId: update.update_id }, 'telegram update failed');
    }
  }

  async send(to: Address, message: Outbound): Promise<void> {
    const chatId = Number(to.userId);
    const media = message.media;
    // A file carries its text as a caption when it fits; a longer text follows in messages of its own.
    const caption = media && message.text.length <= MAX_CAPTION ? message.text : undefined;
    const parts = media && (caption !== undefined || !message.text) ? [] : splitText(message.text);
    const keyboard = message.choices?.length ? await keyboardOf(message.choices, (id) => this.codec.encode(id)) : undefined;
    try {
      // An urgent message's calls (retries included) are paced ahead of the chat's waiting ones.
      await withPriority(message.priority ?? 'normal', async () => {
        if (media) await sendFile(this.bot.api, chatId, media, { ...(caption ? { caption } : {}), ...(keyboard && parts.length === 0 ? { reply_markup: keyboard } : {}) });
        for (const [i, part] of parts.entries()) {
          const last = i === parts.length - 1;
          await this.bot.api.sendMessage(chatId, part, last && keyboard ? { reply_markup: keyboard } : {});
        }
      });
    } catch (err) {
      throw translateError(err);
    }
  }

  async stop(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (runner?.isRunning()) await runner.stop();
    // Updates already fetched are confirmed at Telegram and will not come again: finish them
    // (a chat's later message waits behind its earlier one) before letting go of the handler.
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    this.onMessage = undefined;
  }

  /** Counts updates being handled, including those waiting for their chat's turn. */
  private async track(next: () => Promise<void>): Promise<void> {
    this.inFlight += 1;
    try {
      await next();
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.drained.splice(0)) wake();
    }
  }

  // ---- inbound ----

  private async routeStaff(ctx: Context, next: () => Promise<void>): Promise<void> {
    const chat = ctx.chat;
    if (!chat || chat.type === 'private') return next();
    const staff = this.staff.get(chat.id);
    if (staff) await staff.middleware()(ctx, async () => undefined);
    else this.log.debug({ chatType: chat.type }, 'update from a group chat ignored');
  }

  private async onPrivateMessage(ctx: Context): Promise<void> {
    const message = ctx.message;
    if (!message || !ctx.chat) return;
    await this.deliver({
      address: { channel: 'telegram', userId: String(ctx.chat.id) },
      content: contentOfMessage(message, this.words),
      receivedAt: new Date(message.date * 1000),
      messageId: String(message.message_id),
      ...this.sender(ctx),
    });
  }

  private async onPress(ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    if (!query?.data || !ctx.chat) return;
    // Answer first, so the button stops spinning whatever happens next.
    await ctx.answerCallbackQuery().catch((err: unknown) => this.log.debug({ err: describeError(err) }, 'callback query not answered'));
    await this.retireKeyboard(ctx, query.data);
    await this.deliver({
      address: { channel: 'telegram', userId: String(ctx.chat.id) },
      content: { kind: 'choice', choiceId: await this.codec.decode(query.data) },
      receivedAt: new Date(),
      ...this.sender(ctx),
    });
  }

  /** Shows "✔️ label" under the question and removes its buttons, so they cannot be pressed again. */
  private async retireKeyboard(ctx: Context, data: string): Promise<void> {
    const message = ctx.callbackQuery?.message;
    if (!message || message.date === 0 || !ctx.chat) return; // too old for Telegram to let us edit it
    const label = 'reply_markup' in message ? pressedLabel(message.reply_markup, data) : undefined;
    const text = 'text' in message ? message.text : undefined;
    const locale = localeFromCode(ctx.from?.language_code) ?? this.opts.defaultLocale;
    try {
      const marked = label !== undefined && text !== undefined ? `${text}\n\n${translate(this.opts.texts, locale, 'telegram.chosen', { label })}` : undefined;
      if (marked !== undefined && marked.length <= MAX_TEXT) await ctx.api.editMessageText(ctx.chat.id, message.message_id, marked);
      else await ctx.api.editMessageReplyMarkup(ctx.chat.id, message.message_id);
    } catch (err) {
      // Already edited (a double tap) or deleted: nothing to retire.
      this.log.debug({ err: describeError(err) }, 'old keyboard not edited');
    }
  }

  private sender(ctx: Context): Pick<Inbound, 'languageCode' | 'firstName'> {
    const from = ctx.from;
    return { ...(from?.language_code ? { languageCode: from.language_code } : {}), ...(from?.first_name ? { firstName: from.first_name } : {}) };
  }

  private async deliver(inbound: Inbound): Promise<void> {
    const onMessage = this.onMessage;
    if (!onMessage) return; // stopped: the update arrived during shutdown and is dropped
    await onMessage(inbound);
  }
}

/**
 * What a failed call says, without its payload: grammY's errors carry the request (message text
 * included), which must not reach the logs.
 */
export function describeError(err: unknown): unknown {
  if (err instanceof GrammyError) return { name: 'GrammyError', method: err.method, code: err.error_code, description: err.description };
  if (err instanceof HttpError) return { name: 'HttpError', message: err.message };
  return err;
}

/** Maps grammY's errors to the core's: blocked (never retry) or unavailable (retry later). */
export function translateError(err: unknown): unknown {
  if (err instanceof GrammyError) {
    if (err.error_code === 403) return new RecipientBlockedError('telegram', describeError(err));
    if (err.error_code === 429 || err.error_code >= 500) return new ChannelUnavailableError('telegram', describeError(err));
    return new Error(err.message, { cause: describeError(err) });
  }
  if (err instanceof HttpError) return new ChannelUnavailableError('telegram', describeError(err));
  return err;
}
