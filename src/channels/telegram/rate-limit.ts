// Outbound pacing for Telegram: at most `perSecond` messages overall and `perChatPerSecond` per chat
// (after a small per-chat burst). Calls wait their turn in arrival order; none is dropped.
// GCRA (virtual scheduling): each pace remembers when its next message is due, so no timer runs idle.
import type { Transformer } from 'grammy';

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

  /** Books the next slot for a message asked for at `now`; ms to wait for it. */
  reserve(now: number): number {
    const wait = this.wait(now);
    this.take(now + wait);
    return wait;
  }

  idle(now: number): boolean {
    return this.tat <= now;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class OutboundLimiter {
  private readonly global: Pace;
  private readonly chats = new Map<string, Pace>();
  /** One message at a time per chat, so its pace counts the moment each really went. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: () => number = Date.now,
  ) {
    // The overall limit is a steady pace: bursts there are what Telegram answers with 429.
    this.global = new Pace(limits.perSecond, 1);
  }

  /** Resolves when a message to `chatKey` may go: after the chat's previous one, at both paces. */
  acquire(chatKey: string): Promise<void> {
    if (this.limits.perSecond <= 0 && this.limits.perChatPerSecond <= 0) return Promise.resolve();
    const mine = (this.tails.get(chatKey) ?? Promise.resolve()).then(() => this.pass(chatKey));
    const tail = mine.catch(() => undefined);
    this.tails.set(chatKey, tail);
    void tail.then(() => {
      if (this.tails.get(chatKey) === tail) this.tails.delete(chatKey);
    });
    return mine;
  }

  private async pass(chatKey: string): Promise<void> {
    const chat = this.chatPace(chatKey);
    const chatWait = chat.wait(this.clock());
    if (chatWait > 0) await sleep(chatWait);
    const globalWait = this.global.reserve(this.clock());
    if (globalWait > 0) await sleep(globalWait);
    chat.take(this.clock());
    this.forgetIdle();
  }

  private chatPace(key: string): Pace {
    let pace = this.chats.get(key);
    if (!pace) {
      pace = new Pace(this.limits.perChatPerSecond, this.limits.chatBurst);
      this.chats.set(key, pace);
    }
    return pace;
  }

  private forgetIdle(): void {
    if (this.chats.size < 1000) return;
    const now = this.clock();
    for (const [key, pace] of this.chats) if (pace.idle(now) && !this.tails.has(key)) this.chats.delete(key);
  }
}

/** Methods that put or change a message in a chat: the ones Telegram counts. */
const PACED = /^(send|edit|copy|forward)/;

/** A grammY API transformer applying the limiter to message-producing calls. */
export function pacingTransformer(limiter: OutboundLimiter): Transformer {
  return async (prev, method, payload, signal) => {
    const chatId: unknown = payload && typeof payload === 'object' && 'chat_id' in payload ? payload.chat_id : undefined;
    if (PACED.test(method) && method !== 'sendChatAction' && (typeof chatId === 'number' || typeof chatId === 'string')) {
      await limiter.acquire(String(chatId));
    }
    return prev(method, payload, signal);
  };
}
