// Which Redis `npm start` uses, and the embedded one it starts when none is running.
import { mkdtempSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { resolveRedis } from '../src/redis/resolve.js';
import { freePort } from '../src/redis/server.js';
import { testRedisUrl } from './support/redis.js';

describe('finding a Redis for npm start', () => {
  it('uses REDIS_URL when it is set', async () => {
    const found = await resolveRedis({ redisUrl: testRedisUrl(), dataDir: tmpdir() });
    expect(found.source).toBe('REDIS_URL');
  });

  it('uses the standard port when a Redis answers there', async () => {
    const found = await resolveRedis({ dataDir: tmpdir(), defaultUrl: testRedisUrl() });
    expect(found).toMatchObject({ source: 'default-port', url: testRedisUrl() });
  });

  it('otherwise starts redis-server with append-only data under DATA_DIR, which survives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-data-'));
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const first = await resolveRedis({ dataDir, defaultUrl: nobody });
    expect(first.source).toBe('embedded');
    const client = new Redis(first.url);
    await client.set('pas:session:terminal:local', 'kept');
    await client.quit();
    await first.stop();
    expect(existsSync(join(dataDir, 'redis'))).toBe(true);
    expect(readdirSync(join(dataDir, 'redis')).some((f) => f.startsWith('appendonly'))).toBe(true);

    const second = await resolveRedis({ dataDir, defaultUrl: nobody });
    const again = new Redis(second.url);
    expect(await again.get('pas:session:terminal:local')).toBe('kept');
    await again.quit();
    await second.stop();
  });

  it('explains how to get one when no redis-server can be started', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    await expect(resolveRedis({ dataDir: tmpdir(), defaultUrl: nobody, binary: 'redis-server-not-installed' })).rejects.toThrow(/apt-get install redis-server[\s\S]*docker compose up -d redis/);
  });
});
