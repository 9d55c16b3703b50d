// What can be done with reminders (create, preview, snooze, delete, advance after a delivery),
// on top of the record store and the queue. The record is written first and the job second:
// a job whose record is gone or whose occurrence is no longer pending is skipped by the worker,
// and resync() re-adds the jobs of every pending occurrence at start-up (idempotent ids).
import type { Redis } from 'ioredis';
import { scanKeys } from '../redis/scan.js';
import type { Address } from '../core/message.js';
import { instantFromWallTime, wallTimeIn } from '../dates/wall-clock.js';
import type { Locale } from '../i18n/locales.js';
import type { Procedure } from './catalogue.js';
import type { ReminderQueue } from './queue.js';
import { applyQuietHours, nextOccurrence, openWindowEnd, type QuietHours, type Rule } from './rules.js';
import { pendingOccurrences, type Reminder, type ReminderStore } from './store.js';

export interface ReminderSettings {
  timeZone: string;
  quietHours: QuietHours;
}

/** Metrics hooks (the app's Prometheus counters); resync() re-adds jobs without counting them. */
export interface ReminderServiceEvents {
  scheduled?(): void;
}

export interface NewReminder {
  address: Address;
  locale: Locale;
  procedure: Procedure;
  words?: string;
  rule: Rule;
  now: Date;
  /** One-off occurrences besides the rule's (this month's CAF declaration); quiet hours applied here. */
  extra?: Date[];
}

export type AddResult = { status: 'created'; reminder: Reminder } | { status: 'exists'; reminder: Reminder } | { status: 'too-late' };

