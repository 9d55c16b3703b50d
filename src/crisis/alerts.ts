// The staff alert after crisis words, as a BullMQ job: the person's help numbers never wait for it,
// and a staff group that misbehaves (bot removed, topic deleted, 400/403, time-outs) only delays the
// alert: it is retried with back-off (1 s doubling, about an hour in all), then logged as failed.
// The job holds the person's message until it is done: completed and failed jobs are removed, and
// `forget` (the "oubli" words) removes a waiting one.
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Address } from '../core/message.js';
import type { Locale } from '../i18n/locales.js';

export interface CrisisAlert {
  address: Address;
  locale: Locale;
  categories: string[];
  /** The person's message, shown to the staff. */
  text: string;
  ageBand?: string;
  /** Spoken to as a young person ("tu": an age band under 26 or the Promeneurs flow): decides the team. */
  youth?: boolean;
}

export type AlertHandler = (alert: CrisisAlert) => Promise<void>;

const QUEUE = 'crisis-alerts';
export const ALERT_ATTEMPTS = 12;
/** A staff call that does not answer within this time counts as failed (and is retried). */
const ATTEMPT_TIMEOUT_MS = 15_000;

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the staff chat did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class CrisisAlerts {
  private readonly queue: Queue<CrisisAlert>;
  private worker: Worker<CrisisAlert> | undefined;

  constructor(private readonly o: { redis: Redis; prefix: string; log: Logger; firstRetryMs?: number }) {
    this.queue = new Queue<CrisisAlert>(QUEUE, {
      connection: o.redis,
      prefix: o.prefix,
      defaultJobOptions: { attempts: ALERT_ATTEMPTS, backoff: { type: 'exponential', delay: o.firstRetryMs ?? 1000 }, removeOnComplete: true, removeOnFail: true },
    });
  }

  async enqueue(alert: CrisisAlert): Promise<void> {
    await this.queue.add('alert', alert);
  }

  start(handler: AlertHandler): void {
    this.worker = new Worker<CrisisAlert>(QUEUE, (job: Job<CrisisAlert>) => withTimeout(handler(job.data), ATTEMPT_TIMEOUT_MS), {
      connection: this.o.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: this.o.prefix,
      concurrency: 4,
    });
    this.worker.on('failed', (job, err) => {
      const final = job !== undefined && job.attemptsMade >= ALERT_ATTEMPTS;
      this.o.log[final ? 'error' : 'warn']({ err, attempt: job?.attemptsMade, channel: job?.data.address.channel }, final ? 'crisis alert to the staff failed for good' : 'crisis alert to the staff failed: retrying');
    });
    this.worker.on('error', (err) => this.o.log.warn({ err }, 'crisis alert worker error'));
  }

  /** Removes the person's alerts still waiting (their erasure). */
  async forget(address: Address): Promise<void> {
    const jobs = await this.queue.getJobs(['waiting', 'delayed', 'prioritized']);
    for (const job of jobs) {
      if (job.data.address.channel === address.channel && job.data.address.userId === address.userId) await job.remove().catch(() => undefined);
    }
  }

  /** Alerts not yet delivered (tests, metrics). */
  async pending(): Promise<number> {
    return this.queue.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized');
  }

  /** Does not wait for an alert in progress (a staff API that hangs must not hold a stop): BullMQ
   *  finds it stalled and runs it again after the restart. */
  async close(): Promise<void> {
    await this.worker?.close(true);
    this.worker = undefined;
    await this.queue.close();
  }
}
