// The BullMQ worker that delivers reminders through the person's channel.
// Per job: re-read the record (skip if deleted or the occurrence is no longer pending), claim
// the occurrence's "sent" mark, send, confirm, schedule the next occurrence, then move the person
// to the "delivered" step of `rappels-recu` so the three buttons work (marked "prompted", so a
// retry after a crash moves them there, never sends a second reminder). The buttons travel in the
// reminder's own message (one message, not two: one send at the platform's rate, and outside
// WhatsApp's 24-hour window one reminder template with its quick-reply buttons). Transient failures
// retry with a capped exponential backoff; a person who blocked the bot stops the reminder
// (UnrecoverableError).
//
// Crash recovery (kill -9, power loss): a job a dead process held comes back when its BullMQ lock
// has expired (`lockDurationMs`, 5 s, renewed by BullMQ every half of it while the process lives,
// however long the send takes) and a stalled-job check has seen it (`stalledIntervalMs`, 2 s, run by
// any live worker, once per interval for all of them). The "sent" claim's lease is as long as the
// lock and renewed during the send, so it is free again by then: a killed process's reminders
// resume within about 7 s when another process runs, or a restart plus up to 2 s.
import { randomUUID } from 'node:crypto';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ChannelUnavailableError, RecipientBlockedError } from '../core/errors.js';
import type { Outbound } from '../core/message.js';
import type { ChannelRouter } from '../core/router.js';
import type { ConversationService } from '../conversation/service.js';
import { DELIVERY_ATTEMPTS, parseJobId, QUEUE_NAME, type DeliveryData, type DeliveryJob } from './queue.js';
import { applyQuietHours } from './rules.js';
import type { SentMarks } from './sent-marks.js';
import type { ReminderService } from './service.js';
import { addressOf, pendingOccurrences, type Reminder } from './store.js';

export interface ReminderWorkerOptions {
  /** A connection of its own (BullMQ blocks on it); closed with the worker. */
  connection: Redis;
  prefix: string;
  service: ReminderService;
  marks: SentMarks;
  router: Pick<ChannelRouter, 'get' | 'send'>;
  conversations: () => Pick<ConversationService, 'exclusive' | 'injectHeld' | 'questionFor'>;
  render: (r: Reminder) => Outbound;
  log: Logger;
  /** At most `max` sends per `durationMs` (BullMQ's rate limiter, shared by every worker). */
  rate: { max: number; durationMs: number };
  concurrency?: number;
  /**
   * BullMQ's job lock (default 5 s): how long a job held by a dead process stays held. BullMQ renews
   * it every half of it while the process lives, so only an event loop blocked for over half of it
   * (or Redis unreachable) lets a live job stall. The "sent" lease should be the same length.
   */
  lockDurationMs?: number;
  /** How often a stalled-job check runs (default 2 s, one check for all the workers on a queue). */
  stalledIntervalMs?: number;
  clock?: () => Date;
  /** First pause between attempts (default 5 s), doubling up to 10 min. */
  retryBaseMs?: number;
  /** Test seam: runs right after an occurrence is marked sent (a test kills the process here). */
  afterSent?: (job: DeliveryJob) => void | Promise<void>;
  /** Metrics hooks: an occurrence delivered; a delivery given up (retries exhausted, or blocked). */
  /** `sent` gets the reminder's procedure id (usage counts). */
  events?: { sent?(procedure: string): void; failed?(): void };
}

/** The question under a delivered reminder: "C'est fait", "Rappelle-moi demain", "Arrête ce rappel". */
const BUTTONS_FLOW = 'rappels-recu';
const BUTTONS_STEP = 'delivered';

/** The reminder, then its question on the next line, with the question's choices. */
export function withButtons(reminder: Outbound, question: Outbound | undefined): Outbound {
  if (!question) return reminder;
  return { ...reminder, text: `${reminder.text}\n${question.text}`, ...(question.choices ? { choices: question.choices } : {}) };
}

/** Defaults that bring a killed process's reminders back within 10 s (see the top). */
export const DEFAULT_LOCK_MS = 5_000;
export const DEFAULT_STALLED_INTERVAL_MS = 2_000;
/** A job taken back more often than this (a job that kills its worker each time) fails. */
const MAX_STALLED_COUNT = 5;

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 10 * 60_000;

/** 5 s, 10 s, 20 s… up to 10 min between attempts. */
export function cappedBackoff(attemptsMade: number, baseMs = BACKOFF_BASE_MS): number {
  return Math.min(BACKOFF_CAP_MS, baseMs * 2 ** Math.max(0, attemptsMade - 1));
}

type Outcome = 'sent' | 'stale' | 'already-sent';

/** Another attempt holds the occurrence's claim: try again once its lease may have lapsed. */
class ClaimHeld extends Error {
  constructor(readonly retryInMs: number) {
    super('occurrence claimed by another attempt');
  }
}

export class ReminderWorker {
  readonly worker: Worker<DeliveryData, Outcome>;
  private readonly clock: () => Date;

