// Starting and finding a Redis server: used by `npm start` when none is configured, and by the
// test setup on a machine without one. Spawns Debian's `redis-server`; never downloads anything.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when a Redis server answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface LocalRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  dir: string;
  port?: number;
  /** Append-only persistence: what the bot wants; tests of the queue do not need it. */
  appendOnly?: boolean;
  binary?: string;
}

export async function startRedisServer({ dir, port, appendOnly = true, binary = 'redis-server' }: StartRedisOptions): Promise<LocalRedis> {
  mkdirSync(dir, { recursive: true });
  const chosen = port ?? (await freePort());
  const args = ['--port', String(chosen), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', appendOnly ? 'yes' : 'no', '--daemonize', 'no', '--loglevel', 'warning'];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`cannot start ${binary}: ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`${binary} exited with code ${code} before answering`)));
  });
  failed.catch(() => undefined);
  const url = `redis://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await Promise.race([redisAnswers(url, 300), failed]);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${binary} did not answer on port ${chosen} within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port: chosen,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM'); // Redis flushes its append-only file on SIGTERM.
      await exited;
    },
  };
}
