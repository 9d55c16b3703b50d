// One person's messages in order across several processes (e.g. two instances behind one
// Telegram webhook address). Each message is appended to the person's inbox list in Redis;
// whichever process holds the person's lock drains the list in order. The submitter's promise
// resolves once its own message was handled, by this process or another.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const LOCK_MS = 30_000;
const DONE_MS = 120_000;
/** How long a submitter waits for another process before draining itself (lock expiry covers crashes). */
const POLL_MIN_MS = 5;
const POLL_MAX_MS = 100;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisInbox<T> {
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly codec: { encode(item: T): string; decode(raw: string): T },
    private readonly handle: (item: T) => Promise<void>,
    private readonly log: Logger,
  ) {}

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
    const accepted = this.redis.rpush(this.inboxKey(personKey), JSON.stringify({ id, item: this.codec.encode(item) })).then(() => undefined);
    const handled = accepted.then(() => this.untilHandled(personKey, id, done, () => settled));
    return { accepted, handled };
  }

  private async untilHandled(personKey: string, id: string, done: Promise<void>, settled: () => boolean): Promise<void> {
    let pause = POLL_MIN_MS;
    for (;;) {
      await this.drain(personKey);
      if (settled()) return;
      // Another process holds the lock and will handle our message: wait for it.
      await Promise.race([done, new Promise((r) => setTimeout(r, pause))]);
      if (settled()) return;
      if ((await this.redis.exists(this.doneKey(id))) === 1) {
        this.waiting.delete(id);
        return;
      }
      pause = Math.min(pause * 2, POLL_MAX_MS);
    }
  }

  /**
   * Runs `task` holding the person's lock, between two of their messages (e.g. a reminder opening
   * its buttons while another process handles what the person writes).
   */
  async exclusive<R>(personKey: string, task: () => Promise<R>): Promise<R> {
    const lock = this.lockKey(personKey);
    const token = randomUUID();
    let pause = POLL_MIN_MS;
    while ((await this.redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, POLL_MAX_MS);
    }
    try {
      return await task();
    } finally {
      // Messages that arrived meanwhile are drained by their submitters (who poll), not here: this
      // process may not run the person's channel (a reminder for a WhatsApp user taken elsewhere).
      await this.redis.eval(RELEASE, 1, lock, token);
    }
  }

  private async drain(personKey: string): Promise<void> {
    const lock = this.lockKey(personKey);
    const token = randomUUID();
    if ((await this.redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK') return;
    try {
      for (;;) {
        const raw = await this.redis.lpop(this.inboxKey(personKey));
        if (raw === null) break;
        const { id, item } = JSON.parse(raw) as { id: string; item: string };
        try {
          await this.handle(this.codec.decode(item));
        } catch (err) {
          this.log.error({ err }, 'inbox item failed');
        }
        await this.redis.multi().set(this.doneKey(id), '1', 'PX', DONE_MS).pexpire(lock, LOCK_MS).exec();
        this.waiting.get(id)?.();
        this.waiting.delete(id);
      }
    } finally {
      await this.redis.eval(RELEASE, 1, lock, token);
    }
  }

  private inboxKey(personKey: string): string {
    return `${this.prefix}:inbox:${personKey}`;
  }

  private lockKey(personKey: string): string {
    return `${this.prefix}:lock:${personKey}`;
  }

  private doneKey(id: string): string {
    return `${this.prefix}:inbox-done:${id}`;
  }
}
