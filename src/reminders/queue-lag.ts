// How late the reminders queue runs: the age of the oldest job that is due but not yet taken by
// a worker (0 when none). A due job sits either in BullMQ's delayed set (no worker promoted it
// yet: none running, or all busy) or in its wait list (promoted, held by the rate limit or the
// workers' concurrency).
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseJobId } from './queue.js';

// BullMQ scores a delayed job `dueMs * 0x1000 + n` (n tells apart jobs due the same millisecond).
const DELAYED_SCORE_FACTOR = 0x1000;

/** `redis`: a connection to the queue's Redis (the delayed set is read directly). */
export async function queueLagSeconds(queue: Queue, redis: Redis, now: number = Date.now()): Promise<number> {
  const [, score] = await redis.zrange(queue.keys.delayed ?? '', 0, '0', 'WITHSCORES');
  let oldestDue = score !== undefined ? Math.floor(Number(score) / DELAYED_SCORE_FACTOR) : Infinity;
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
