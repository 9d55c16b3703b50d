// The number's send rate (WHATSAPP_CLOUD_RATE_PER_SECOND), shared by every process on one Redis:
// GCRA (the generic cell rate algorithm, a token bucket kept as one "theoretical arrival time"),
// refilled `perSecond` per second with a burst of `perSecond`. Unlike a counter per clock second,
// it never lets twice the rate through around a second boundary. The script reads Redis's own
// clock (TIME), so processes with skewed clocks still share one budget.
import type { Redis } from 'ioredis';

export interface RateLimiterOptions {
  redis: Redis;
  /** `{prefix}:whatsapp-cloud:rate` */
  prefix: string;
  perSecond: number;
  sleep?: (ms: number) => Promise<void>;
}

// ARGV[1]: ms between two sends; ARGV[2]: burst. Returns 0 (send now) or the ms to wait.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat + interval - burst * interval - now
if wait > 0 then return math.ceil(wait) end
local next = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', next), 'PX', math.ceil(next - now) + 1000)
return 0`;

export class SharedRateLimiter {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly interval: number;
  private readonly burst: number;

  constructor(private readonly opts: RateLimiterOptions) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.interval = 1000 / opts.perSecond;
    this.burst = Math.max(1, Math.floor(opts.perSecond));
  }

  /** Resolves when this process may send one message. */
  async take(): Promise<void> {
    if (!(this.opts.perSecond > 0)) return;
    for (;;) {
      const wait = Number(await this.opts.redis.eval(TAKE, 1, `${this.opts.prefix}:whatsapp-cloud:rate`, String(this.interval), String(this.burst)));
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }
}