  constructor(private readonly o: ReminderWorkerOptions) {
    this.clock = o.clock ?? (() => new Date());
    const lockDuration = o.lockDurationMs ?? DEFAULT_LOCK_MS;
    const stalledInterval = o.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS;
    if (!(lockDuration > 0)) throw new Error(`reminder worker: lockDurationMs must be greater than 0 (got ${lockDuration})`);
    if (!(stalledInterval > 0)) throw new Error(`reminder worker: stalledIntervalMs must be greater than 0 (got ${stalledInterval})`);
    this.worker = new Worker<DeliveryData, Outcome>(QUEUE_NAME, (job, token) => this.process(job, token), {
      connection: o.connection,
      prefix: o.prefix,
      autorun: false,
      concurrency: o.concurrency ?? 10,
      limiter: { max: o.rate.max, duration: o.rate.durationMs },
      // lockRenewTime stays BullMQ's default: half of lockDuration.
      lockDuration,
      stalledInterval,
      maxStalledCount: MAX_STALLED_COUNT,
      // The "sent" mark, not the job, remembers a delivery.
      removeOnComplete: { count: 0 },
      removeOnFail: { age: 7 * 86_400 },
    });
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      o.events?.failed?.();
      o.log.warn({ job: job.id, err: err.message }, 'reminder delivery failed for good');
    });
    this.worker.on('error', (err) => o.log.error({ err: err.message }, 'reminder worker error'));
  }

  start(): void {
    void this.worker.run();
  }

  async waitUntilReady(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.o.connection.quit().catch(() => undefined);
  }

  private async process(job: Job<DeliveryData, Outcome>, token?: string): Promise<Outcome> {
    const target = parseJobId(job.id);
    if (!target) return 'stale';
    const failed = job.data.a ?? 0;
    const now = this.clock();
    // A retry that would land in quiet hours waits for their end (first attempts are already out of them).
    const settings = this.o.service.settings;
    const until = applyQuietHours(now, settings.quietHours, settings.timeZone);
    if (failed > 0 && until > now && token) {
      await job.moveToDelayed(until.getTime(), token);
      throw new DelayedError();
    }
    try {
      const first = await this.o.service.store.get(target.reminderId);
      if (!first) return 'stale';
      const address = addressOf(first);
      // Already advanced: stale, unless an attempt died between the reminder and its buttons.
      const pending = pendingOccurrences(first).includes(target.occurrence);
      if (!pending && !(await this.o.marks.isSent(target.reminderId, target.occurrence))) return 'stale';
      // In the person's queue, so "stop this reminder" cannot interleave with its delivery, and a
      // tap on its buttons is read only once the person is at their step.
      const owner = token ?? randomUUID();
      return await this.o.conversations().exclusive(address, async (fence) => {
        const outcome = pending ? await this.deliver(target, owner) : 'already-sent';
        if (outcome === 'stale') return outcome;
        // The buttons went with the reminder: the person's answer now goes to them (once; a retry
        // after a crash between the send and this mark does it then).
        if (!(await this.o.marks.isPrompted(target.reminderId, target.occurrence))) {
          const enter = { kind: 'enter-flow', flowId: BUTTONS_FLOW, stepId: BUTTONS_STEP, vars: { reminder_id: target.reminderId }, interrupt: true, shown: true } as const;
          await this.o.conversations().injectHeld(address, enter, fence);
          await this.o.marks.markPrompted(target.reminderId, target.occurrence);
        }
        return outcome;
      });
    } catch (err) {
      if (err instanceof ClaimHeld && token) {
        // Not a failure: a dead attempt's lease has not lapsed yet (or, rarer, a live one is sending).
        this.o.log.debug({ job: job.id, retryInMs: err.retryInMs }, 'reminder claimed by another attempt; trying again after its lease');
        await job.moveToDelayed(Date.now() + err.retryInMs, token);
        throw new DelayedError();
      }
      if (err instanceof UnrecoverableError || !token || failed + 1 >= DELIVERY_ATTEMPTS) throw err;
      // Retried by hand (not BullMQ's attempts/backoff options) to keep each job tiny in Redis.
      this.o.log.warn({ job: job.id, attempt: failed + 1, err: (err as Error).message }, 'reminder not delivered; will retry');
      await job.updateData({ a: failed + 1 });
      await job.moveToDelayed(Date.now() + cappedBackoff(failed + 1, this.o.retryBaseMs), token);
      throw new DelayedError();
    }
  }

  private async deliver({ reminderId, occurrence }: DeliveryJob, owner: string): Promise<Outcome> {
    const r = await this.o.service.store.get(reminderId);
    if (!r || !pendingOccurrences(r).includes(occurrence)) return 'stale';
    const { marks } = this.o;
    const claim = await marks.claim(reminderId, occurrence, owner);
    if (claim === 'busy') throw new ClaimHeld(Math.min(marks.leaseMs, await marks.leaseLeft(reminderId, occurrence)) + 50);
    if (claim === 'claimed') {
      try {
        if (!this.o.router.get(r.channel)) throw new ChannelUnavailableError(r.channel);
        const message = withButtons(this.o.render(r), await this.o.conversations().questionFor(addressOf(r), r.locale, BUTTONS_FLOW, BUTTONS_STEP, { reminder_id: reminderId }));
        // The claim is renewed for as long as the send takes.
        await marks.holding(reminderId, occurrence, owner, () => this.o.router.send(addressOf(r), { ...message, priority: 'high' }), () =>
          this.o.log.warn({ reminder: reminderId }, 'the "sent" claim lapsed during a send (event loop or Redis stalled): another attempt may send it too'),
        );
      } catch (err) {
        await marks.release(reminderId, occurrence, owner);
        if (err instanceof RecipientBlockedError) {
          await this.o.service.remove(r);
          this.o.log.info({ reminder: reminderId, channel: r.channel }, 'recipient blocked the bot; reminder removed');
          throw new UnrecoverableError('recipient blocked the bot');
        }
        throw err;
      }
      await marks.confirm(reminderId, occurrence);
      this.o.events?.sent?.(r.procedure);
      await this.o.afterSent?.({ reminderId, occurrence });
    }
    await this.o.service.advance(reminderId, occurrence, this.clock());
    this.o.log.debug({ reminder: reminderId, channel: r.channel }, claim === 'sent' ? 'reminder already sent' : 'reminder sent');
    return claim === 'sent' ? 'already-sent' : 'sent';
  }
}
