// A Redis connection and a fresh key prefix per test, cleaned up afterwards.
import { randomUUID } from 'node:crypto';
import { deleteKeysUnder } from '../../src/redis/scan.js';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

export function newPrefix(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

export function connectRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
}

/** Deletes every key under `prefix:` (SCAN, so it is safe on a shared server). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  await deleteKeysUnder(redis, prefix);
}
