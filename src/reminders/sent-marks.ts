// "Never twice": one mark per occurrence, `{prefix}:sent:{id}:{occurrence}`.
//
// Crash windows, and the choice made:
//  - claim (SET NX "sending", with a lease) before the send, confirm ("sent") after it.
//  - A send that fails with an error (channel down) releases the claim: it was not sent.
//  - Crash after "sent" (before the job completes): the stalled job runs again, sees "sent",
//    and does not send again. This is the usual crash window (Redis writes after a send).
//  - "prompted" follows "sent" once the buttons were sent: a retry sends them only when missing
//    (a crash between the buttons and this mark can repeat them, never lose them).
//  - Crash during the send call itself (a single HTTP request): we cannot know whether the
//    platform took the message. When the lease expires, a retry sends it again. We prefer a rare
//    duplicate to a lost reminder (a missed residence-permit deadline costs far more).
import type { Redis } from 'ioredis';

export type Claim = 'claimed' | 'sent' | 'busy';

/** Marks outlive the jobs (retries stop after about a day) by a wide margin. */
const SENT_TTL_SECONDS = 30 * 86_400;

export class SentMarks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** How long a claim holds before another attempt may send (longer than any send). */
    private readonly leaseMs = 60_000,
  ) {}

  key(id: string, occurrence: number): string {
    return `${this.prefix}:sent:${id}:${occurrence}`;
  }

  async claim(id: string, occurrence: number): Promise<Claim> {
    const key = this.key(id, occurrence);
    const ok = await this.redis.set(key, 'sending', 'PX', this.leaseMs, 'NX');
    if (ok === 'OK') return 'claimed';
    return isDone(await this.redis.get(key)) ? 'sent' : 'busy';
  }

  async confirm(id: string, occurrence: number): Promise<void> {
    await this.redis.set(this.key(id, occurrence), 'sent', 'EX', SENT_TTL_SECONDS);
  }

  async release(id: string, occurrence: number): Promise<void> {
    await this.redis.del(this.key(id, occurrence));
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

function isDone(value: string | null): boolean {
  return value === 'sent' || value === 'prompted';
}
