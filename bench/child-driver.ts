// What the benchmarks share: reading `--name=value` arguments, the child process that plays
// Telegram (the local Bot API server and the simulated people), driven over IPC, and their Redis.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { resolveRedis } from '../src/redis/resolve.js';
import { deleteKeysUnder } from '../src/redis/scan.js';

/** `--name=n` or BENCH_NAME=n, else `fallback`; a whole number from `min`. */
export function arg(name: string, fallback: number, min = 1): number {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const value = Number(given ?? process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number from ${min}`);
  return value;
}

type Answer<R> = { type: 'ready'; apiRoot: string; token: string } | { type: 'result'; result: R } | { type: 'failed'; error: string };

/** The driver child (a .ts file run with tsx): it says `ready`, then answers each request once. */
export class ChildDriver<Req extends object, R> {
  private readonly child: ChildProcess;
  private waiting: ((m: Answer<R>) => void) | undefined;
  readonly ready: Promise<{ apiRoot: string; token: string }>;

  constructor(script: URL) {
    this.child = fork(script.pathname, [], { execArgv: ['--import', 'tsx'] });
    this.child.on('message', (m: unknown) => this.waiting?.(m as Answer<R>));
    this.ready = this.next().then((m) => {
      if (m.type !== 'ready') throw new Error('driver did not start');
      return m;
    });
  }

  async ask(req: Req): Promise<R> {
    const answer = this.next();
    this.child.send({ type: 'drive', ...req });
    const m = await answer;
    if (m.type === 'failed') throw new Error(`driver: ${m.error}`);
    if (m.type !== 'result') throw new Error('driver answered out of turn');
    return m.result;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'close' });
    await exited;
  }

  private next(): Promise<Answer<R>> {
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

/** A Redis for a benchmark (REDIS_URL, or one found or started as the service does) and its cleanup. */
export async function benchRedis(name: string): Promise<{ redis: Redis; prefix: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
  const info = await resolveRedis({ ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}), dataDir });
  const redis = new Redis(info.url, { maxRetriesPerRequest: null });
  const prefix = `${name}-${process.pid}`;
  return {
    redis,
    prefix,
    async close() {
      await deleteKeysUnder(redis, prefix);
      await redis.quit();
      await info.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
