// The handoff record of one person, in Redis: bot → waiting → human → bot | closed.
//   {prefix}:handoff:{channel}:{userId}        hash: status, owner, topic, pseudonym, locale…
//   {prefix}:topic:{chatId}:{thread}           → "{channel}:{userId}" (the topic's person)
//   {prefix}:handoff:audit:{channel}:{userId}  list of JSON audit events (who, what, when)
//   {prefix}:handoff:due                       zset: address key → when the "no answer yet" update is due
//   {prefix}:handoff:closed                    zset: address key → when a closed conversation is erased
//   {prefix}:handoff:waiting                   zset: address key → since when it waits for an educator (metrics)
//   {prefix}:educator:{staffId}                hash: name, structure (how replies are signed)
import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { CHANNEL_IDS, addressKey, type Address } from '../core/message.js';
import { LOCALES } from '../i18n/locales.js';
import type { StaffMember } from '../core/staff-console.js';

export const HANDOFF_STATUSES = ['bot', 'waiting', 'human', 'closed'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const recordSchema = z.object({
  status: z.enum(HANDOFF_STATUSES),
  pseudonym: z.string(),
  locale: z.enum(LOCALES),
  topic: z.string().optional(),
  ownerId: z.string().optional(),
  ownerName: z.string().optional(),
  urgent: z.enum(['0', '1']).optional(),
  ageBand: z.string().optional(),
  /** The team asked for (flows/data/teams.yaml); absent on records made before teams existed. */
  team: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type HandoffRecord = z.output<typeof recordSchema>;

export type { StaffMember } from '../core/staff-console.js';

export interface EducatorProfile {
  name: string;
  structure?: string;
}

export type TakeResult = { ok: true } | { ok: false; reason: 'already-yours' } | { ok: false; reason: 'taken'; ownerName: string } | { ok: false; reason: 'unknown' };

// Atomic: two educators pressing "Je prends" at once → exactly one owner.
const TAKE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'unknown'} end
local owner = redis.call('HGET', KEYS[1], 'ownerId')
if owner and owner ~= '' then
  if owner == ARGV[1] then return {'already-yours'} end
  return {'taken', redis.call('HGET', KEYS[1], 'ownerName') or ''}
end
redis.call('HSET', KEYS[1], 'status', 'human', 'ownerId', ARGV[1], 'ownerName', ARGV[2], 'updatedAt', ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[4])
return {'ok'}
`;

const PSEUDONYM_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newPseudonym(): string {
  return Array.from({ length: 4 }, () => PSEUDONYM_ALPHABET[randomInt(PSEUDONYM_ALPHABET.length)]).join('');
}

export function parseAddressKey(key: string): Address | undefined {
  const i = key.indexOf(':');
  const channel = key.slice(0, i);
  const userId = key.slice(i + 1);
  return i > 0 && userId && (CHANNEL_IDS as readonly string[]).includes(channel) ? { channel: channel as Address['channel'], userId } : undefined;
}

/** Events kept in a conversation's audit trail: who took, handed back, closed, and when. */
const AUDIT_KEEP = 200;

export class HandoffStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(address: Address): string {
    return `${this.prefix}:handoff:${address.channel}:${address.userId}`;
  }
  private topicKey(topic: string): string {
    return `${this.prefix}:topic:${topic}`;
  }
  private auditKey(address: Address): string {
    return `${this.prefix}:handoff:audit:${address.channel}:${address.userId}`;
  }
  private get dueKey(): string {
    return `${this.prefix}:handoff:due`;
  }
  private get closedKey(): string {
    return `${this.prefix}:handoff:closed`;
  }
  private get waitingKey(): string {
    return `${this.prefix}:handoff:waiting`;
  }

  async get(address: Address): Promise<HandoffRecord | undefined> {
    const raw = await this.redis.hgetall(this.key(address));
    if (Object.keys(raw).length === 0) return undefined;
    const parsed = recordSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  async update(address: Address, fields: Partial<Record<keyof HandoffRecord, string>>, clear: Array<keyof HandoffRecord> = []): Promise<void> {
    const multi = this.redis.multi();
    const entries = Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
    if (entries.length > 0) multi.hset(this.key(address), Object.fromEntries(entries));
    if (clear.length > 0) multi.hdel(this.key(address), ...clear);
    await multi.exec();
  }

  async linkTopic(address: Address, topic: string): Promise<void> {
    await this.redis.multi().hset(this.key(address), { topic }).set(this.topicKey(topic), addressKey(address)).exec();
  }

  async addressOfTopic(topic: string): Promise<Address | undefined> {
    const raw = await this.redis.get(this.topicKey(topic));
    return raw ? parseAddressKey(raw) : undefined;
  }

  async take(address: Address, staff: StaffMember, ownerName: string, now: Date): Promise<TakeResult> {
    const result = (await this.redis.eval(TAKE_SCRIPT, 3, this.key(address), this.dueKey, this.closedKey, staff.id, ownerName, now.toISOString(), addressKey(address))) as string[];
    const [reason, name = ''] = result;
    if (reason === 'ok') return { ok: true };
    if (reason === 'already-yours') return { ok: false, reason };
    if (reason === 'taken') return { ok: false, reason, ownerName: name };
    return { ok: false, reason: 'unknown' };
  }

  /** Appends an event; the trail keeps the last AUDIT_KEEP events (a long conversation cannot grow it without end). */
  async audit(address: Address, event: { action: string; by?: string; byName?: string; at: Date; detail?: string }): Promise<void> {
    const key = this.auditKey(address);
    await this.redis.multi().rpush(key, JSON.stringify({ ...event, at: event.at.toISOString() })).ltrim(key, -AUDIT_KEEP, -1).exec();
  }

  async auditTrail(address: Address): Promise<Array<{ action: string; by?: string; byName?: string; at: string; detail?: string }>> {
    const raw = await this.redis.lrange(this.auditKey(address), 0, -1);
    return raw.map((r) => JSON.parse(r) as { action: string; by?: string; byName?: string; at: string; detail?: string });
  }

  // ---- scheduled work (kept in Redis so it survives restarts) ----

  async scheduleNudge(address: Address, at: Date): Promise<void> {
    await this.redis.zadd(this.dueKey, at.getTime(), addressKey(address));
  }
  async cancelNudge(address: Address): Promise<void> {
    await this.redis.zrem(this.dueKey, addressKey(address));
  }
  async scheduleErase(address: Address, at: Date): Promise<void> {
    await this.redis.zadd(this.closedKey, at.getTime(), addressKey(address));
  }
  async cancelErase(address: Address): Promise<void> {
    await this.redis.zrem(this.closedKey, addressKey(address));
  }

  /** Claims the entries of a schedule that are due: each is returned to exactly one caller. */
  async claimDue(which: 'nudge' | 'erase', now: Date): Promise<Address[]> {
    const key = which === 'nudge' ? this.dueKey : this.closedKey;
    const members = await this.redis.zrangebyscore(key, '-inf', now.getTime(), 'LIMIT', 0, 100);
    const claimed: Address[] = [];
    for (const m of members) {
      if ((await this.redis.zrem(key, m)) !== 1) continue;
      const address = parseAddressKey(m);
      if (address) claimed.push(address);
    }
    return claimed;
  }

  // ---- who waits for an educator, and since when (for /metrics) ----

  /** Keeps the first time: asking again while waiting does not reset the wait. */
  async markWaiting(address: Address, since: Date): Promise<void> {
    await this.redis.zadd(this.waitingKey, 'NX', since.getTime(), addressKey(address));
  }

  /** Ends the wait; returns since when the person waited (undefined when they were not waiting). */
  async clearWaiting(address: Address): Promise<Date | undefined> {
    const result = await this.redis.multi().zscore(this.waitingKey, addressKey(address)).zrem(this.waitingKey, addressKey(address)).exec();
    const score = result?.[0]?.[1];
    return typeof score === 'string' && result?.[1]?.[1] === 1 ? new Date(Number(score)) : undefined;
  }

  /** How many people wait, and since when the longest has. */
  async waitingStats(): Promise<{ count: number; oldest: Date | undefined }> {
    const [count, first] = await Promise.all([this.redis.zcard(this.waitingKey), this.redis.zrange(this.waitingKey, 0, '0', 'WITHSCORES')]);
    return { count, oldest: first[1] !== undefined ? new Date(Number(first[1])) : undefined };
  }

  /** Erases everything the handoff kept about this person (record, topic link, audit). */
  async erase(address: Address, topic: string | undefined): Promise<void> {
    const multi = this.redis.multi().del(this.key(address), this.auditKey(address)).zrem(this.dueKey, addressKey(address)).zrem(this.waitingKey, addressKey(address));
    if (topic) multi.del(this.topicKey(topic));
    await multi.exec();
  }

  // ---- educator profiles ----

  async setProfile(staffId: string, profile: EducatorProfile): Promise<void> {
    const key = `${this.prefix}:educator:${staffId}`;
    await this.redis.multi().del(key).hset(key, { name: profile.name, ...(profile.structure ? { structure: profile.structure } : {}) }).exec();
  }

  async profile(staffId: string): Promise<EducatorProfile | undefined> {
    const raw = await this.redis.hgetall(`${this.prefix}:educator:${staffId}`);
    return raw.name ? { name: raw.name, ...(raw.structure ? { structure: raw.structure } : {}) } : undefined;
  }
}
