// A button's callback_data is the engine's choice id ("flow:step:option"). Telegram allows 64 bytes;
// a longer id is replaced by "#" + a short hash, and the hash → id mapping is kept in Redis.
// "#" cannot start a flow id, so the two forms never collide.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const MAX_BYTES = 64;
const HASHED = '#';

export class CallbackDataCodec {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Keep mappings as long as a conversation may sit on a question. */
    private readonly ttlSeconds: number,
  ) {}

  async encode(choiceId: string): Promise<string> {
    if (Buffer.byteLength(choiceId, 'utf8') <= MAX_BYTES && !choiceId.startsWith(HASHED)) return choiceId;
    const hash = createHash('sha256').update(choiceId).digest('base64url').slice(0, 22);
    await this.redis.set(this.key(hash), choiceId, 'EX', this.ttlSeconds);
    return `${HASHED}${hash}`;
  }

  /** The choice id; an unknown hash gives "" (the engine then answers "this button is old"). */
  async decode(data: string): Promise<string> {
    if (!data.startsWith(HASHED)) return data;
    return (await this.redis.get(this.key(data.slice(HASHED.length)))) ?? '';
  }

  private key(hash: string): string {
    return `${this.prefix}:tgcb:${hash}`;
  }
}
