// "Never twice": one mark per occurrence, `{prefix}:sent:{id}:{occurrence}`.
//
// Crash windows, and the choice made:
//  - claim (SET NX "sending:{owner}", with a lease) before the send, confirm ("sent") after it.
//    The owner is the attempt's BullMQ job token: only that attempt renews or releases its claim.
//  - The lease is renewed while the send is in flight (every third of it), so a slow send by a
//    live process (a paced or retried platform call) keeps its claim however long it takes, and
//    no other attempt sends beside it. It lapses only when the process dies (or its event loop
//    is blocked for two thirds of the lease): it is as long as the job's BullMQ lock, so a
//    killed process's claims are free again by the time its jobs are taken back.
//  - A send that fails with an error (channel down) releases the claim: it was not sent.
//  - Crash after "sent" (before the job completes): the stalled job runs again, sees "sent",
//    and does not send again. This is the usual crash window (Redis writes after a send).
//  - "prompted" follows "sent" once the person was moved to the reminder's buttons (they travel in
//    the reminder's message): a retry after a crash between the two moves them, sends nothing.
//  - Crash during the send call itself (a single HTTP request): we cannot know whether the
//    platform took the message. When the lease expires, a retry sends it again. We prefer a rare
//    duplicate to a lost reminder (a missed residence-permit deadline costs far more).
//  - Redis unreachable for longer than the lease while a send is in flight: the claim may lapse
//    before "sent" is written. The connection replays the waiting "sent" as soon as Redis is back,
//    before another process could take the job back, claim and send: unlikely, not impossible.
import type { Redis } from 'ioredis';

export type Claim = 'claimed' | 'sent' | 'busy';

/** Marks outlive the jobs (retries stop after about a day) by a wide margin. */
const SENT_TTL_SECONDS = 30 * 86_400;

const SENDING = 'sending:';

/** Extends (ARGV[2] ms) or deletes the claim only while it is still the owner's (ARGV[1]). */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class SentMarks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /**
     * How long a claim holds after its process stopped renewing it (died): then another attempt may
     * send. The worker's BullMQ lock duration, so that both free up together after a crash.
     */
    readonly leaseMs: number,
  ) {
    if (!(leaseMs > 0)) throw new Error(`the "sent" lease must be a positive number of ms (got ${leaseMs})`);
  }

  key(id: string, occurrence: number): string {
    return `${this.prefix}:sent:${id}:${occurrence}`;
  }

  /** `owner`: who sends (the job's lock token); the same owner renews and releases the claim. */
  async claim(id: string, occurrence: number, owner: string): Promise<Claim> {
    const key = this.key(id, occurrence);
    const ok = await this.redis.set(key, SENDING + owner, 'PX', this.leaseMs, 'NX');
    if (ok === 'OK') return 'claimed';
    return isDone(await this.redis.get(key)) ? 'sent' : 'busy';
  }

  /**
   * Runs `send` while renewing the owner's claim, so that it holds as long as the send is in
   * flight. `lost` is called if the claim was gone at a renewal (lapsed: another attempt may send).
   */
  async holding<T>(id: string, occurrence: number, owner: string, send: () => Promise<T>, lost?: () => void): Promise<T> {
    const key = this.key(id, occurrence);
    let warned = false;
    const renew = async (): Promise<void> => {
      const renewed = await this.redis.eval(RENEW, 1, key, SENDING + owner, this.leaseMs).catch(() => 1);
      if (renewed === 0 && !warned) {
        warned = true;
        lost?.();
      }
    };
    const timer = setInterval(() => void renew(), Math.max(1, Math.floor(this.leaseMs / 3)));
    try {
      return await send();
    } finally {
      clearInterval(timer);
    }
  }

  /** How long a claim held by another attempt still lasts, in ms (0 when there is none). */
  async leaseLeft(id: string, occurrence: number): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.key(id, occurrence)));
  }

  async confirm(id: string, occurrence: number): Promise<void> {
    await this.redis.set(this.key(id, occurrence), 'sent', 'EX', SENT_TTL_SECONDS);
  }

  /** Gives the claim up (the send failed): only the owner's claim, never another attempt's. */
  async release(id: string, occurrence: number, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(id, occurrence), SENDING + owner);
  }

  async isSent(id: string, occurrence: number): Promise<boolean> {
    return isDone(await this.redis.get(this.key(id, occurrence)));
  }

  /** After the buttons that follow the reminder were sent too (the mark keeps meaning "sent"). */
  async markPrompted(id: string, occurrence: number): Promise<void> {
    await this.redis.set(this.key(id, occurrence), 'prompted', 'EX', SENT_TTL_SECONDS);
  }

  async isPrompted(id: string, occurrence: number): Promise<boolean> {
    return (await this.redis.get(this.key(id, occurrence))) === 'prompted';
  }
}

/** A mark's state, as the tests and tools read it: a claim in flight, sent, or sent with its buttons. */
export function markState(value: string | null): 'sending' | 'sent' | 'prompted' | null {
  if (value === null) return null;
  if (value.startsWith(SENDING)) return 'sending';
  return value === 'sent' || value === 'prompted' ? value : null;
}

function isDone(value: string | null): boolean {
  return value === 'sent' || value === 'prompted';
}
