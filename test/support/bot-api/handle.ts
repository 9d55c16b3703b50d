// The test-facing view of one bot token: what it sent, waiting helpers, simulated users, chat setup and
// fault injection. The server object itself is the handle of its default token.
import type { BotCommand, Message, Update, User, UserFromGetMe, WebhookInfo } from 'grammy/types';
import type { BotState, CallbackQueryState } from './bot-state.js';
import type { MemberStatus } from './chats.js';
import type { Fault } from './faults.js';
import { commandsKey, openTopic, TOPIC_COLORS } from './methods.js';
import type { CommandScope } from './params.js';
import { describeSent, type RecordedCall, type SentMessage } from './recorder.js';
import {
  type CallbackQueryUpdate,
  type MediaKind,
  type MessageUpdate,
  type PressOptions,
  type SimUser,
  type UserMessageOptions,
  setBlocked,
  toUser,
  userPresses,
  userPressesButton,
  userSends,
  userSendsKind,
} from './users.js';

export interface WaitOptions {
  /** Default 3000 ms. */
  timeoutMs?: number;
}

export interface SentQuery {
  chatId?: number;
  threadId?: number;
  method?: string;
  /** Substring or pattern the recorded text (or caption) must match. */
  text?: string | RegExp;
  /** How many matching messages to wait for (default 1). */
  count?: number;
}

export type SentMatcher = ((message: SentMessage) => boolean) | SentQuery;

export interface CallWaitOptions extends WaitOptions {
  count?: number;
  predicate?: (call: RecordedCall) => boolean;
  /** 'answered' (default) waits for calls that got their answer; 'pending' for calls still held (a long poll). */
  state?: 'answered' | 'pending' | 'any';
}

export interface SupergroupOptions {
  isForum?: boolean;
  title?: string;
  username?: string;
  /** The bot's own status in the group (default 'administrator', which forum topics require). */
  botStatus?: MemberStatus;
}

const DEFAULT_TIMEOUT_MS = 3000;

function matches(m: SentMessage, q: SentQuery): boolean {
  if (q.chatId !== undefined && m.chat_id !== q.chatId) return false;
  if (q.threadId !== undefined && m.message_thread_id !== q.threadId) return false;
  if (q.method !== undefined && m.method !== q.method) return false;
  if (q.text !== undefined) {
    const body = m.text ?? m.caption ?? '';
    if (typeof q.text === 'string' ? !body.includes(q.text) : !q.text.test(body)) return false;
  }
  return true;
}

export class BotHandle {
  constructor(
    protected readonly state: BotState,
    /** Lists other tokens' activity, to explain a wait that looked at the wrong bot. */
    private readonly otherTokens: () => string[],
  ) {}

  get token(): string {
    return this.state.token;
  }

  /** What getMe answers for this token. */
  get botInfo(): UserFromGetMe {
    return this.state.me;
  }

  // ---- observation ----

  /** Every API call this token made, in arrival order (`response` is set once answered). */
  calls(method?: string): RecordedCall[] {
    return this.state.recorder.calls(method);
  }

  /** Messages the bot sent, as first sent (edits and deletions do not change this log). */
  sent(chatId?: number): SentMessage[] {
    return this.state.recorder.sent(chatId);
  }

  /** How many messages the bot sent (all chats), without copying the log. */
  sentCount(): number {
    return this.state.recorder.sentCount;
  }

  /** The bot's messages from the index-th on (all chats). */
  sentFrom(index: number): SentMessage[] {
    return this.state.recorder.sentFrom(index);
  }

  /** The bot's messages in a chat as they are now: edits applied, deleted ones gone. */
  messages(chatId: number): SentMessage[] {
    return this.state.recorder.current(chatId);
  }

  /** All messages of a chat as Telegram holds them now: users', the bot's and service messages. */
  history(chatId: number): Message[] {
    return this.state.history(chatId);
  }

