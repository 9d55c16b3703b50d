// Reminder records in Redis: the source of truth. BullMQ jobs only carry "deliver occurrence X
// of reminder Y"; the worker re-reads the record, so a deleted or changed reminder never fires.
//   {prefix}:reminder:{id}                    JSON record
//   {prefix}:reminders:{channel}:{userId}     set of the person's reminder ids (listing, erasure)
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { CHANNEL_IDS, type Address } from '../core/message.js';
import { LOCALES, type Locale } from '../i18n/locales.js';
import type { Rule } from './rules.js';

const epoch = z.number().int();
const hm = { hour: z.int().min(0).max(23), minute: z.int().min(0).max(59) };

/** A Rule as stored: instants are epoch milliseconds. */
const storedRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), at: epoch }),
  z.object({ kind: z.literal('quarterly'), startMonth: z.int().min(1).max(12), day: z.int().min(1).max(31), ...hm }),
  z.object({ kind: z.literal('monthly-window'), ...hm }),
  z.object({ kind: z.literal('yearly'), month: z.int().min(1).max(12), day: z.int().min(1).max(31), ...hm }),
  z.object({ kind: z.literal('before-deadline'), deadline: epoch, offsetsDays: z.array(z.int()), ...hm }),
  z.object({ kind: z.literal('yearly-dates'), dates: z.array(z.string()), fallback: z.object({ month: z.int().min(1).max(12), day: z.int().min(1).max(31) }).optional(), ...hm }),
]);
type StoredRule = z.output<typeof storedRuleSchema>;

export const reminderSchema = z.object({
  id: z.string().regex(/^r[a-z0-9]+$/),
  channel: z.enum(CHANNEL_IDS),
  userId: z.string(),
  procedure: z.string(),
  /** The person's own words ("another procedure"). */
  words: z.string().optional(),
  rule: storedRuleSchema,
  locale: z.enum(LOCALES),
  createdAt: epoch,
  /** The rule's next occurrence (epoch ms, quiet hours applied); null when the rule has none left. */
  next: epoch.nullable(),
  /**
   * Extra one-off occurrences (absent when none): "remind me tomorrow", or this month's CAF
   * declaration asked for after its day (rules.ts catchUpThisMonth).
   */
  snoozed: z.array(epoch).default([]),
});
export type Reminder = Omit<z.output<typeof reminderSchema>, 'rule'> & { rule: Rule };

export function ruleToStored(rule: Rule): StoredRule {
  if (rule.kind === 'once') return { kind: 'once', at: rule.at.getTime() };
  if (rule.kind === 'before-deadline') return { ...rule, deadline: rule.deadline.getTime() };
  return rule;
}

function ruleFromStored(rule: StoredRule): Rule {
  if (rule.kind === 'once') return { kind: 'once', at: new Date(rule.at) };
  if (rule.kind === 'before-deadline') return { ...rule, deadline: new Date(rule.deadline) };
  return rule;
}

/** Occurrences still to deliver, earliest first. */
export function pendingOccurrences(r: Pick<Reminder, 'next' | 'snoozed'>): number[] {
  return [...(r.next === null ? [] : [r.next]), ...r.snoozed].sort((a, b) => a - b);
}

export function addressOf(r: Pick<Reminder, 'channel' | 'userId'>): Address {
  return { channel: r.channel, userId: r.userId };
}

/** A finished reminder is kept this long so the buttons of its last message still work. */
export const FINISHED_TTL_SECONDS = 14 * 86_400;

export class ReminderStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  newId(): string {
    // Short (job ids must stay under 64 bytes in Redis hashes), lowercase, no ':' or '-'.
    // 9 base-36 digits: ~46 bits; create() checks the id is free.
    return `r${(randomBytes(6).readUIntBE(0, 6) % 36 ** 9).toString(36).padStart(9, '0')}`;
  }

  recordKey(id: string): string {
    return `${this.prefix}:reminder:${id}`;
  }

  indexKey(address: Address): string {
    return `${this.prefix}:reminders:${address.channel}:${address.userId}`;
  }

  /** The person's finished reminders, kept a while for their last buttons: listed and erased too. */
  finishedKey(address: Address): string {
    return `${this.prefix}:reminders-done:${address.channel}:${address.userId}`;
  }

  /** Reserves a new id (NX), so two reminders never share one. */
  async reserveId(): Promise<string> {
    for (;;) {
      const id = this.newId();
      if ((await this.redis.set(this.recordKey(id), '{}', 'EX', 60, 'NX')) === 'OK') return id;
    }
  }

  async get(id: string): Promise<Reminder | null> {
    const raw = await this.redis.get(this.recordKey(id));
    if (raw === null) return null;
    // The id is the key's, not stored again (every byte counts at 10 000 reminders).
    const parsed = reminderSchema.safeParse({ ...(JSON.parse(raw) as object), id });
    if (!parsed.success) return null;
    return { ...parsed.data, rule: ruleFromStored(parsed.data.rule) };
  }

  /** Saves the record; a reminder with nothing left to deliver leaves the index and expires. */
  async save(r: Reminder): Promise<void> {
    const { id: _id, snoozed, ...rest } = r;
    const stored = JSON.stringify({ ...rest, rule: ruleToStored(r.rule), ...(snoozed.length > 0 ? { snoozed } : {}) });
    const index = this.indexKey(addressOf(r));
    const multi = this.redis.multi();
    const finished = this.finishedKey(addressOf(r));
    if (pendingOccurrences(r).length > 0) multi.set(this.recordKey(r.id), stored).sadd(index, r.id).srem(finished, r.id);
    else multi.set(this.recordKey(r.id), stored, 'EX', FINISHED_TTL_SECONDS).srem(index, r.id).sadd(finished, r.id).expire(finished, FINISHED_TTL_SECONDS);
    await multi.exec();
  }

  async delete(r: Pick<Reminder, 'id' | 'channel' | 'userId'>): Promise<void> {
    await this.redis.multi().del(this.recordKey(r.id)).srem(this.indexKey(addressOf(r)), r.id).srem(this.finishedKey(addressOf(r)), r.id).exec();
  }

  /** Ids of the person's finished reminders whose record is still kept. */
  async finished(address: Address): Promise<string[]> {
    const ids = await this.redis.smembers(this.finishedKey(address));
    const kept = await Promise.all(ids.map(async (id) => ((await this.redis.exists(this.recordKey(id))) ? id : undefined)));
    return kept.filter((id): id is string => id !== undefined);
  }

  /** Erases the person's finished reminders (their records hold the person's id and words). */
  async eraseFinished(address: Address): Promise<number> {
    const ids = await this.redis.smembers(this.finishedKey(address));
    await this.redis.del(this.finishedKey(address), ...ids.map((id) => this.recordKey(id)));
    return ids.length;
  }

  /** The person's active reminders, soonest first. */
  async list(address: Address): Promise<Reminder[]> {
    const ids = await this.redis.smembers(this.indexKey(address));
    const all = await Promise.all(ids.map((id) => this.get(id)));
    const found = all.filter((r): r is Reminder => r !== null);
    const soonest = (r: Reminder): number => pendingOccurrences(r)[0] ?? Number.MAX_SAFE_INTEGER;
    return found.sort((a, b) => soonest(a) - soonest(b));
  }
}

export type { Locale };
