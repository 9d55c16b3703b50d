// Messages that could not go out because WhatsApp was disconnected wait here, in a Redis list,
// so they survive a restart and leave in the order they were made once WhatsApp is ready again.
// Delivery is at least once: an item is removed only after WhatsApp accepted it.
import type { Redis } from 'ioredis';
import { z } from 'zod';

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
};

/** Removes the head only if it is still the item we sent. */
const POP_IF_HEAD = `if redis.call('lindex', KEYS[1], 0) == ARGV[1] then return redis.call('lpop', KEYS[1]) end return false`;
/** Replaces (or moves aside) the head only if it is still that item. */
const REPLACE_HEAD = `if redis.call('lindex', KEYS[1], 0) ~= ARGV[1] then return 0 end
if ARGV[3] == 'move' then redis.call('lpop', KEYS[1]) redis.call('rpush', KEYS[2], ARGV[2]) else redis.call('lset', KEYS[1], 0, ARGV[2]) end
return 1`;

export class Outbox {
  readonly key: string;
  /** Items that failed again and again while WhatsApp was up (kept for a person to look at). */
  readonly failedKey: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:whatsapp:outbox`;
    this.failedKey = `${prefix}:whatsapp:outbox:failed`;
  }

  async push(to: string, text: string, now: number): Promise<void> {
    await this.redis.rpush(this.key, JSON.stringify({ to, text, queuedAt: now, attempts: 0 }));
  }

  /** The oldest item, without removing it; an unreadable item is moved aside. */
  async peek(): Promise<OutboxItem | undefined> {
    for (;;) {
      const raw = await this.redis.lindex(this.key, 0);
      if (raw === null) return undefined;
      const parsed = parse(raw);
      if (parsed) return parsed;
      await this.redis.multi().lpop(this.key).rpush(this.failedKey, raw).exec();
    }
  }

  /** Removes the oldest item once it has been delivered. */
  async remove(item: OutboxItem): Promise<void> {
    await this.redis.eval(POP_IF_HEAD, 1, this.key, item.raw);
  }

  /** Records a failed attempt on the oldest item; after `maxAttempts` it is moved aside. */
  async failed(item: OutboxItem, maxAttempts: number): Promise<'retry' | 'moved'> {
    const { raw, ...fields } = item;
    const next = JSON.stringify({ ...fields, attempts: fields.attempts + 1 });
    const move = fields.attempts + 1 >= maxAttempts;
    await this.redis.eval(REPLACE_HEAD, 2, this.key, this.failedKey, raw, next, move ? 'move' : 'retry');
    return move ? 'moved' : 'retry';
  }

  length(): Promise<number> {
    return this.redis.llen(this.key);
  }

  /** How many waiting messages are addressed to this person ("my data"). */
  async countFor(to: string): Promise<number> {
    return (await this.rawFor(to)).length;
  }

  /** Erases the person's waiting messages (right to erasure). */
  async eraseFor(to: string): Promise<void> {
    for (const raw of await this.rawFor(to)) {
      await this.redis.lrem(this.key, 0, raw);
      await this.redis.lrem(this.failedKey, 0, raw);
    }
  }

  private async rawFor(to: string): Promise<string[]> {
    const all = [...(await this.redis.lrange(this.key, 0, -1)), ...(await this.redis.lrange(this.failedKey, 0, -1))];
    return all.filter((raw) => parse(raw)?.to === to);
  }
}

function parse(raw: string): OutboxItem | undefined {
  try {
    const result = itemSchema.safeParse(JSON.parse(raw));
    return result.success ? { ...result.data, raw } : undefined;
  } catch {
    return undefined;
  }
}
