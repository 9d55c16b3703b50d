// How late the reminders queue runs: the age of the oldest job that is due but not yet taken by
// a worker (0 when none). A due job sits either in BullMQ's delayed set (no worker promoted it
// yet: none running, or all busy) or in its wait list (promoted, held by the rate limit or the
// workers' concurrency). Read through BullMQ's public API only.
import type { Queue } from 'bullmq';
import { parseJobId } from './queue.js';

export async function queueLagSeconds(queue: Queue, now: number = Date.now()): Promise<number> {
  // The delayed set is listed in due order: its first job is the next one due. A job is due `delay`
  // after it was added, or after the start of the attempt that put it back (a retry, quiet hours).
  const [delayed] = await queue.getJobs(['delayed'], 0, 0, true);
  let oldestDue = delayed ? Math.max(delayed.timestamp, delayed.processedOn ?? 0) + Number(delayed.delay ?? 0) : Infinity;
  if (oldestDue > now) oldestDue = Infinity;
  // The wait list is served oldest first: its oldest job is the next one a worker takes.
  // Promotion clears a job's delay, so its due time is rebuilt: not before its occurrence (in
  // its id), its creation, nor the start of its last failed attempt (a retry).
  const [next] = await queue.getJobs(['wait'], 0, 0, true);
  if (next) {
    const occurrence = parseJobId(next.id)?.occurrence ?? 0;
    oldestDue = Math.min(oldestDue, Math.max(occurrence, next.timestamp, next.processedOn ?? 0));
  }
  return Number.isFinite(oldestDue) ? Math.max(0, (now - oldestDue) / 1000) : 0;
}
