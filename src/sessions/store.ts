// Conversation state in Redis, one key per person and channel, expiring after inactivity.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Address } from '../core/message.js';
import { sessionStateSchema, type SessionState } from '../engine/state.js';

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly log: Logger,
  ) {}

  key(address: Address): string {
    return `${this.prefix}:session:${address.channel}:${address.userId}`;
  }

  async load(address: Address): Promise<SessionState | null> {
    const raw = await this.redis.get(this.key(address));
    if (raw === null) return null;
    try {
      const parsed = sessionStateSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
      this.log.warn({ channel: address.channel, issues: parsed.error.issues.length }, 'stored session has an old or broken shape; starting afresh');
    } catch {
      this.log.warn({ channel: address.channel }, 'stored session is not JSON; starting afresh');
    }
    return null;
  }

  async save(address: Address, state: SessionState): Promise<void> {
    await this.redis.set(this.key(address), JSON.stringify(state), 'EX', this.ttlSeconds);
  }

  async delete(address: Address): Promise<void> {
    await this.redis.del(this.key(address));
  }
}
