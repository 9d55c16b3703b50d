// Gentle sending, to lower the risk of the number being banned: a global cap on messages per
// minute, a minimum gap between two messages to the same chat, and a short typing state whose
// length follows the text. Callers keep each chat's messages in order; the pacer only waits.

export interface PacingOptions {
  /** At most this many messages in any 60-second window, all chats together. */
  perMinute: number;
  /** At least this long between two messages to the same chat. */
  chatGapMs: number;
  /** Longest typing state; a short text types for less (0 disables typing). */
  maxTypingMs: number;
}

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

export class Pacer {
  /** Send times of the last `perMinute` messages (oldest first). */
  private readonly recent: number[] = [];
  private readonly lastByChat = new Map<string, number>();
  /** Slots are granted one at a time so concurrent chats cannot both take the last one. */
  private slotChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: PacingOptions,
    private readonly timing: Timing = realTiming,
  ) {
    if (!(options.perMinute >= 1)) throw new Error('perMinute must be at least 1');
  }

  /**
   * Waits for the chat's gap and a global slot, shows typing for a moment, then runs `send`.
   * Call it for one chat at a time (the caller's per-chat queue).
   */
  async pace<T>(chat: string, text: string, typing: () => Promise<void>, send: () => Promise<T>): Promise<T> {
    const last = this.lastByChat.get(chat);
    if (last !== undefined) await this.wait(last + this.options.chatGapMs - this.timing.now());
    await this.slot();
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

  /** Sends recorded in the current window (for the admin page and tests). */
  get sentInLastMinute(): number {
    const since = this.timing.now() - WINDOW_MS;
    return this.recent.filter((t) => t > since).length;
  }

  private slot(): Promise<void> {
    const granted = this.slotChain.then(async () => {
      if (this.recent.length >= this.options.perMinute) {
        const oldest = this.recent[0] ?? 0;
        await this.wait(oldest + WINDOW_MS - this.timing.now());
        this.recent.shift();
      }
      this.recent.push(this.timing.now());
    });
    this.slotChain = granted.catch(() => undefined);
    return granted;
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
