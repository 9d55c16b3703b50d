// Finds a Redis for the whole test run: REDIS_URL, else 127.0.0.1:6379 when it answers, else a
// redis-server of our own on a free port in a temp dir (stopped at the end). Tests get its URL
// with inject('redisUrl') and each uses its own key prefix.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { redisAnswers, startRedisServer } from '../../src/redis/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) {
    project.provide('redisUrl', fromEnv);
    return async () => undefined;
  }
  const standard = 'redis://127.0.0.1:6379';
  // PASSERELLE_TEST_OWN_REDIS=1 behaves as on a fresh machine with no Redis running.
  if (!process.env.PASSERELLE_TEST_OWN_REDIS && (await redisAnswers(standard))) {
    project.provide('redisUrl', standard);
    return async () => undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-test-redis-'));
  const server = await startRedisServer({ dir, appendOnly: false });
  project.provide('redisUrl', server.url);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
