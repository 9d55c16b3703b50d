// Walks the keys matching a pattern in batches (SCAN, never KEYS: safe on a busy server).
import type { Redis } from 'ioredis';

export async function* scanKeys(redis: Redis, pattern: string, count = 500): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', count);
    cursor = next;
    if (keys.length > 0) yield keys;
  } while (cursor !== '0');
}

/** Deletes every key under `prefix:` (a test's or a benchmark's own keys). */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<number> {
  let removed = 0;
  for await (const keys of scanKeys(redis, `${prefix}:*`)) removed += await redis.del(...keys);
  return removed;
}