  /** Date.now() of each message created in the chat by `method` (default sendMessage), to check pacing. */
  sendTimes(chatId: number, method = 'sendMessage'): number[] {
    return this.sent(chatId)
      .filter((m) => m.method === method)
      .map((m) => m.at);
  }

  /** Updates queued and not yet confirmed by the bot. */
  pendingUpdates(): readonly Update[] {
    return this.state.queue.list();
  }

  /** Commands stored by setMyCommands for a scope and language (default scope, no language). */
  commands(scope?: CommandScope, languageCode?: string): BotCommand[] {
    return this.state.commands.get(commandsKey(this.state, scope, languageCode)) ?? [];
  }

  callbackQueries(): CallbackQueryState[] {
    return [...this.state.callbackQueries.values()];
  }

  webhookInfo(): WebhookInfo {
    return this.state.webhook.info();
  }

  /** The bytes of a file a user or the bot sent, by any of its file_ids (what getFile lets the bot download). */
  fileBytes(fileId: string): Buffer | undefined {
    return this.state.files.get(fileId)?.bytes();
  }

  // ---- waiting ----

  /**
   * Resolves with the matching messages once there are enough of them (`count`, default 1); rejects after
   * `timeoutMs` with a list of everything sent.
   */
  waitForSent(matcher: SentMatcher, opts: WaitOptions & { count?: number } = {}): Promise<SentMessage[]> {
    const test = typeof matcher === 'function' ? matcher : (m: SentMessage) => matches(m, matcher);
    const count = (typeof matcher === 'function' ? undefined : matcher.count) ?? opts.count ?? 1;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const wanted =
      typeof matcher === 'function'
        ? `${count} message(s) matching a predicate`
        : JSON.stringify({ ...matcher, text: matcher.text?.toString() });
    return this.state.recorder.waitFor(
      () => {
        const found = this.sent().filter(test);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      () =>
        `waitForSent timed out after ${timeoutMs}ms waiting for ${wanted}; sent so far:\n` +
        `${describeSent(this.sent())}${this.explainOthers()}`,
    );
  }

  /** Resolves once `count` (default 1) calls of `method` in the wanted state exist. */
  waitForCall(method: string, opts: CallWaitOptions = {}): Promise<RecordedCall[]> {
    const count = opts.count ?? 1;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const state = opts.state ?? 'answered';
    const inState = (c: RecordedCall): boolean =>
      state === 'any' || (state === 'answered' ? c.response !== undefined : c.response === undefined);
    return this.state.recorder.waitFor(
      () => {
        const found = this.calls(method).filter((c) => inState(c) && (opts.predicate?.(c) ?? true));
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      () => {
        const outcome = (c: RecordedCall): string =>
          c.response === undefined ? ' (pending)' : c.response.ok ? '' : ` -> ${c.response.error_code}`;
        const seen = this.calls().map((c) => `${c.method}${outcome(c)}`);
        return (
          `waitForCall timed out after ${timeoutMs}ms waiting for ${count} ${state} ${method} call(s); ` +
          `calls so far: ${seen.join(', ') || 'none'}${this.explainOthers()}`
        );
      },
    );
  }

  /**
   * Resolves once every queued update has been confirmed (by a later getUpdates offset, or a successful
   * webhook delivery). With bot.start() that means the bot has finished handling them.
   */
  waitForUpdatesConsumed(opts: WaitOptions = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return this.state.recorder.waitFor(
      () => (this.state.queue.size === 0 ? true : undefined),
      timeoutMs,
      () => `waitForUpdatesConsumed timed out after ${timeoutMs}ms; still queued: ${this.state.queue.list().map((u) => u.update_id).join(', ')}`,
    ).then(() => undefined);
  }

  /**
   * Resolves with check()'s first truthy result, re-evaluated whenever the server's state changes (calls,
   * messages, updates confirmed, webhook errors...). For conditions the other helpers don't cover.
   */
  waitUntil<T>(check: () => T | undefined | null | false, opts: WaitOptions & { what?: string } = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return this.state.recorder.waitFor(
      () => check() || undefined,
      timeoutMs,
      () => `waitUntil timed out after ${timeoutMs}ms${opts.what === undefined ? '' : ` waiting for ${opts.what}`}`,
    );
  }

  private explainOthers(): string {
    const others = this.otherTokens();
    return others.length === 0 ? '' : `\n(note: this waits on token ${this.token}; other tokens also called the server: ${others.join(', ')})`;
  }

  // ---- simulated users ----

  userSends(user: SimUser, text: string, opts?: UserMessageOptions): MessageUpdate {
    return userSends(this.state, user, text, opts);
  }

  userSendsKind(user: SimUser, kind: MediaKind, opts?: UserMessageOptions): MessageUpdate {
    return userSendsKind(this.state, user, kind, opts);
  }

  userPresses(user: SimUser, messageId: number, callbackData: string, opts?: PressOptions): CallbackQueryUpdate {
    return userPresses(this.state, user, messageId, callbackData, opts);
  }

  userPressesButton(user: SimUser, messageId: number, buttonText: string, opts?: Omit<PressOptions, 'force'>): CallbackQueryUpdate {
    return userPressesButton(this.state, user, messageId, buttonText, opts);
  }

  userBlocksBot(userId: number): Update {
    return setBlocked(this.state, userId, true);
  }

  userUnblocksBot(userId: number): Update {
    return setBlocked(this.state, userId, false);
  }

  // ---- chat setup ----

  /** Makes a private chat exist without a message, so the bot can write first. */
  createPrivateChat(user: SimUser): void {
    const known = this.state.rememberUser(toUser(user));
    const chat = this.state.ensureChat(known.id, 'private', {});
    chat.info.firstName = known.first_name;
    chat.info.lastName = known.last_name;
    chat.info.username = known.username;
  }

  createSupergroup(chatId: number, opts: SupergroupOptions = {}): void {
    if (chatId > -1e12) throw new Error(`supergroup ids look like -100xxxxxxxxxx; got ${chatId}`);
    const chat = this.state.ensureChat(chatId, 'supergroup', {});
    if (opts.title !== undefined) chat.info.title = opts.title;
    if (opts.username !== undefined) chat.info.username = opts.username;
    if (opts.isForum !== undefined) chat.info.isForum = opts.isForum;
    chat.members.set(this.state.me.id, opts.botStatus ?? 'administrator');
    this.state.recorder.changed();
  }

  /** A topic opened by a user (the bot opens its own with createForumTopic). Returns its message_thread_id. */
  createTopic(chatId: number, name: string, creator: SimUser = { id: 1, first_name: 'Admin' }): number {
    const chat = this.state.chats.get(chatId);
    if (chat === undefined || !chat.isForum) throw new Error(`chat ${chatId} is not a forum; use createSupergroup(id, { isForum: true })`);
    const user: User = this.state.rememberUser(toUser(creator));
    return openTopic(this.state, chat, name, TOPIC_COLORS[0], undefined, user).message_thread_id;
  }

  /** Sets what getChatMember answers; the chat is created (group or supergroup by id) if needed. */
  setChatMember(chatId: number, userId: number, status: MemberStatus): void {
    const chat =
      this.state.chats.get(chatId) ?? this.state.ensureChat(chatId, chatId > 0 ? 'private' : chatId < -1e12 ? 'supergroup' : 'group', {});
    chat.members.set(userId, status);
    this.state.recorder.changed();
  }

  // ---- faults ----

  /**
   * The next `times` calls of `method` ('*' for any) fail as described: `{ code: 429, retryAfter: 1 }`,
   * `{ code: 500 }`, `{ delayMs: 200 }` (then succeed), `{ disconnect: true }`.
   */
  failNext(method: string, fault: Fault, times = 1): void {
    this.state.faults.add(method, fault, times);
  }

  clearFaults(): void {
    this.state.faults.clear();
  }
}
