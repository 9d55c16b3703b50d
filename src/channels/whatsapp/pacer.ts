// Gentle sending, to lower the risk of the number being banned: a global cap on messages per
// minute, a minimum gap between two messages to the same chat, and a short typing state whose
// length follows the text. Callers keep each chat's messages in order (ChatQueues); the pacer only waits.
// An urgent message (help numbers after crisis words) takes the next free slot ahead of normal ones.
import { Lanes, type Priority } from '../../core/lanes.js';

export interface PacingOptions {
  /** At most this many messages in any 60-second window, all chats together. */
  perMinute: number;
  /** At least this long between two messages to the same chat. */
  chatGapMs: number;
  /** Longest typing state; a short text types for less (0 disables typing). */
  maxTypingMs: number;
}

export type { Priority };

export interface Timing {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTiming: Timing = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const WINDOW_MS = 60_000;
/** About a fast typist's speed; the typing state is a courtesy, not a simulation. */
const TYPING_MS_PER_CHAR = 25;
const MIN_TYPING_MS = 400;

export function typingDelay(text: string, maxTypingMs: number): number {
  if (maxTypingMs <= 0) return 0;
  return Math.min(maxTypingMs, Math.max(MIN_TYPING_MS, text.length * TYPING_MS_PER_CHAR));
}

/**
 * Runs each chat's sends one at a time and in order, different chats concurrently. An urgent send
 * waits only for the chat's send in progress (and earlier urgent ones), ahead of the normal ones.
 */
export class ChatQueues {
  private readonly lines = new Map<string, Lanes<() => Promise<void>>>();
  private readonly serving = new Set<Promise<void>>();

  run<T>(chat: string, priority: Priority, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job = async (): Promise<void> => {
        try {
          resolve(await task());
        } catch (err) {
          reject(err);
        }
      };
      const line = this.lines.get(chat);
      if (line) {
        line.push(priority, job);
        return;
      }
      const fresh = new Lanes<() => Promise<void>>();
      fresh.push(priority, job);
      this.lines.set(chat, fresh);
      const serving = this.serve(chat, fresh);
      this.serving.add(serving);
      void serving.then(() => this.serving.delete(serving));
    });
  }

  /** Resolves when every send queued so far has finished (for graceful shutdown). */
  async idle(): Promise<void> {
    while (this.serving.size > 0) await Promise.all([...this.serving]);
  }

  /** The first job starts at once (in progress); the chat is forgotten when its line is empty. */
  private async serve(chat: string, line: Lanes<() => Promise<void>>): Promise<void> {
    for (let job = line.shift(); job; job = line.shift()) await job();
    this.lines.delete(chat);
  }
}

export class Pacer {
  /** Send times of the last `perMinute` messages (oldest first). */
  private readonly recent: number[] = [];
  private readonly lastByChat = new Map<string, number>();
  /** Callers waiting for a global slot. */
  private readonly waiting = new Lanes<() => void>();
  private granting = false;

  constructor(
    private readonly options: PacingOptions,
    private readonly timing: Timing = realTiming,
  ) {
    if (!(options.perMinute >= 1)) throw new Error('perMinute must be at least 1');
  }

  /**
   * Waits for the chat's gap and a global slot, shows typing for a moment, then runs `send`.
   * Call it for one chat at a time (the caller's per-chat queue). An urgent send keeps the chat's gap
   * and the cap, but takes the next global slot before normal sends already waiting.
   */
  async pace<T>(chat: string, text: string, typing: () => Promise<void>, send: () => Promise<T>, priority: Priority = 'normal'): Promise<T> {
    const last = this.lastByChat.get(chat);
    if (last !== undefined) await this.wait(last + this.options.chatGapMs - this.timing.now());
    await this.slot(priority);
    const typingMs = typingDelay(text, this.options.maxTypingMs);
    if (typingMs > 0) {
      await typing().catch(() => undefined); // a courtesy: never fail a send for it
      await this.wait(typingMs);
    }
    try {
      return await send();
    } finally {
      this.lastByChat.set(chat, this.timing.now());
      this.forgetIdleChats();
    }
  }

  private slot(priority: Priority): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(priority, resolve);
      if (!this.granting) void this.grant();
    });
  }

  /**
   * Grants slots one at a time so concurrent chats cannot both take the last one. Who gets a slot is
   * decided only once it is free, so an urgent send arriving meanwhile still goes first.
   */
  private async grant(): Promise<void> {
    this.granting = true;
    try {
      while (this.waiting.size > 0) {
        if (this.recent.length >= this.options.perMinute) {
          const oldest = this.recent[0] ?? 0;
          await this.wait(oldest + WINDOW_MS - this.timing.now());
          this.recent.shift();
        }
        this.recent.push(this.timing.now());
        this.waiting.shift()?.();
      }
    } finally {
      this.granting = false;
    }
  }

  private async wait(ms: number): Promise<void> {
    if (ms > 0) await this.timing.sleep(ms);
  }

  private forgetIdleChats(): void {
    if (this.lastByChat.size < 1000) return;
    const before = this.timing.now() - this.options.chatGapMs;
    for (const [chat, at] of this.lastByChat) if (at < before) this.lastByChat.delete(chat);
  }
}
