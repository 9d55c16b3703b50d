// Flood control per person: past `max` messages in `windowSeconds`, one "slow down" message,
// then the rest is ignored until the window passes; nobody else is slowed down. With several
// processes the count lives in Redis; with one, in memory (it runs on every message).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { addressKey, type Address } from '../core/message.js';

export interface FloodOptions {
  redis: Redis;
  prefix: string;
  max: number;
  windowSeconds: number;
  /** Count in this process's memory (single-process mode). */
  local?: boolean;
}

interface Window {
  count: number;
  endsAt: number;
  warned: boolean;
}

export class FloodGuard {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly opts: FloodOptions) {}

  /** Counts this message; resolves to true when it may be handled. */
  async admit(address: Address): Promise<boolean> {
    const who = addressKey(address);
    if (this.opts.local) return this.localWindow(who).count <= this.opts.max;
    const key = `${this.opts.prefix}:flood:${who}`;
    const [[, count]] = (await this.opts.redis.multi().incr(key).expire(key, this.opts.windowSeconds, 'NX').exec()) as [[Error | null, number]];
    return count <= this.opts.max;
  }

  /** True once per window: whether to tell the person to slow down. */
  async shouldWarn(address: Address, log: Logger): Promise<boolean> {
    log.info({ channel: address.channel }, 'flood: message ignored');
    const who = addressKey(address);
    if (this.opts.local) {
      const window = this.windows.get(who);
      if (!window || window.warned) return false;
      window.warned = true;
      return true;
    }
    const set = await this.opts.redis.set(`${this.opts.prefix}:flood-warned:${who}`, '1', 'EX', this.opts.windowSeconds, 'NX');
    return set === 'OK';
  }

  private localWindow(who: string): Window {
    const now = Date.now();
    let window = this.windows.get(who);
    if (!window || window.endsAt <= now) {
      if (this.windows.size > 50_000) for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
      window = { count: 0, endsAt: now + this.opts.windowSeconds * 1000, warned: false };
      this.windows.set(who, window);
    }
    window.count += 1;
    return window;
  }
}
