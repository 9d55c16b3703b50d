// Occurrence computation for reminder rules. Every calendar step is done on the wall clock of
// the given IANA zone, then turned into an instant, so a 09:00 reminder stays 09:00 across DST.
import { daysInMonth, instantFromWallTime, wallTimeIn, type WallTime } from '../dates/wall-clock.js';

export type Rule =
  | { kind: 'once'; at: Date }
  | { kind: 'quarterly'; startMonth: number /* 1-12 */; day: number; hour: number; minute: number }
  | {
      kind: 'monthly-window';
      /* France Travail: window opens the 28th (26th in February) and closes the 15th of next month */
      hour: number;
      minute: number;
    }
  | { kind: 'yearly'; month: number; day: number; hour: number; minute: number }
  | { kind: 'before-deadline'; deadline: Date; offsetsDays: number[]; hour: number; minute: number }
  | {
      kind: 'yearly-dates';
      dates: string[] /* 'YYYY-MM-DD' */;
      /** A year with none of `dates` falls back to this day (e.g. mid-April until the dates are known). */
      fallback?: { month: number; day: number };
      hour: number;
      minute: number;
    };

export interface QuietHours {
  /** 'HH:MM' local; quiet from this time (inclusive)… */
  start: string;
  /** …until this time (exclusive). May wrap past midnight ('20:00' → '09:00'). */
  end: string;
}

export interface OccurrenceOptions {
  timeZone: string;
  quietHours?: QuietHours;
}

const HOUR_MS = 3_600_000;
// Bounds the search for infinite rules; a year has at most 24 monthly-window occurrences.
const MAX_STEPS = 2_000;

function parseHHMM(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) throw new Error(`invalid time "${s}", expected HH:MM`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) throw new Error(`invalid time "${s}"`);
  return h * 60 + min;
}

