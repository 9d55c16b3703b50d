// Periodic housekeeping (erasing closed conversations after their retention, "no answer yet"
// updates…) as BullMQ job schedulers: the schedule lives in Redis, survives restarts, and with
// several processes each run happens in exactly one of them.
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type MaintenanceTask = () => Promise<void>;

const QUEUE = 'maintenance';

export class MaintenanceScheduler {
  private readonly tasks = new Map<string, { everyMs: number; run: MaintenanceTask }>();
  private queue: Queue | undefined;
  private worker: Worker | undefined;

  constructor(private readonly opts: { redis: Redis; prefix: string; log: Logger }) {}

  /** Runs `task` every `seconds` (first run right after start). Register before start(). */
  every(name: string, seconds: number, task: MaintenanceTask): void {
    this.tasks.set(name, { everyMs: Math.round(seconds * 1000), run: task });
  }

  async start(): Promise<void> {
    if (this.tasks.size === 0) return;
    const { redis, prefix, log } = this.opts;
    this.queue = new Queue(QUEUE, { connection: redis, prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: 100 } });
    for (const [name, { everyMs }] of this.tasks) await this.queue.upsertJobScheduler(name, { every: everyMs }, { name });
    this.worker = new Worker(
      QUEUE,
      async (job) => {
        const task = this.tasks.get(job.name);
        if (task) await task.run();
      },
      { connection: redis.duplicate({ maxRetriesPerRequest: null }), prefix, concurrency: 1 },
    );
    this.worker.on('failed', (job, err) => log.error({ err, task: job?.name }, 'maintenance task failed'));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    this.worker = undefined;
    this.queue = undefined;
  }
}
