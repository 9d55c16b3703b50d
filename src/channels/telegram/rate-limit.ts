// Outbound pacing for Telegram: at most `perSecond` messages overall and `perChatPerSecond` per chat
// (after a small per-chat burst). Calls wait their turn in arrival order; none is dropped.
// An urgent call (help numbers after crisis words) waits only for its chat's message in progress,
// then goes ahead of every normal call still waiting, in its chat and for the overall pace.
// GCRA (virtual scheduling): each pace remembers when its next message is due, so no timer runs idle.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transformer } from 'grammy';
import { Lanes, type Priority } from '../../core/lanes.js';

export interface RateLimits {
  /** Messages per second over all chats; 0 = no limit. */
  perSecond: number;
  /** Messages per second in one chat; 0 = no limit. */
  perChatPerSecond: number;
  /** Messages a chat may receive at once before the per-chat pace applies (≥ 1). */
  chatBurst: number;
}


/** One pace: `rate` per second with `burst` allowed at once (GCRA: a theoretical arrival time). */
class Pace {
  private tat = 0;
  private readonly interval: number;
  private readonly tolerance: number;
  constructor(
    private readonly rate: number,
    burst: number,
  ) {
    this.interval = rate > 0 ? 1000 / rate : 0;
    this.tolerance = (burst - 1) * this.interval;
  }

  /** Ms to wait before a message may go at `now`. */
  wait(now: number): number {
    return this.rate > 0 ? Math.max(0, this.tat - this.tolerance - now) : 0;
  }

  /** Counts a message that went at `at`. */
  take(at: number): void {
    if (this.rate > 0) this.tat = Math.max(this.tat, at) + this.interval;
  }

  idle(now: number): boolean {
    return this.tat <= now;
  }
}

/**
 * The overall pace as a queue rather than slots booked on arrival, so an urgent message can take the
 * next free slot ahead of those already waiting. Its timer runs only while someone waits.
 */
class Gate {
  private readonly waiting = new Lanes<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pace: Pace,
    private readonly clock: () => number,
  ) {}

  /** Resolves when the overall pace lets the caller's message go. */
  pass(priority: Priority): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(priority, resolve);
      this.admit();
    });
  }

  private admit(): void {
    if (this.timer !== undefined) return;
    while (this.waiting.size > 0) {
      const wait = this.pace.wait(this.clock());
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.admit();
        }, wait);
        return;
      }
      this.pace.take(this.clock());
      this.waiting.shift()?.();
    }
  }
}

/** One chat: its pace, its waiting calls, and whether one of them is being let through. */
interface ChatLine {
  pace: Pace;
  waiting: Lanes<Waiter>;
  busy: boolean;
}

interface Waiter {
  priority: Priority;
  go: () => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class OutboundLimiter {
  private readonly global: Gate;
  /** One message at a time per chat, so its pace counts the moment each really went. */
  private readonly chats = new Map<string, ChatLine>();

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: () => number = Date.now,
  ) {
    // The overall limit is a steady pace: bursts there are what Telegram answers with 429.
    this.global = new Gate(new Pace(limits.perSecond, 1), clock);
  }

  /**
   * Resolves when a message to `chatKey` may go, at both paces: after the chat's earlier ones, or for
   * an urgent one right after the chat's message in progress (and after earlier urgent ones).
   */
  acquire(chatKey: string, priority: Priority = 'normal'): Promise<void> {
    if (this.limits.perSecond <= 0 && this.limits.perChatPerSecond <= 0) return Promise.resolve();
    return new Promise((go) => {
      const line = this.line(chatKey);
      line.waiting.push(priority, { priority, go });
      if (!line.busy) void this.serve(line);
    });
  }

  /** Lets the chat's waiting calls through one at a time; the first is taken at once (in progress). */
  private async serve(line: ChatLine): Promise<void> {
    line.busy = true;
    for (let next = line.waiting.shift(); next; next = line.waiting.shift()) {
      await this.pass(line.pace, next.priority);
      next.go();
    }
    line.busy = false;
    this.forgetIdle();
  }

  private async pass(chat: Pace, priority: Priority): Promise<void> {
    const chatWait = chat.wait(this.clock());
    if (chatWait > 0) await sleep(chatWait);
    await this.global.pass(priority);
    chat.take(this.clock());
  }

  private line(key: string): ChatLine {
    let line = this.chats.get(key);
    if (!line) {
      line = { pace: new Pace(this.limits.perChatPerSecond, this.limits.chatBurst), waiting: new Lanes(), busy: false };
      this.chats.set(key, line);
    }
    return line;
  }

  private forgetIdle(): void {
    if (this.chats.size < 1000) return;
    const now = this.clock();
    for (const [key, line] of this.chats) if (!line.busy && line.pace.idle(now)) this.chats.delete(key);
  }
}

/**
 * Carries a message's priority from the channel's send() to the transformer below, through grammY's
 * call chain; auto-retry's later attempts run in the same async context, so they keep it.
 */
const priorityOfCall = new AsyncLocalStorage<Priority>();

/** Runs `calls` with every Bot API call they make paced at `priority`. */
export function withPriority<T>(priority: Priority, calls: () => Promise<T>): Promise<T> {
  return priorityOfCall.run(priority, calls);
}

/** Methods that put or change a message in a chat: the ones Telegram counts. */
const PACED = /^(send|edit|copy|forward)/;

/** A grammY API transformer applying the limiter to message-producing calls. */
export function pacingTransformer(limiter: OutboundLimiter): Transformer {
  return async (prev, method, payload, signal) => {
    const chatId: unknown = payload && typeof payload === 'object' && 'chat_id' in payload ? payload.chat_id : undefined;
    if (PACED.test(method) && method !== 'sendChatAction' && (typeof chatId === 'number' || typeof chatId === 'string')) {
      await limiter.acquire(String(chatId), priorityOfCall.getStore() ?? 'normal');
    }
    return prev(method, payload, signal);
  };
}
