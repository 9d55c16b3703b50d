// One person's messages in order across several processes (e.g. two instances behind one
// Telegram webhook address). Each message is appended to the person's inbox list in Redis;
// whichever process holds the person's lock (person-lock.ts, renewed while it works) handles the
// list in order. The submitter's promise resolves once its own message was handled, by this
// process or another.
//
// The crash windows, and what covers each:
// - A message is moved, not popped: LMOVE from `inbox:{person}` to `inbox-processing:{person}`, and
//   removed from there once its turn is done. A process killed mid-turn leaves it there; whoever
//   takes the person next handles the processing list first, in order, then the inbox.
// - Killed after the turn's session write, before that removal: the write itself removed the message
//   from the processing list (same script, SessionStore.save), so it is not handled twice. A turn
//   that writes no session (a dropped flood message, a failed turn) may be handled again: its effect
//   is a repeated "slow down" or error message, never a state moved twice.
// - Killed while nobody else writes for that person: `inbox-people` (a set) lists everyone with
//   messages queued or in progress; each process sweeps it at start and every lock period, and
//   takes the people of its channels whose lock is free (startSweeping).
// - Stalled past the lock (person-lock.ts): another process takes the person and the message; the
//   stale turn's session write is refused (a fence on the lock's token), so it overwrites nothing.
// - Replies sent by a turn cut short are sent again by the turn that replaces it (at least once):
//   a platform send cannot be taken back, only the state is fenced.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { PersonLock, type TurnFence } from './person-lock.js';

const DEFAULT_LOCK_MS = 30_000;
const DONE_MS = 120_000;
/** How long a submitter waits for another process before draining itself (lock expiry covers crashes). */
const POLL_MIN_MS = 5;
const POLL_MAX_MS = 100;

/**
 * The next message to handle, while the lock is ours: the head of the processing list (left by a
 * turn that did not finish), else the inbox's head moved to the processing list.
 * Returns 0 when the lock is not ours, nil when there is nothing, else {entry, 1 if left over}.
 */
const NEXT = `
if redis.call('get', KEYS[3]) ~= ARGV[1] then return 0 end
local left = redis.call('lindex', KEYS[1], 0)
if left then return {left, 1} end
local moved = redis.call('lmove', KEYS[2], KEYS[1], 'LEFT', 'RIGHT')
if moved then return {moved, 0} end
return false`;

/**
 * A turn is done: off the processing list, its submitter told, the lock extended (1). When the lock
 * is no longer ours: 2 if the message already left the processing list (the turn's session write
 * took it, or the person was erased, "oubli"), 0 if it is still there for whoever holds the person.
 */
const FINISH = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then
  if redis.call('lpos', KEYS[2], ARGV[2]) then return 0 end
  redis.call('set', KEYS[3], '1', 'PX', ARGV[3])
  return 2
