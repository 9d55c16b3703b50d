// Erasing a person: each feature erases what it knows (and cancels its jobs), then a sweep
// removes any key left under the prefix that names this person, so nothing is forgotten.
import type { Redis } from 'ioredis';
import { scanKeys } from '../redis/scan.js';
import type { Address } from '../core/message.js';
import type { PersonalData } from '../core/feature.js';

export function keysOfPersonPattern(prefix: string): string {
  return `${prefix}:*`;
}

/** True when a Redis key belongs to the person (their channel and id appear as key segments). */
export function keyBelongsTo(key: string, address: Address): boolean {
  const who = `:${address.channel}:${address.userId}`;
  return key.endsWith(who) || key.includes(`${who}:`);
}

/** Returns how many keys the sweep removed and the locale keys of what could not be erased. */
export async function erasePerson(redis: Redis, prefix: string, address: Address, parts: readonly PersonalData[]): Promise<{ removed: number; incomplete: string[] }> {
  const incomplete: string[] = [];
  for (const part of parts) {
    const result = await part.erase(address);
    if (result) incomplete.push(result.incomplete);
  }
  let removed = 0;
  for await (const keys of scanKeys(redis, keysOfPersonPattern(prefix), 1000)) {
    const mine = keys.filter((k) => keyBelongsTo(k, address));
    if (mine.length > 0) removed += await redis.del(...mine);
  }
  return { removed, incomplete };
}
