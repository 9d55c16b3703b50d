// The 24-hour customer service window: free-form messages may go only within 24 hours of the
// person's last message; after that only templates. The last inbound time is kept per person at
// `{prefix}:whatsapp-cloud:window:whatsapp:{userId}` (the erasure sweep finds it by its
// `whatsapp:{userId}` segments), expiring with the window.
import type { Redis } from 'ioredis';

export const WINDOW_MS = 24 * 60 * 60 * 1000;

export class ServiceWindow {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  key(userId: string): string {
    return `${this.prefix}:whatsapp-cloud:window:whatsapp:${userId}`;
  }

  /** The person wrote at `at`: the window is open until 24 hours later (a later time never goes back). */
  async opened(userId: string, at: Date): Promise<void> {
    const ms = at.getTime();
    const left = ms + WINDOW_MS - this.now();
    if (left <= 0) return;
    const key = this.key(userId);
    const previous = Number(await this.redis.get(key));
    if (Number.isFinite(previous) && previous >= ms) return;
    await this.redis.set(key, String(ms), 'PX', left);
  }

  /** True while free-form messages may go to the person (a margin of a minute for clocks and queues). */
  async isOpen(userId: string, marginMs = 60_000): Promise<boolean> {
    const last = Number(await this.redis.get(this.key(userId)));
    return last > 0 && this.now() < last + WINDOW_MS - marginMs;
  }

  async erase(userId: string): Promise<void> {
    await this.redis.del(this.key(userId));
  }
}
