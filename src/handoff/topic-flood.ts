// A person's flood in the staff topic: at most `maxPerWindow` posts per window; what comes beyond is
// held in Redis and posted afterwards as one grouped post ("N more messages:" and their texts), so
// the staff see everything without 60 notifications. Keys (erased with the person by "oubli"):
//   {prefix}:handoff:flood:{channel}:{userId}   posts counted in the current window (expires with it)
//   {prefix}:handoff:held:{channel}:{userId}    list of held texts
//   {prefix}:handoff:held-due                    zset: address key → when the held texts are posted
import type { Redis } from 'ioredis';
import { addressKey, type Address } from '../core/message.js';
import { parseAddressKey } from './state.js';

export class TopicFlood {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxPerWindow: number,
    private readonly windowSeconds: number,
  ) {}

  private countKey(a: Address): string {
    return `${this.prefix}:handoff:flood:${a.channel}:${a.userId}`;
  }
  private heldKey(a: Address): string {
    return `${this.prefix}:handoff:held:${a.channel}:${a.userId}`;
  }
  private get dueKey(): string {
    return `${this.prefix}:handoff:held-due`;
  }

  /** Counts a post; returns false when it must be held (over the cap in this window). */
  async admit(address: Address): Promise<boolean> {
    const result = await this.redis.multi().incr(this.countKey(address)).expire(this.countKey(address), this.windowSeconds, 'NX').exec();
    const count = Number(result?.[0]?.[1] ?? 0);
    return count <= this.maxPerWindow;
  }

  /** Holds a text until the window ends. Returns true for the first one held (the staff are told once). */
  async hold(address: Address, text: string, now: Date): Promise<boolean> {
    const ttl = await this.redis.pttl(this.countKey(address));
    const due = now.getTime() + Math.max(ttl, 1000);
    const result = await this.redis.multi().rpush(this.heldKey(address), text).zadd(this.dueKey, 'NX', due, addressKey(address)).exec();
    return Number(result?.[0]?.[1] ?? 0) === 1;
  }

  /** Takes the held texts of the people whose window has ended (each to exactly one caller). */
  async takeDue(now: Date): Promise<Array<{ address: Address; texts: string[] }>> {
    const members = await this.redis.zrangebyscore(this.dueKey, '-inf', now.getTime(), 'LIMIT', 0, 100);
    const out: Array<{ address: Address; texts: string[] }> = [];
    for (const m of members) {
      if ((await this.redis.zrem(this.dueKey, m)) !== 1) continue;
      const address = parseAddressKey(m);
      if (!address) continue;
      const result = await this.redis.multi().lrange(this.heldKey(address), 0, -1).del(this.heldKey(address)).exec();
      const texts = (result?.[0]?.[1] as string[] | undefined) ?? [];
      if (texts.length > 0) out.push({ address, texts });
    }
    return out;
  }

  async forget(address: Address): Promise<void> {
    await this.redis.multi().del(this.countKey(address), this.heldKey(address)).zrem(this.dueKey, addressKey(address)).exec();
  }
}
