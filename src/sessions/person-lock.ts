// One process's hold on a person (MULTI_INSTANCE): the key `lock:{channel}:{user}` holds a random
// token and expires after `ttlMs`. While the holder works (a turn, a reminder's delivery), a
// heartbeat extends it every third of that time, and only while it still holds our token: a long
// turn (WhatsApp pacing, Telegram 429 waits) keeps the person, and a process that dies frees them
// after `ttlMs`. One turn keeps the person for MAX_TURN_MS at most: a turn stuck on a call that
// never returns lets them go then, rather than keep them from every process for good.
// A process that stalls longer than `ttlMs` (event loop blocked, Redis out of reach) may find the
// person taken when it wakes: `lost` turns true and a warning is logged. What it still writes is
// fenced: a session write checks the token in the same script (SessionStore.save), so a stale turn
// cannot overwrite the new holder's state.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Past this, a turn's hold is no longer renewed (a turn this long is stuck, not slow). */
export const MAX_TURN_MS = 10 * 60_000;
const POLL_MIN_MS = 5;
const POLL_MAX_MS = 100;

/**
 * What a write made under a person's lock checks in the same step: the lock still holds `token`.
 * A turn that handles a message from the person's inbox also names it (`processing`): the session
 * write removes it from the processing list, so a crash after the write cannot replay the turn.
 */
export interface TurnFence {
  lockKey: string;
  token: string;
  processing?: { key: string; entry: string };
}

export class PersonLock {
  private timer: NodeJS.Timeout | undefined;
  private renewing = false;
  private isLost = false;
  private turnSince = Date.now();

  private constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly token: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {}

  /** Takes the person if nobody holds them, and starts the heartbeat; undefined when taken. */
  static async tryAcquire(redis: Redis, key: string, ttlMs: number, log: Logger): Promise<PersonLock | undefined> {
    const token = randomUUID();
    if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
    const lock = new PersonLock(redis, key, token, ttlMs, log);
    lock.timer = setInterval(() => void lock.renew(), Math.max(1, Math.floor(ttlMs / 3)));
    lock.timer.unref();
    return lock;
  }

  /** Waits until the person is free (the holder releases, or its lock expires), then takes them. */
  static async acquire(redis: Redis, key: string, ttlMs: number, log: Logger): Promise<PersonLock> {
    let pause = POLL_MIN_MS;
    for (;;) {
      const lock = await PersonLock.tryAcquire(redis, key, ttlMs, log);
      if (lock) return lock;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, POLL_MAX_MS);
    }
  }

  /** True once a renewal found the lock expired or held by another process. */
  get lost(): boolean {
    return this.isLost;
  }

  /** A new turn starts under this hold (MAX_TURN_MS counts from here). */
  newTurn(): void {
    this.turnSince = Date.now();
  }

  fence(processing?: TurnFence['processing']): TurnFence {
    return { lockKey: this.key, token: this.token, ...(processing ? { processing } : {}) };
  }

  /** Stops the heartbeat and frees the person (when still ours). */
  async release(): Promise<void> {
    clearInterval(this.timer);
    if (!this.isLost) await this.redis.eval(RELEASE, 1, this.key, this.token);
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.isLost) return;
    if (Date.now() - this.turnSince > MAX_TURN_MS) {
      clearInterval(this.timer);
      this.log.warn({ minutes: MAX_TURN_MS / 60_000 }, 'a turn has held its person too long: no longer renewing the lock, other processes may take them');
      return;
    }
    this.renewing = true;
    try {
      if ((await this.redis.eval(EXTEND, 1, this.key, this.token, this.ttlMs)) === 0) {
        this.isLost = true;
        clearInterval(this.timer);
        this.log.warn({ lockMs: this.ttlMs }, "lost a person's lock while working (it expired during a stall, or the person was erased): this turn's session write will be refused");
      }
    } catch (err) {
      // Redis out of reach: the next beat tries again; if the lock expires meanwhile, the fence refuses the write.
      this.log.warn({ err }, "could not renew a person's lock");
    } finally {
      this.renewing = false;
    }
  }
}
