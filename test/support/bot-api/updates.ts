// A bot's update queue. Like Telegram, an update stays queued until confirmed: by a later getUpdates whose
// offset passes it, or by a successful webhook delivery. getUpdates with a timeout is a real long poll.
import type { Update } from 'grammy/types';
import { type ApiError, conflict, OTHER_GET_UPDATES } from './errors.js';

export type NewUpdate = Omit<Update, 'update_id'>;

interface Waiter {
  limit: number;
  resolve(updates: Update[]): void;
  reject(error: ApiError): void;
}

export class UpdateQueue {
  private pending: Update[] = [];
  private lastId = 0;
  private waiter: Waiter | undefined;
  private wakeScheduled = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly onChange: () => void) {}

  push(update: NewUpdate): Update {
    this.lastId += 1;
    const full: Update = { update_id: this.lastId, ...update };
    this.pending.push(full);
    this.scheduleWake();
    this.onChange();
    return full;
  }

  get size(): number {
    return this.pending.length;
  }

  peek(): Update | undefined {
    return this.pending[0];
  }

  list(): readonly Update[] {
    return [...this.pending];
  }

  /** Telegram's offset rule: forget updates below `offset`; a negative offset keeps only the last -offset. */
  confirm(offset: number): void {
    const before = this.pending.length;
    this.pending = offset < 0 ? this.pending.slice(offset) : this.pending.filter((u) => u.update_id >= offset);
    if (this.pending.length !== before) this.onChange();
  }

  remove(updateId: number): void {
    this.pending = this.pending.filter((u) => u.update_id !== updateId);
    this.onChange();
  }

  dropAll(): void {
    this.pending = [];
    this.onChange();
  }

  /** Called whenever an update is queued; the webhook deliverer uses it. */
  onPush(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Answers at once if updates are queued or `timeoutMs` is 0; otherwise holds until one is queued, the
   * timeout passes, or the client goes away (`signal`). A newer poll ends the older one with 409, as Telegram does.
   */
  poll(limit: number, timeoutMs: number, signal: AbortSignal): Promise<Update[]> {
    const ready = this.pending.slice(0, limit);
    if (ready.length > 0 || timeoutMs <= 0) return Promise.resolve(ready);
    this.terminatePoll(conflict(OTHER_GET_UPDATES));
    return new Promise<Update[]>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.waiter === waiter) this.waiter = undefined;
      };
      const onAbort = (): void => {
        finish();
        resolve([]);
      };
      const timer = setTimeout(onAbort, timeoutMs);
      const waiter: Waiter = {
        limit,
        resolve: (updates) => {
          finish();
          resolve(updates);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      };
      this.waiter = waiter;
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ends a held long poll with an error (another poll arrived, or a webhook was set). */
  terminatePoll(error: ApiError): void {
    this.waiter?.reject(error);
  }

  /** Ends a held long poll with no updates (server shutting down). */
  release(): void {
    this.waiter?.resolve([]);
  }

  private scheduleWake(): void {
    for (const listener of this.listeners) listener();
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    // Deferred so that updates queued in one synchronous burst reach the bot in one batch.
    setImmediate(() => {
      this.wakeScheduled = false;
      const waiter = this.waiter;
      if (waiter !== undefined && this.pending.length > 0) waiter.resolve(this.pending.slice(0, waiter.limit));
    });
  }
}
