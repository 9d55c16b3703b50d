// What the person reads before a reminder is stored: the dates (with a word when quiet hours move
// one), this month's CAF declaration when it is still possible, and how long the reminder is kept.
import { formatDay, formatTime, formatWhen, describeSchedule, type FormatEnv } from './format.js';
import { catchUpThisMonth, lastOccurrence, nextOccurrence, repeatsForever, type Rule } from './rules.js';
import type { ReminderService } from './service.js';
import { FINISHED_TTL_SECONDS } from './store.js';

/** How many dates the confirmation shows at most (finite rules). */
const PREVIEW_COUNT = 4;

export interface Preview {
  /** The dates in a sentence, plus the quiet-hours note when the first one was moved. */
  summary: string;
  /** One-off occurrences besides the rule's, to store with it. */
  extra: Date[];
  /** A rule that repeats is kept until the person stops it; otherwise until `keepUntil`. */
  keepsForever: boolean;
  keepUntil: string;
}

/** This month's declaration, asked for after its day: one more reminder while the month lasts. */
export function extraOccurrences(rule: Rule, now: Date, timeZone: string): Date[] {
  const catchUp = catchUpThisMonth(rule, now, timeZone);
  return catchUp ? [catchUp] : [];
}

/** Null when the rule has no date left. */
export function previewOf(rule: Rule, service: ReminderService, env: FormatEnv): Preview | null {
  const { now, timeZone } = env;
  const upcoming = service.upcoming(rule, now, PREVIEW_COUNT);
  const extra = extraOccurrences(rule, now, timeZone);
  const [first] = upcoming;
  if (!first && extra.length === 0) return null;

  const [catchUp] = extra;
  let summary = catchUp
    ? env.t(first ? 'rappels.summary.this_month' : 'rappels.summary.once', { when: formatWhen(catchUp, env), next: first ? formatWhen(first, env) : '' })
    : describeSchedule(rule, upcoming, env);
  // Asked for a time in quiet hours ("demain à 22h"): say it comes in the morning, and why.
  const raw = nextOccurrence(rule, now, { timeZone });
  if (first && raw && raw.getTime() !== first.getTime()) summary += ` ${env.t('rappels.summary.quiet', { time: formatTime(first, env) })}`;

  // A finished reminder is kept FINISHED_TTL_SECONDS for its last buttons (store.ts), then expires.
  const last = [lastOccurrence(rule, now, service.occurrenceOptions), ...extra].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime()).at(-1);
  const keepsForever = repeatsForever(rule);
  const keepUntil = !keepsForever && last ? formatDay(new Date(last.getTime() + FINISHED_TTL_SECONDS * 1000), env) : '';
  return { summary, extra, keepsForever, keepUntil };
}
