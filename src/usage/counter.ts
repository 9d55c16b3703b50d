// Writes the anonymous usage counts (keys.ts). Fire and forget: a count is a few Redis commands
// sent in the background; a failure is a logged warning (never a person, an id or a text), never a
// failed or slower conversation. Distinct people go into HyperLogLogs, fed a keyed hash of the
// person's address so that even the HLL input is not the id: the key is a random salt drawn per
// month and erased when the month ends (LOG_HASH_KEY is not used: it is optional, drawn again at
// each start when unset, and would tie these counts to the logs' hashes).
import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { UsageEvent } from './model.js';
import { addMonths, expiryOf, fieldOf, localDay, monthStart, UsageKeys } from './keys.js';

/** What the features call. Each method returns at once and never throws. */
export interface UsageSink {
  count(event: UsageEvent, at?: Date): void;
  /** A person wrote: `personKey` is their address key ("telegram:123"); only its keyed hash is used. */
  seen(personKey: string, at?: Date): void;
  /** An educator took a conversation after it waited `seconds`. */
  took(team: string, seconds: number, at?: Date): void;
}

/** Counts nothing (tools and tests that build a service without Redis usage). */
export const NO_USAGE: UsageSink = { count: () => undefined, seen: () => undefined, took: () => undefined };

export interface UsageCounterOptions {
  redis: Redis;
  prefix: string;
  timeZone: string;
  /** USAGE_RETENTION_MONTHS. */
  retentionMonths: number;
  log: Logger;
  clock?: () => Date;
}

/** A late write for a month just ended still finds its salt this long after the month. */
const SALT_GRACE_MS = 2 * 86_400_000;

export class UsageCounter implements UsageSink {
  readonly keys: UsageKeys;
  private readonly clock: () => Date;
  private readonly salts = new Map<string, Promise<string>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: UsageCounterOptions) {
    this.keys = new UsageKeys(o.prefix);
    this.clock = o.clock ?? (() => new Date());
  }

  count(event: UsageEvent, at: Date = this.clock()): void {
    this.run(event.kind, async () => {
      const { day, month } = localDay(at, this.o.timeZone);
      const key = this.keys.day(day);
      await exec(this.o.redis.pipeline().hincrby(key, fieldOf(event.kind, event.label ?? ''), 1).expireat(key, this.expiry(month)));
    });
  }

  seen(personKey: string, at: Date = this.clock()): void {
    this.run('people', async () => {
      const { day, month } = localDay(at, this.o.timeZone);
      const hashed = createHmac('sha256', await this.salt(month)).update(personKey).digest('base64url');
      const [dayKey, monthKey, until] = [this.keys.peopleDay(day), this.keys.peopleMonth(month), this.expiry(month)];
      await exec(this.o.redis.pipeline().pfadd(dayKey, hashed).expireat(dayKey, until).pfadd(monthKey, hashed).expireat(monthKey, until));
    });
  }

  took(team: string, seconds: number, at: Date = this.clock()): void {
    this.run('handoff.take-time', async () => {
      const { month } = localDay(at, this.o.timeZone);
      const key = this.keys.take(month, team);
      await exec(this.o.redis.pipeline().rpush(key, Math.max(0, Math.round(seconds))).expireat(key, this.expiry(month)));
    });
  }

  /** Resolves once every count sent so far has landed (or failed): tests, and a graceful stop. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private run(what: string, task: () => Promise<void>): void {
    let done: Promise<void>;
    try {
      done = task().catch((err: unknown) => this.warn(what, err));
    } catch (err) {
      this.warn(what, err);
      return;
    }
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private warn(what: string, err: unknown): void {
    // The message only (a Redis reply error's command, with its arguments, stays out of the log).
    this.o.log.warn({ what, error: err instanceof Error ? err.message : String(err) }, 'usage not counted');
  }

  /** Seconds since the epoch when a month's keys expire (EXPIREAT). */
  private expiry(month: string): number {
    return Math.floor(expiryOf(month, this.o.retentionMonths, this.o.timeZone).getTime() / 1000);
  }

  /** The month's salt, shared by every process through Redis (the first to ask draws it). */
  private salt(month: string): Promise<string> {
    let salt = this.salts.get(month);
    if (!salt) {
      const key = this.keys.salt(month);
      const until = Math.min(monthStart(addMonths(month, 1), this.o.timeZone).getTime() + SALT_GRACE_MS, expiryOf(month, this.o.retentionMonths, this.o.timeZone).getTime());
      salt = (async () => {
        await this.o.redis.set(key, randomBytes(32).toString('base64url'), 'PXAT', until, 'NX');
        const stored = await this.o.redis.get(key);
        if (!stored) throw new Error('usage salt missing');
        return stored;
      })();
      // A failure is not remembered: the next count tries again.
      salt.catch(() => this.salts.delete(month));
      this.salts.set(month, salt);
    }
    return salt;
  }
}

/** Runs a pipeline; the first command error rejects (ioredis reports them per command). */
async function exec(pipeline: ReturnType<Redis['pipeline']>): Promise<void> {
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
}
