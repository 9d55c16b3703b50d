// What a test observes: every API call, every message the bot sent (as sent, and in its current state),
// and an event-driven waitFor so tests never sleep.
import { EventEmitter } from 'node:events';
import type { Message } from 'grammy/types';
import type { ApiResponse } from './errors.js';
import type { Params, ReplyMarkup } from './params.js';

export interface RecordedCall {
  token: string;
  method: string;
  params: Params;
  /** Date.now() when the request arrived. */
  at: number;
  /** 'webhook-reply' when the bot answered a webhook delivery with a method call in the response body. */
  source: 'http' | 'webhook-reply';
  /** Set once the call has been answered. */
  response?: ApiResponse;
  /** The client went away before the answer (aborted long poll), or a `disconnect` fault cut it off. */
  clientGone?: true;
}

export interface SentMessage {
  /** The method that produced the message: 'sendMessage', 'copyMessage', ... */
  method: string;
  chat_id: number;
  message_id: number;
  message_thread_id?: number;
  text?: string;
  caption?: string;
  parse_mode?: string;
  /** As the bot passed it (any keyboard kind); `message.reply_markup` only holds inline keyboards, like Telegram. */
  reply_markup?: ReplyMarkup;
  /** Unix seconds, as in the message. */
  date: number;
  edit_date?: number;
  /** Date.now() when the message was created; use it to check pacing. */
  at: number;
  /** The Message object returned to the bot. */
  message: Message;
}

export class Recorder {
  private readonly events = new EventEmitter();
  private readonly callLog: RecordedCall[] = [];
  private readonly sentLog: SentMessage[] = [];
  private readonly live = new Map<number, Map<number, SentMessage>>();

  constructor() {
    this.events.setMaxListeners(0); // one listener per pending waitFor
  }

  changed(): void {
    this.events.emit('change');
  }

  addCall(call: RecordedCall): void {
    this.callLog.push(call);
    this.changed();
  }

  answerCall(call: RecordedCall, response: ApiResponse): void {
    call.response = response;
    this.changed();
  }

  calls(method?: string): RecordedCall[] {
    return this.callLog.filter((c) => method === undefined || c.method === method);
  }

  addSent(sent: SentMessage): void {
    this.sentLog.push(sent);
    this.chatLive(sent.chat_id).set(sent.message_id, sent);
    this.changed();
  }

  /** Edits never touch the `sent` log: it keeps messages as they were first sent. */
  edit(chatId: number, messageId: number, patch: Partial<SentMessage>): void {
    const current = this.live.get(chatId)?.get(messageId);
    if (current === undefined) return;
    this.chatLive(chatId).set(messageId, { ...current, ...patch });
    this.changed();
  }

  remove(chatId: number, messageId: number): void {
    if (this.live.get(chatId)?.delete(messageId) === true) this.changed();
  }

  sent(chatId?: number): SentMessage[] {
    return this.sentLog.filter((m) => chatId === undefined || m.chat_id === chatId);
  }

  /** How many messages the bot sent, and those from an index on: cheap, for benchmarks. */
  get sentCount(): number {
    return this.sentLog.length;
  }

  sentFrom(index: number): SentMessage[] {
    return this.sentLog.slice(index);
  }

  current(chatId: number): SentMessage[] {
    return [...(this.live.get(chatId)?.values() ?? [])].sort((a, b) => a.message_id - b.message_id);
  }

  /**
   * Resolves with check()'s first non-undefined result, re-checking on every change; rejects with
   * describe()'s text after timeoutMs.
   */
  waitFor<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('change', onChange);
      };
      const onChange = (): void => {
        let result: T | undefined;
        try {
          result = check();
        } catch (error) {
          cleanup();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (result !== undefined) {
          cleanup();
          resolve(result);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(describe()));
      }, timeoutMs);
      this.events.on('change', onChange);
    });
  }

  private chatLive(chatId: number): Map<number, SentMessage> {
    let chat = this.live.get(chatId);
    if (chat === undefined) {
      chat = new Map();
      this.live.set(chatId, chat);
    }
    return chat;
  }
}

export function describeSent(list: readonly SentMessage[]): string {
  if (list.length === 0) return 'nothing was sent';
  return list
    .map((m) => {
      const where = m.message_thread_id === undefined ? `chat ${m.chat_id}` : `chat ${m.chat_id}/thread ${m.message_thread_id}`;
      const body = m.text ?? m.caption ?? '(no text)';
      const buttons =
        m.reply_markup !== undefined && 'inline_keyboard' in m.reply_markup
          ? ` [${m.reply_markup.inline_keyboard.flat().map((b) => b.text).join(' | ')}]`
          : '';
      return `  - ${where} #${m.message_id} ${m.method}: ${JSON.stringify(body)}${buttons}`;
    })
    .join('\n');
}