end
redis.call('lrem', KEYS[2], 1, ARGV[2])
redis.call('set', KEYS[3], '1', 'PX', ARGV[3])
redis.call('pexpire', KEYS[1], ARGV[4])
return 1`;

/** The person leaves the set of people with work once both lists are empty (a submit adds them back). */
const FORGET_IF_IDLE = `
if redis.call('llen', KEYS[1]) == 0 and redis.call('llen', KEYS[2]) == 0 then return redis.call('srem', KEYS[3], ARGV[1]) end
return 0`;

export interface RedisInboxOptions<T> {
  redis: Redis;
  prefix: string;
  codec: { encode(item: T): string; decode(raw: string): T };
  /** Handles one item; a session write it makes passes `fence` to SessionStore.save. */
  handle: (item: T, fence: TurnFence) => Promise<void>;
  log: Logger;
  /** How long a person stays with a process that stopped renewing its lock (default 30 s). */
  lockMs?: number;
}

export class RedisInbox<T> {
  private readonly waiting = new Map<string, () => void>();
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly log: Logger;
  readonly lockMs: number;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly options: RedisInboxOptions<T>) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.log = options.log;
    this.lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
    if (!(this.lockMs > 0)) throw new Error('lockMs must be greater than 0');
  }

  /** `accepted` resolves once the item is queued in Redis (safe to acknowledge); `handled` once handled. */
  submit(personKey: string, item: T): { accepted: Promise<void>; handled: Promise<void> } {
    const id = randomUUID();
    let settled = false;
    const done = new Promise<void>((resolve) =>
      this.waiting.set(id, () => {
        settled = true;
        resolve();
      }),
    );
    // Commands on one connection are sent in call order, so arrival order is kept.
    const entry = JSON.stringify({ id, item: this.options.codec.encode(item) });
    const accepted = this.redis
      .multi()
      .rpush(this.inboxKey(personKey), entry)
      .sadd(this.peopleKey(), personKey)
      .exec()
      .then(() => undefined);
    const handled = accepted.then(() => this.untilHandled(personKey, id, done, () => settled));
    return { accepted, handled };
  }

  private async untilHandled(personKey: string, id: string, done: Promise<void>, settled: () => boolean): Promise<void> {
    let pause = POLL_MIN_MS;
    for (;;) {
      const drained = await this.drain(personKey);
      // We held the person and emptied both lists: our message, queued before, was handled (by us,
      // or by a process that died before saying so) or erased with the person ("oubli").
      if (settled() || drained) break;
      // Another process holds the lock and will handle our message: wait for it.
      await Promise.race([done, new Promise((r) => setTimeout(r, pause))]);
      if (settled() || (await this.redis.exists(this.doneKey(id))) === 1) break;
      pause = Math.min(pause * 2, POLL_MAX_MS);
    }
    this.waiting.delete(id);
  }

  /**
   * Runs `task` holding the person's lock, between two of their messages (e.g. a reminder opening
   * its buttons while another process handles what the person writes).
   */
  async exclusive<R>(personKey: string, task: (fence: TurnFence) => Promise<R>): Promise<R> {
    const lock = await PersonLock.acquire(this.redis, this.lockKey(personKey), this.lockMs, this.personLog(personKey));
    try {
      return await task(lock.fence());
    } finally {
      // Messages that arrived meanwhile are drained by their submitters (who poll), not here: this
      // process may not run the person's channel (a reminder for a WhatsApp user taken elsewhere).
      await lock.release();
    }
  }

  /**
   * Looks for people with messages queued or left unfinished (a process died mid-turn, or between
   * queueing and handling) at once, then every lock period, and handles those `accept` says this
   * process can serve (their channel runs here) when nobody holds them.
   */
  startSweeping(accept: (personKey: string) => boolean): void {
    if (this.sweeper) return;
    const sweep = (): void => {
      if (this.sweeping) return;
      this.sweeping = this.sweep(accept)
        .catch((err: unknown) => this.log.warn({ err }, 'inbox sweep failed'))
        .finally(() => (this.sweeping = undefined));
    };
    this.sweeper = setInterval(sweep, this.lockMs);
    this.sweeper.unref();
    sweep();
  }

  /** Stops the sweeps, waiting for the one under way. */
  async stopSweeping(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    await this.sweeping;
  }

  /** One pass over the people with work: handles those nobody holds. */
  async sweep(accept: (personKey: string) => boolean): Promise<void> {
    let cursor = '0';
    do {
      const [next, people] = await this.redis.sscan(this.peopleKey(), cursor, 'COUNT', 200);
      cursor = next;
      await Promise.all(people.filter(accept).map((person) => this.drain(person)));
    } while (cursor !== '0');
  }

  /**
   * Handles the person's messages while holding their lock. True when it held the lock and left both
   * lists empty; false when another process holds the person (or took them meanwhile).
   */
  private async drain(personKey: string): Promise<boolean> {
    const log = this.personLog(personKey);
    const lock = await PersonLock.tryAcquire(this.redis, this.lockKey(personKey), this.lockMs, log);
    if (!lock) return false;
    const processing = this.processingKey(personKey);
    let emptied = false;
    try {
      for (;;) {
        const next = (await this.redis.eval(NEXT, 3, processing, this.inboxKey(personKey), lock.key, lock.token)) as 0 | null | [string, number];
        if (next === 0) break;
        if (next === null) {
          emptied = true;
          break;
        }
        const [entry, leftOver] = next;
        if (leftOver === 1) log.info('handling a message whose turn a stopped process left unfinished');
        const { id, item } = JSON.parse(entry) as { id: string; item: string };
        lock.newTurn();
        try {
          await this.options.handle(this.options.codec.decode(item), lock.fence({ key: processing, entry }));
        } catch (err) {
          log.error({ err }, 'inbox item failed');
        }
        const finished = await this.redis.eval(FINISH, 3, lock.key, processing, this.doneKey(id), lock.token, entry, DONE_MS, this.lockMs);
        if (finished === 0) {
          // The lock lapsed during the turn (and its session write was refused): the message stays in
          // the processing list for whoever holds the person next.
          log.warn('lost the person during a turn; their messages go to the next holder');
          break;
        }
        this.waiting.get(id)?.();
        this.waiting.delete(id);
        if (finished === 2) break; // done, but the person is no longer ours
      }
    } finally {
      await lock.release();
      await this.redis.eval(FORGET_IF_IDLE, 3, processing, this.inboxKey(personKey), this.peopleKey(), personKey);
    }
    return emptied;
  }

  private personLog(personKey: string): Logger {
    // The channel only: a person's id stays out of the logs.
    return this.log.child({ channel: personKey.slice(0, personKey.indexOf(':')) });
  }

  private inboxKey(personKey: string): string {
    return `${this.prefix}:inbox:${personKey}`;
  }

  private processingKey(personKey: string): string {
    return `${this.prefix}:inbox-processing:${personKey}`;
  }

  private peopleKey(): string {
    return `${this.prefix}:inbox-people`;
  }

  private lockKey(personKey: string): string {
    return `${this.prefix}:lock:${personKey}`;
  }

  private doneKey(id: string): string {
    return `${this.prefix}:inbox-done:${id}`;
  }
}
