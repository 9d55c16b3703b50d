// Housekeeping on BullMQ job schedulers: a registered task runs again and again from a schedule
// kept in Redis (so it survives restarts and runs once per period across processes).
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MaintenanceScheduler } from '../src/maintenance/scheduler.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';

const redis = connectRedis();
const prefix = newPrefix();
afterEach(async () => {
  await deletePrefix(redis, prefix);
});

describe('maintenance scheduler', () => {
  it('runs a task periodically from a schedule stored in Redis', async () => {
    const scheduler = new MaintenanceScheduler({ redis, prefix, log: pino({ level: 'silent' }) });
    let runs = 0;
    let twice: () => void = () => undefined;
    const ranTwice = new Promise<void>((resolve) => (twice = resolve));
    scheduler.every('sweep', 0.2, async () => {
      runs += 1;
      if (runs === 2) twice();
    });
    await scheduler.start();
    await ranTwice;
    const queue = new Queue('maintenance', { connection: redis, prefix });
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['sweep']);
    await scheduler.stop();
    await queue.close();
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