/** Words compared as people mean them: case, accents' absence and spacing do not make a new reminder. */
function sameWords(a: string | undefined, b: string | undefined): boolean {
  const norm = (s: string | undefined): string => (s ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

export class ReminderService {
  constructor(
    readonly store: ReminderStore,
    readonly queue: ReminderQueue,
    readonly settings: ReminderSettings,
    private readonly events: ReminderServiceEvents = {},
  ) {}

  get occurrenceOptions() {
    return { timeZone: this.settings.timeZone, quietHours: this.settings.quietHours };
  }

  /** The next `count` occurrences after `after` (quiet hours applied). */
  upcoming(rule: Rule, after: Date, count: number): Date[] {
    const out: Date[] = [];
    let from = after;
    while (out.length < count) {
      const next = nextOccurrence(rule, from, this.occurrenceOptions);
      if (!next) break;
      out.push(next);
      from = next;
    }
    return out;
  }

  /**
   * The person's reminder that this one would repeat: same procedure, same words, same kind of rule
   * and the same next date. Setting a reminder twice (the France Travail one, which asks nothing,
   * was easy to set twice) sent every reminder twice.
   */
  async findSame(input: Pick<NewReminder, 'address' | 'procedure' | 'words' | 'rule' | 'now'>): Promise<Reminder | null> {
    const first = nextOccurrence(input.rule, input.now, this.occurrenceOptions)?.getTime() ?? null;
    const all = await this.store.list(input.address);
    return all.find((r) => r.procedure === input.procedure.id && sameWords(r.words, input.words) && r.rule.kind === input.rule.kind && r.next === first) ?? null;
  }

  /**
   * Stores the reminder and schedules its jobs, unless the person already has the same one.
   * Check and write run in the person's turn: the conversation service runs one turn per person at a
   * time (across processes with MULTI_INSTANCE), so two turns cannot both pass the check.
   */
  async add(input: NewReminder): Promise<AddResult> {
    const first = nextOccurrence(input.rule, input.now, this.occurrenceOptions);
    const extra = [...new Set((input.extra ?? []).map((d) => applyQuietHours(d, this.settings.quietHours, this.settings.timeZone).getTime()))].filter((t) => t > input.now.getTime() && t !== first?.getTime());
    if (!first && extra.length === 0) return { status: 'too-late' };
    const same = await this.findSame(input);
    if (same) return { status: 'exists', reminder: same };
    const reminder: Reminder = {
      id: await this.store.reserveId(),
      channel: input.address.channel,
      userId: input.address.userId,
      procedure: input.procedure.id,
      ...(input.words ? { words: input.words } : {}),
      rule: input.rule,
      locale: input.locale,
      createdAt: input.now.getTime(),
      next: first ? first.getTime() : null,
      snoozed: extra,
    };
    await this.store.save(reminder);
    for (const o of pendingOccurrences(reminder)) {
      await this.queue.schedule(reminder.id, o, input.now.getTime());
      this.events.scheduled?.();
    }
    return { status: 'created', reminder };
  }

  /** add() for callers that only need the reminder: the existing one when it was already set. */
  async create(input: NewReminder): Promise<Reminder | null> {
    const added = await this.add(input);
    return added.status === 'too-late' ? null : added.reminder;
  }

  /**
   * "C'est fait": a France Travail reminder answered while the monthly window is open drops that
   * window's other reminder (the closing day), so one actualisation is not reminded twice.
   * Returns the reminder as it now stands.
   */
  async done(id: string, now: Date): Promise<Reminder | null> {
    const r = await this.store.get(id);
    if (!r) return null;
    const end = openWindowEnd(r.rule, now, this.settings.timeZone);
    if (!end || r.next === null || r.next >= end.getTime()) return r;
    const skipped = r.next;
    const next = nextOccurrence(r.rule, end, this.occurrenceOptions);
    r.next = next ? next.getTime() : null;
    await this.store.save(r);
    await this.queue.unschedule(r.id, skipped);
    if (r.next !== null) {
      await this.queue.schedule(r.id, r.next, now.getTime());
      this.events.scheduled?.();
    }
    return r;
  }

  /** "Rappelle-moi demain": the same wall-clock time tomorrow, out of quiet hours. */
  async snooze(id: string, now: Date): Promise<Date | null> {
    const r = await this.store.get(id);
    if (!r) return null;
    const w = wallTimeIn(now, this.settings.timeZone);
    const tomorrow = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
    const at = applyQuietHours(
      instantFromWallTime({ year: tomorrow.getUTCFullYear(), month: tomorrow.getUTCMonth() + 1, day: tomorrow.getUTCDate(), hour: w.hour, minute: w.minute }, this.settings.timeZone),
      this.settings.quietHours,
      this.settings.timeZone,
    );
    if (!r.snoozed.includes(at.getTime())) r.snoozed.push(at.getTime());
    await this.store.save(r);
    await this.queue.schedule(r.id, at.getTime(), now.getTime());
    this.events.scheduled?.();
    return at;
  }

  async remove(r: Reminder): Promise<void> {
    // The stored record may have more pending occurrences than the caller's copy ("tomorrow").
    const fresh = await this.store.get(r.id);
    const occurrences = new Set([...pendingOccurrences(r), ...(fresh ? pendingOccurrences(fresh) : [])]);
    await this.store.delete(r);
    await Promise.all([...occurrences].map((o) => this.queue.unschedule(r.id, o)));
  }

  async removeAll(address: Address): Promise<number> {
    const all = await this.store.list(address);
    await Promise.all(all.map((r) => this.remove(r)));
    return all.length;
  }

  /**
   * After an occurrence was delivered: drop it from the record and schedule the rule's next one.
   * Returns false when it was no longer pending (already advanced by an earlier attempt).
   */
  async advance(id: string, occurrence: number, now: Date): Promise<boolean> {
    const r = await this.store.get(id);
    if (!r || !pendingOccurrences(r).includes(occurrence)) return false;
    if (r.next === occurrence) {
      const next = nextOccurrence(r.rule, new Date(Math.max(occurrence, now.getTime())), this.occurrenceOptions);
      r.next = next ? next.getTime() : null;
    } else {
      r.snoozed = r.snoozed.filter((o) => o !== occurrence);
    }
    await this.store.save(r);
    if (r.next !== null && r.next !== occurrence) {
      await this.queue.schedule(r.id, r.next, now.getTime());
      this.events.scheduled?.();
    }
    return true;
  }

  /** Re-adds the job of every pending occurrence (after a crash between record and job). */
  async resync(redis: Redis, prefix: string): Promise<number> {
    let count = 0;
    for await (const keys of scanKeys(redis, `${prefix}:reminder:r*`)) {
      for (const key of keys) {
        const r = await this.store.get(key.slice(`${prefix}:reminder:`.length));
        for (const o of r ? pendingOccurrences(r) : []) {
          await this.queue.schedule(r?.id ?? '', o);
          count += 1;
        }
      }
    }
    return count;
  }
}
