// The app the reminder benchmarks run: only the reminders feature (the flows' other actions answer
// "unavailable"), its worker at concurrency 50, no start-up resync, logs silent.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Redis } from 'ioredis';
import { deleteKeysUnder } from '../src/redis/scan.js';
import { startRedisServer } from '../src/redis/server.js';
import { createApp, type App } from '../src/app.js';
import type { Config } from '../src/config.js';
import type { Content } from '../src/content.js';
import { createRemindersFeature, type RemindersFeature } from '../src/reminders/feature.js';

export function remindersOnlyApp(config: Config, content: Content, redis: Redis): { app: App; service: RemindersFeature['service'] } {
  let feature: RemindersFeature | undefined;
  const app = createApp({
    config,
    content,
    redis,
    log: pino({ level: 'silent' }),
    features: [(deps) => (feature = createRemindersFeature(deps, { resync: false, worker: { concurrency: 50 } }))],
    absentFeaturesAnswerUnavailable: true,
  });
  if (!feature) throw new Error('feature not built');
  return { app, service: feature.service };
}

/**
 * The Redis a benchmark writes to: REDIS_URL when set (its keys under a fresh prefix are removed at
 * the end), otherwise a private redis-server, so figures are not mixed with other data.
 */
export async function benchRedis(): Promise<{ redis: Redis; prefix: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
  const server = process.env.REDIS_URL ? undefined : await startRedisServer({ dir, appendOnly: false });
  const redis = new Redis(process.env.REDIS_URL ?? server?.url ?? '', { maxRetriesPerRequest: null });
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  return {
    redis,
    prefix,
    async close() {
      if (!server) await deleteKeysUnder(redis, prefix);
      await redis.quit();
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