function addDays(w: WallTime, n: number): WallTime {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + n));
  return { ...w, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Moves an instant that falls inside quiet hours to the next quiet-hours end (local time). */
export function applyQuietHours(instant: Date, quiet: QuietHours, timeZone: string): Date {
  const start = parseHHMM(quiet.start);
  const end = parseHHMM(quiet.end);
  if (start === end) return instant;
  const w = wallTimeIn(instant, timeZone);
  const now = w.hour * 60 + w.minute;
  const wraps = start > end;
  const inside = wraps ? now >= start || now < end : now >= start && now < end;
  if (!inside) return instant;
  // Before `end` on the same calendar day (early morning, or a non-wrapping window): today; else tomorrow.
  const day = now < end ? w : addDays(w, 1);
  const target = { ...day, hour: Math.floor(end / 60), minute: end % 60 };
  return instantFromWallTime(target, timeZone);
}

function parseIsoDate(s: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`invalid date "${s}", expected YYYY-MM-DD`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function at(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  // A day beyond the month's end (31 in June, 29 Feb in a common year) falls on its last day.
  const d = Math.min(day, daysInMonth(year, month));
  return instantFromWallTime({ year, month, day: d, hour, minute }, tz);
}

/** Raw occurrences (before quiet hours) strictly after `from`, in increasing order. */
function* rawOccurrences(rule: Rule, from: Date, tz: string): Generator<Date> {
  const origin = wallTimeIn(from, tz);
  switch (rule.kind) {
    case 'once': {
      if (rule.at > from) yield rule.at;
      return;
    }
    case 'before-deadline': {
      const deadline = wallTimeIn(rule.deadline, tz);
      const dates = [...new Set(rule.offsetsDays)]
        .sort((a, b) => b - a) // largest offset = earliest reminder
        .map((n) => {
          const d = addDays(deadline, -n);
          return instantFromWallTime({ ...d, hour: rule.hour, minute: rule.minute }, tz);
        });
      for (const d of dates) if (d > from) yield d;
      return;
    }
    case 'yearly-dates': {
      const known = rule.dates.map(parseIsoDate);
      const dates = known.map((d) => at(d.year, d.month, d.day, rule.hour, rule.minute, tz)).sort((a, b) => a.getTime() - b.getTime());
      const { fallback } = rule;
      if (!fallback) {
        for (const d of dates) if (d > from) yield d;
        return;
      }
      // Year by year: the known dates of that year, or the fallback day when it has none.
      const years = new Set(known.map((d) => d.year));
      for (let y = origin.year - 1, i = 0; i < MAX_STEPS; y++, i++) {
        const ofYear = years.has(y) ? dates.filter((d) => wallTimeIn(d, tz).year === y) : [at(y, fallback.month, fallback.day, rule.hour, rule.minute, tz)];
        for (const d of ofYear) if (d > from) yield d;
      }
      return;
    }
    case 'yearly': {
      for (let y = origin.year - 1, i = 0; i < MAX_STEPS; y++, i++) {
        const d = at(y, rule.month, rule.day, rule.hour, rule.minute, tz);
        if (d > from) yield d;
      }
      return;
    }
    case 'quarterly': {
      // Only the phase matters: startMonth, +3, +6, +9, every year.
      for (let i = 0, y = origin.year - 1, m = 1; i < MAX_STEPS; i++) {
        if ((((m - rule.startMonth) % 3) + 3) % 3 === 0) {
          const d = at(y, m, rule.day, rule.hour, rule.minute, tz);
          if (d > from) yield d;
        }
        if (++m > 12) {
          m = 1;
          y++;
        }
      }
      return;
    }
    case 'monthly-window': {
      // Each month: the closing day (15th, last day to declare) then the opening day (28th, 26th in Feb).
      for (let i = 0, y = origin.year - 1, m = 1; i < MAX_STEPS; i++) {
        const openDay = m === 2 ? 26 : 28;
        for (const day of [15, openDay]) {
          const d = at(y, m, day, rule.hour, rule.minute, tz);
          if (d > from) yield d;
        }
        if (++m > 12) {
          m = 1;
          y++;
        }
      }
      return;
    }
  }
}

/**
 * First occurrence strictly after `after`, once quiet hours are applied; null when none is left.
 * An occurrence raw-timed just before `after` but pushed past it by quiet hours still counts
 * (e.g. a 21:30 slot asked for at 22:00 is due at 09:00 next morning, not skipped).
 */
export function nextOccurrence(rule: Rule, after: Date, opts: OccurrenceOptions): Date | null {
  const quiet = opts.quietHours;
  // Quiet hours shift by less than a day (26 h covers a 25-hour DST day).
  const from = quiet ? new Date(after.getTime() - 26 * HOUR_MS) : after;
  for (const raw of rawOccurrences(rule, from, opts.timeZone)) {
    const shifted = quiet ? applyQuietHours(raw, quiet, opts.timeZone) : raw;
    if (shifted > after) return shifted;
  }
  return null;
}


/** True when a rule has no last occurrence (it repeats until the person stops it). */
export function repeatsForever(rule: Rule): boolean {
  return rule.kind === 'quarterly' || rule.kind === 'monthly-window' || rule.kind === 'yearly' || (rule.kind === 'yearly-dates' && rule.fallback !== undefined);
}

/** The last occurrence of a finite rule (quiet hours applied), null for a rule that repeats or has none left. */
export function lastOccurrence(rule: Rule, after: Date, opts: OccurrenceOptions): Date | null {
  if (repeatsForever(rule)) return null;
  let last: Date | null = null;
  for (let next = nextOccurrence(rule, after, opts); next; next = nextOccurrence(rule, next, opts)) last = next;
  return last;
}

/**
 * The declaration asked for in its own month, after the rule's day has passed ("my declaration is
 * in March", said on 10 March): one extra reminder at the rule's time, today or tomorrow, while the
 * month lasts. Null when the rule's own occurrence this month is still ahead, or the month is over.
 */
export function catchUpThisMonth(rule: Rule, now: Date, tz: string): Date | null {
  if (rule.kind !== 'quarterly') return null;
  const w = wallTimeIn(now, tz);
  if (rule.startMonth !== w.month) return null;
  if (at(w.year, w.month, rule.day, rule.hour, rule.minute, tz) > now) return null;
  for (const day of [w, addDays(w, 1)]) {
    const slot = instantFromWallTime({ ...day, hour: rule.hour, minute: rule.minute }, tz);
    if (slot > now) return day.month === w.month ? slot : null;
  }
  return null;
}

/**
 * France Travail: "c'est fait" while the monthly window is open covers that window, so its other
 * reminder (the closing day) is not sent. Returns the window's end (the 15th, midnight), or null
 * when `at` is outside an open window or the rule has no windows.
 */
export function openWindowEnd(rule: Rule, at: Date, tz: string): Date | null {
  if (rule.kind !== 'monthly-window') return null;
  const w = wallTimeIn(at, tz);
  const openDay = w.month === 2 ? 26 : 28;
  let closing: WallTime;
  if (w.day <= 15) closing = w;
  else if (w.day >= openDay) closing = { ...w, month: w.month === 12 ? 1 : w.month + 1, year: w.month === 12 ? w.year + 1 : w.year };
  else return null;
  // The window closes at midnight at the end of the 15th.
  return instantFromWallTime({ ...addDays({ ...closing, day: 15 }, 1), hour: 0, minute: 0 }, tz);
}
