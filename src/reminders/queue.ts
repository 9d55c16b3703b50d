// The BullMQ queue of reminder deliveries. One delayed job per pending occurrence, with a
// deterministic id, so scheduling the same occurrence twice leaves one job (BullMQ ignores an
// add whose jobId exists). BullMQ 6 refuses ':' in custom ids, hence `{reminderId}-{epoch ms in
// base 36}`. The job carries nothing else: every field of its Redis hash stays under 64 bytes, so
// Redis keeps it compact (listpack), about 4 times smaller. Retries and job removal are therefore
// set on the worker, not on each job.
import { Queue, type ConnectionOptions } from 'bullmq';

export const QUEUE_NAME = 'reminder-jobs';

/** What a job's id says; the attempt count of a retried delivery is its only data. */
export interface DeliveryJob {
  reminderId: string;
  /** Epoch ms of the occurrence; part of the job id and of the "sent" mark. */
  occurrence: number;
}
export interface DeliveryData {
  /** Failed attempts so far (set when a delivery is retried). */
  a?: number;
}

export interface QueueSettings {
  connection: ConnectionOptions;
  /** config.REDIS_PREFIX: BullMQ keys become `{prefix}:reminder-jobs:*`. */
  prefix: string;
}

/** Enough attempts to outlast a channel down for about a day with the capped backoff. */
export const DELIVERY_ATTEMPTS = 160;

export function jobIdOf(reminderId: string, occurrence: number): string {
  return `${reminderId}-${occurrence.toString(36)}`;
}

export function parseJobId(id: string | undefined): DeliveryJob | null {
  const m = /^(r[a-z0-9]+)-([a-z0-9]+)$/.exec(id ?? '');
  return m?.[1] && m[2] ? { reminderId: m[1], occurrence: parseInt(m[2], 36) } : null;
}

export class ReminderQueue {
  readonly queue: Queue<DeliveryData>;

  constructor(settings: QueueSettings) {
    // The events stream is for dashboards only: keep it short.
    this.queue = new Queue<DeliveryData>(QUEUE_NAME, { connection: settings.connection, prefix: settings.prefix, streams: { events: { maxLen: 1000 } } });
  }

  /** Idempotent: the same (reminder, occurrence) always maps to the same job. */
  async schedule(reminderId: string, occurrence: number, now: number = Date.now()): Promise<void> {
    await this.queue.add('d', {}, { jobId: jobIdOf(reminderId, occurrence), delay: Math.max(0, occurrence - now) });
  }

  /** Removes the job of an occurrence; a job being processed is left (the worker re-checks the record). */
  async unschedule(reminderId: string, occurrence: number): Promise<void> {
    await this.queue.remove(jobIdOf(reminderId, occurrence)).catch(() => 0);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
