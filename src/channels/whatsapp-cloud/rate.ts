// The number's send rate (WHATSAPP_CLOUD_RATE_PER_SECOND), shared by every process on one Redis: a
// fixed window per second counted with INCR (first one sets a 2-second expiry). A send over the
// budget waits for the next second; the count only grows, so no two processes overspend it.
import type { Redis } from 'ioredis';

export interface RateLimiterOptions {
  redis: Redis;
  /** `{prefix}:whatsapp-cloud:rate:{second}` */
  prefix: string;
  perSecond: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], 2000) end
return n`;

export class SharedRateLimiter {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: RateLimiterOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when this process may send one message. */
  async take(): Promise<void> {
    for (;;) {
      const now = this.now();
      const second = Math.floor(now / 1000);
      const n = Number(await this.opts.redis.eval(TAKE, 1, `${this.opts.prefix}:whatsapp-cloud:rate:${second}`));
      if (n <= this.opts.perSecond) return;
      await this.sleep((second + 1) * 1000 - now + 1);
    }
  }
}
