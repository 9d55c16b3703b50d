// Conversation state in Redis, one key per person and channel, expiring after inactivity.
// In single-process mode a small in-memory cache saves the read on every message: this process
// is then the only writer of sessions, so the cache cannot go stale (erasure evicts it).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { addressKey, type Address } from '../core/message.js';
import { sessionStateSchema, type SessionState } from '../engine/state.js';
import type { TurnFence } from './person-lock.js';

/**
 * A fenced write (MULTI_INSTANCE): only while the person's lock holds the turn's token, and the
 * message the turn handled leaves the processing list in the same step (see redis-inbox.ts).
 */
const SAVE_FENCED = `
if redis.call('get', KEYS[2]) ~= ARGV[3] then return 0 end
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
if KEYS[3] then redis.call('lrem', KEYS[3], 1, ARGV[4]) end
return 1`;

export interface SessionCacheOptions {
  maxEntries: number;
  maxAgeMs: number;
}

interface Cached {
  state: SessionState;
  at: number;
}

export class SessionStore {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly log: Logger,
    /** Only when no other process writes sessions (MULTI_INSTANCE=false). */
    private readonly cacheOptions?: SessionCacheOptions,
  ) {}

  key(address: Address): string {
    return `${this.prefix}:session:${address.channel}:${address.userId}`;
  }

  async load(address: Address): Promise<SessionState | null> {
    const hit = this.cacheOptions && this.cache.get(addressKey(address));
    if (hit && Date.now() - hit.at < (this.cacheOptions?.maxAgeMs ?? 0)) return structuredClone(hit.state);
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

  /**
   * With a fence (a turn under the person's lock), the write is refused, false and a warning, when
   * another process took the person meanwhile: its state is newer than this turn's.
   */
  async save(address: Address, state: SessionState, fence?: TurnFence): Promise<boolean> {
    const json = JSON.stringify(state);
    if (fence) {
      const keys = [this.key(address), fence.lockKey, ...(fence.processing ? [fence.processing.key] : [])];
      const saved = await this.redis.eval(SAVE_FENCED, keys.length, ...keys, json, this.ttlSeconds, fence.token, fence.processing?.entry ?? '');
      if (saved !== 1) {
        this.log.warn({ channel: address.channel }, "session not saved: another process took this person while the turn ran (the turn outlived its lock)");
        return false;
      }
    } else {
      await this.redis.set(this.key(address), json, 'EX', this.ttlSeconds);
    }
    if (this.cacheOptions) this.remember(addressKey(address), state);
    return true;
  }

  /** Forgets the cached copy (after an erasure made elsewhere). */
  evict(address: Address): void {
    this.cache.delete(addressKey(address));
  }

  private remember(key: string, state: SessionState): void {
    // Map order is insertion order: re-inserting keeps the most recent last, so the first is the oldest.
    this.cache.delete(key);
    this.cache.set(key, { state: structuredClone(state), at: Date.now() });
    if (this.cache.size > (this.cacheOptions?.maxEntries ?? 0)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
