// Everything the server knows about one bot token: identity, chats, users, update queue, webhook,
// commands, callback queries, faults and the record of what happened. Each token is isolated.
import type { BotCommand, Message, User, UserFromGetMe } from 'grammy/types';
import { type ChatInfo, ChatState, type ChatType } from './chats.js';
import { chatNotFound } from './errors.js';
import { FaultQueue } from './faults.js';
import { FileStore } from './files.js';
import type { ChatRef } from './params.js';
import { Recorder } from './recorder.js';
import { UpdateQueue } from './updates.js';
import { WebhookDeliverer, type WebhookReplyHandler } from './webhook.js';

export interface CallbackQueryState {
  id: string;
  data: string;
  chatId: number;
  messageId: number;
  fromId: number;
  answered: boolean;
}

/** The numeric part of a real token is the bot's id; any other token gets a stable id derived from it. */
export function botIdFromToken(token: string): number {
  const prefix = /^(\d{1,15}):/.exec(token)?.[1];
  if (prefix !== undefined && Number(prefix) > 0) return Number(prefix);
  let hash = 2166136261;
  for (const ch of token) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0;
  return 1_000_000_000 + (hash % 1_000_000_000);
}

export class BotState {
  readonly me: UserFromGetMe;
  readonly recorder = new Recorder();
  readonly queue: UpdateQueue;
  readonly webhook: WebhookDeliverer;
  readonly faults = new FaultQueue();
  readonly chats = new Map<number, ChatState>();
  readonly users = new Map<number, User>();
  /** Keyed by commandsKey(scope, language). */
  readonly commands = new Map<string, BotCommand[]>();
  readonly callbackQueries = new Map<string, CallbackQueryState>();
  /** Files users sent and the bot uploaded, for getFile and downloads. */
  readonly files = new FileStore();
  private lastCallbackId = 0;
  private lastFileId = 0;

  constructor(
    readonly token: string,
    username: string,
    onWebhookReply: WebhookReplyHandler,
    webhookRetryMs: number,
  ) {
    this.me = {
      id: botIdFromToken(token),
      is_bot: true,
      first_name: 'Test Bot',
      username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.queue = new UpdateQueue(() => this.recorder.changed());
    this.webhook = new WebhookDeliverer(this.queue, onWebhookReply, webhookRetryMs, () => this.recorder.changed());
  }

  /** The bot as it appears in `from` fields. */
  get asUser(): User {
    return { id: this.me.id, is_bot: true, first_name: this.me.first_name, username: this.me.username };
  }

  findChat(ref: ChatRef): ChatState {
    const chat =
      typeof ref === 'number'
        ? this.chats.get(ref)
        : [...this.chats.values()].find((c) => c.info.username !== undefined && `@${c.info.username}` === ref);
    if (chat === undefined) throw chatNotFound();
    return chat;
  }

  ensureChat(id: number, type: ChatType, info: ChatInfo): ChatState {
    const existing = this.chats.get(id);
    if (existing !== undefined) {
      if (existing.type !== type) throw new Error(`chat ${id} already exists as a ${existing.type} chat, not ${type}`);
      return existing;
    }
    const chat = new ChatState(id, type, info);
    // The bot is in every group it hears from; createSupergroup may make it an administrator.
    if (type !== 'private') chat.members.set(this.me.id, 'member');
    this.chats.set(id, chat);
    return chat;
  }

  /** A user the tests introduced, or a plausible stand-in. */
  userFor(id: number): User {
    if (id === this.me.id) return this.asUser;
    return this.users.get(id) ?? { id, is_bot: false, first_name: `User ${id}` };
  }

  rememberUser(user: User): User {
    this.users.set(user.id, user);
    return user;
  }

  nextCallbackId(): string {
    this.lastCallbackId += 1;
    return String(BigInt(this.me.id) * 1_000_000n + BigInt(this.lastCallbackId));
  }

  nextFileSerial(): number {
    this.lastFileId += 1;
    return this.lastFileId;
  }

  /** Every message of a chat in its current state, service messages and user messages included. */
  history(chatId: number): Message[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])].sort((a, b) => a.message_id - b.message_id);
  }

  close(): void {
    this.webhook.close();
    this.queue.release();
  }
}
