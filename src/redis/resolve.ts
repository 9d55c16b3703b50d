// Which Redis `npm start` uses: REDIS_URL when set; else 127.0.0.1:6379 when it answers; else a
// local redis-server with its data under DATA_DIR (append-only), stopped on exit.
import { join, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { redisAnswers, startRedisServer } from './server.js';

export interface ResolvedRedis {
  url: string;
  source: 'REDIS_URL' | 'default-port' | 'embedded';
  stop(): Promise<void>;
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';

export interface ResolveRedisOptions {
  redisUrl?: string;
  dataDir: string;
  /** Where a Redis is looked for when REDIS_URL is not set (tests change it). */
  defaultUrl?: string;
  /** The binary to start when none answers (tests change it). */
  binary?: string;
}

export async function resolveRedis(opts: ResolveRedisOptions): Promise<ResolvedRedis> {
  const none = async (): Promise<void> => undefined;
  if (opts.redisUrl) return { url: opts.redisUrl, source: 'REDIS_URL', stop: none };
  const defaultUrl = opts.defaultUrl ?? DEFAULT_URL;
  if (await redisAnswers(defaultUrl)) return { url: defaultUrl, source: 'default-port', stop: none };
  try {
    const local = await startRedisServer({ dir: join(resolve(opts.dataDir), 'redis'), appendOnly: true, ...(opts.binary ? { binary: opts.binary } : {}) });
    return { url: local.url, source: 'embedded', stop: () => local.stop() };
  } catch (err) {
    throw new ConfigError(
      `No Redis server could be found or started (${(err as Error).message}).\n` +
        'Install one with "apt-get install redis-server" (Debian/Ubuntu), or run "docker compose up -d redis",\n' +
        'or set REDIS_URL to a Redis you already have.',
    );
  }
}
