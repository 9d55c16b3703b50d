// Admin sign-in state, kept in Redis so that every process behind one address shares it and a
// restart keeps people signed in:
// - a session is a random id (32 bytes) under `{prefix}:admin-session:{id}`, with an expiry; the
//   cookie carries only the id, and signing out deletes the key;
// - failed sign-ins are counted per client under `{prefix}:admin-login-failures:{client}` for a
//   fixed window: past the limit, sign-in waits until the window ends (never a lasting lock-out).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface AdminSessionsOptions {
  redis: Redis;
  prefix: string;
  /** How long a session lasts after sign-in. Default 12 h. */
  sessionSeconds?: number;
  /** Failed sign-ins allowed per client within `failureWindowSeconds`. Default 5 per 60 s. */
  maxFailures?: number;
  failureWindowSeconds?: number;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export class AdminSessions {
  readonly sessionSeconds: number;
  private readonly maxFailures: number;
  private readonly failureWindowSeconds: number;

  constructor(private readonly opts: AdminSessionsOptions) {
    this.sessionSeconds = opts.sessionSeconds ?? 12 * 3600;
    this.maxFailures = opts.maxFailures ?? 5;
    this.failureWindowSeconds = opts.failureWindowSeconds ?? 60;
  }

  sessionKey(id: string): string {
    return `${this.opts.prefix}:admin-session:${id}`;
  }

  /** Opens a session and returns its id (for the cookie). */
  async open(): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.opts.redis.set(this.sessionKey(id), '1', 'EX', this.sessionSeconds);
    return id;
  }

  async isOpen(id: string | undefined): Promise<boolean> {
    if (id === undefined || !SESSION_ID.test(id)) return false;
    return (await this.opts.redis.exists(this.sessionKey(id))) === 1;
  }

  async close(id: string | undefined): Promise<void> {
    if (id !== undefined && SESSION_ID.test(id)) await this.opts.redis.del(this.sessionKey(id));
  }

  /** Seconds this client must wait before trying again (0: it may try now). */
  async retryAfter(client: string): Promise<number> {
    const key = this.failuresKey(client);
    const failures = Number((await this.opts.redis.get(key)) ?? 0);
    if (failures < this.maxFailures) return 0;
    return Math.max(1, await this.opts.redis.ttl(key));
  }

  async recordFailure(client: string): Promise<void> {
    const key = this.failuresKey(client);
    // The window starts at the first failure and is not extended by later ones.
    await this.opts.redis.multi().set(key, '0', 'EX', this.failureWindowSeconds, 'NX').incr(key).exec();
  }

  private failuresKey(client: string): string {
    return `${this.opts.prefix}:admin-login-failures:${client}`;
  }
}

/** Compares two secrets in constant time, whatever their lengths (both are hashed first). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}
