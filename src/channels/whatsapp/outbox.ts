// Messages that could not go out because WhatsApp was disconnected wait here, in a Redis list,
// so they survive a restart and leave in the order they were made once WhatsApp is ready again.
// Delivery is at least once: an item is removed only after WhatsApp accepted it.
// Urgent messages (help numbers after crisis words) wait in a second list that is read first, so they
// overtake the normal ones while each list keeps its own order.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Priority } from './pacer.js';

const itemSchema = z.object({
  /** The WhatsApp jid (a phone number: personal data, erased with the person's other keys). */
  to: z.string().min(1),
  text: z.string(),
  queuedAt: z.number(),
  attempts: z.number().int().min(0).default(0),
});
export type OutboxItem = z.output<typeof itemSchema> & {
  /** The stored JSON, to act on this very item even if the list changed meanwhile (an erasure). */
  raw: string;
  /** Which list holds it. */
  priority: Priority;
};

/** Removes the head only if it is still the item we sent. */
const POP_IF_HEAD = `if redis.call('lindex', KEYS[1], 0) == ARGV[1] then return redis.call('lpop', KEYS[1]) end return false`;
/** Replaces (or moves aside) the head only if it is still that item. */
const REPLACE_HEAD = `if redis.call('lindex', KEYS[1], 0) ~= ARGV[1] then return 0 end
if ARGV[3] == 'move' then redis.call('lpop', KEYS[1]) redis.call('rpush', KEYS[2], ARGV[2]) else redis.call('lset', KEYS[1], 0, ARGV[2]) end
return 1`;

export class Outbox {
  readonly key: string;
  /** Urgent items, sent before any other; then `highKey` (reminders), then `key`. */
  readonly urgentKey: string;
  readonly highKey: string;
  /** Items that failed again and again while WhatsApp was up (kept for a person to look at). */
  readonly failedKey: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:whatsapp:outbox`;
    this.urgentKey = `${prefix}:whatsapp:outbox:urgent`;
    this.highKey = `${prefix}:whatsapp:outbox:high`;
    this.failedKey = `${prefix}:whatsapp:outbox:failed`;
  }

  async push(to: string, text: string, now: number, priority: Priority = 'normal'): Promise<void> {
    await this.redis.rpush(this.listOf(priority), JSON.stringify({ to, text, queuedAt: now, attempts: 0 }));
  }

  /** The next item to send (the oldest urgent one, else the oldest), without removing it. */
  async peek(): Promise<OutboxItem | undefined> {
    return (await this.peekList('urgent')) ?? (await this.peekList('high')) ?? (await this.peekList('normal'));
  }

  /** Removes an item (first of its list) once it has been delivered. */
  async remove(item: OutboxItem): Promise<void> {
    await this.redis.eval(POP_IF_HEAD, 1, this.listOf(item.priority), item.raw);
  }

  /** Records a failed attempt on an item (first of its list); after `maxAttempts` it is moved aside. */
  async failed(item: OutboxItem, maxAttempts: number): Promise<'retry' | 'moved'> {
    const { raw, priority, ...fields } = item;
    const next = JSON.stringify({ ...fields, attempts: fields.attempts + 1 });
    const move = fields.attempts + 1 >= maxAttempts;
    await this.redis.eval(REPLACE_HEAD, 2, this.listOf(priority), this.failedKey, raw, next, move ? 'move' : 'retry');
    return move ? 'moved' : 'retry';
  }

  async length(): Promise<number> {
    return (await this.redis.llen(this.urgentKey)) + (await this.redis.llen(this.highKey)) + (await this.redis.llen(this.key));
  }

  /** How many waiting messages are addressed to this person ("my data"). */
  async countFor(to: string): Promise<number> {
    return (await this.rawFor(to)).length;
  }

  /** Erases the person's waiting messages (right to erasure). */
  async eraseFor(to: string): Promise<void> {
    for (const raw of await this.rawFor(to)) {
      for (const list of [this.urgentKey, this.highKey, this.key, this.failedKey]) await this.redis.lrem(list, 0, raw);
    }
  }

  private async rawFor(to: string): Promise<string[]> {
    const lists = [this.urgentKey, this.highKey, this.key, this.failedKey];
    const all = (await Promise.all(lists.map((list) => this.redis.lrange(list, 0, -1)))).flat();
    return all.filter((raw) => parse(raw, 'normal')?.to === to);
  }

  /** The first item of one list; an unreadable item is moved aside. */
  private async peekList(priority: Priority): Promise<OutboxItem | undefined> {
    const list = this.listOf(priority);
    for (;;) {
      const raw = await this.redis.lindex(list, 0);
      if (raw === null) return undefined;
      const parsed = parse(raw, priority);
      if (parsed) return parsed;
      await this.redis.multi().lpop(list).rpush(this.failedKey, raw).exec();
    }
  }

  private listOf(priority: Priority): string {
    return priority === 'urgent' ? this.urgentKey : priority === 'high' ? this.highKey : this.key;
  }
}

function parse(raw: string, priority: Priority): OutboxItem | undefined {
  try {
    const result = itemSchema.safeParse(JSON.parse(raw));
    return result.success ? { ...result.data, raw, priority } : undefined;
  } catch {
    return undefined;
  }
}
