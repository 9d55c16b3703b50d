// The staff group's own budget: Telegram lets a bot send about 20 messages a minute in a group, for
// all its topics together. Posts wait here in order; when they pile up (ten crises at once), the
// posts waiting for one topic go out as one message (the card keeps its buttons), and a topic with
// an urgent post goes first. Each post's promise settles when the message holding it is sent.
import type { StaffPost } from '../../core/staff-console.js';

interface Waiting {
  thread: number;
  post: StaffPost;
  resolve(): void;
  reject(err: unknown): void;
}

export interface StaffOutboxOptions {
  /** Sends one message in a topic (the buttons of a card, if any, under it). */
  send(thread: number, text: string, buttons: StaffPost['buttons'] | undefined): Promise<void>;
  /** Sends a post that cannot be merged (a file), as the console does. */
  sendAlone(thread: number, post: StaffPost): Promise<void>;
  /** Messages per minute in the group; 0 = no budget (tests). */
  perMinute: number;
  /** Messages that may go at once before the pace applies. */
  burst: number;
  /** Longest merged text (Telegram's limit is 4096). */
  maxChars: number;
  clock?: () => number;
}

export class StaffOutbox {
  private readonly queue: Waiting[] = [];
  private draining = false;
  /** GCRA: when the next message is due. */
  private tat = 0;
  private readonly clock: () => number;

  constructor(private readonly o: StaffOutboxOptions) {
    this.clock = o.clock ?? Date.now;
  }

  /** Resolves once the post is in the group (alone or merged); rejects when its message failed. */
  post(thread: number, post: StaffPost): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ thread, post, resolve, reject });
      void this.drain();
    });
  }

  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        await this.budget();
        const batch = this.nextBatch();
        const first = batch[0];
        if (!first) continue;
        try {
          if (first.post.media) await this.o.sendAlone(first.thread, first.post);
          else await this.o.send(first.thread, batch.map((w) => w.post.text).join('\n\n'), first.post.buttons);
          for (const w of batch) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** The posts of one topic that go in the next message: that topic's first post, then the ones that follow it. */
  private nextBatch(): Waiting[] {
    const urgent = this.queue.find((w) => w.post.kind === 'urgent');
    const thread = urgent?.thread ?? this.queue[0]?.thread;
    const batch: Waiting[] = [];
    let length = 0;
    for (const w of this.queue) {
      if (w.thread !== thread) continue;
      const mergeable = !w.post.media && (batch.length === 0 || !w.post.buttons);
      if (batch.length > 0 && (!mergeable || batch[0]?.post.media || length + w.post.text.length + 2 > this.o.maxChars)) break;
      batch.push(w);
      length += w.post.text.length + 2;
      if (w.post.media) break;
    }
    for (const w of batch) this.queue.splice(this.queue.indexOf(w), 1);
    return batch;
  }

  private async budget(): Promise<void> {
    if (this.o.perMinute <= 0) return;
    const interval = 60_000 / this.o.perMinute;
    const now = this.clock();
    const wait = Math.max(0, this.tat - (this.o.burst - 1) * interval - now);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.tat = Math.max(this.tat, this.clock()) + interval;
  }
}
