// Educators' files for a person whose 24-hour window is closed: WhatsApp lets only a template through,
// and a template cannot carry any file. The file is uploaded to Meta at once (Meta keeps an uploaded
// file 30 days) and only its media id waits here, never its bytes; the person is told by the staff
// template, and the files go out, in order, as soon as the person writes again.
// Key: `{prefix}:whatsapp-cloud:waiting-media:whatsapp:{userId}` (the erasure sweep finds it by its
// `whatsapp:{userId}` segments, and "oubli" deletes it), a list of JSON entries.
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** A day short of Meta's 30 days, so a waiting media id is never sent after Meta dropped the file. */
const WAITING_TTL_SECONDS = 29 * 24 * 3600;

const waitingSchema = z.object({
  id: z.string(),
  type: z.enum(['image', 'audio', 'document', 'video']),
  caption: z.string().optional(),
  filename: z.string().optional(),
  /** The educator's text sent after an audio file (audio takes no caption). */
  text: z.string().optional(),
  /** Epoch ms after which Meta may have dropped the file: not sent any more. */
  until: z.number(),
});

export type WaitingFile = z.output<typeof waitingSchema>;

export class WaitingMedia {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** When a file uploaded now stops being sendable. */
  untilFromNow(): number {
    return this.now() + WAITING_TTL_SECONDS * 1000;
  }

  key(userId: string): string {
    return `${this.prefix}:whatsapp-cloud:waiting-media:whatsapp:${userId}`;
  }

  async add(userId: string, file: WaitingFile): Promise<void> {
    await this.redis.multi().rpush(this.key(userId), JSON.stringify(file)).expire(this.key(userId), WAITING_TTL_SECONDS).exec();
  }

  /** The oldest waiting file still on Meta's side, taken off the list (others are dropped). */
  async take(userId: string): Promise<WaitingFile | undefined> {
    for (;;) {
      const raw = await this.redis.lpop(this.key(userId));
      if (raw === null) return undefined;
      const parsed = waitingSchema.safeParse(safeJson(raw));
      if (parsed.success && parsed.data.until > this.now()) return parsed.data;
    }
  }

  /** Puts a file back at the head (its send failed: it stays first). */
  async putBack(userId: string, file: WaitingFile): Promise<void> {
    await this.redis.multi().lpush(this.key(userId), JSON.stringify(file)).expire(this.key(userId), WAITING_TTL_SECONDS).exec();
  }

  async count(userId: string): Promise<number> {
    return this.redis.llen(this.key(userId));
  }

  async erase(userId: string): Promise<void> {
    await this.redis.del(this.key(userId));
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
