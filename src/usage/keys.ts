// Where the usage counts live in Redis, and until when. Every key is under `{prefix}:usage:` and
// names a local day or month (BOT_TIMEZONE), never a person:
//   {p}:usage:day:{YYYY-MM-DD}            hash   "kind|label" → count
//   {p}:usage:people:day:{YYYY-MM-DD}     HLL    distinct people that day
//   {p}:usage:people:month:{YYYY-MM}      HLL    distinct people that month
//   {p}:usage:take:{YYYY-MM}:{team}       list   seconds an educator took to take a conversation
//   {p}:usage:salt:{YYYY-MM}              string the month's random HMAC key (gone once the month ends)
import { instantFromWallTime, wallTimeIn } from '../dates/wall-clock.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local day and month of an instant: "2026-12-02", "2026-12". */
export function localDay(at: Date, timeZone: string): { day: string; month: string } {
  const w = wallTimeIn(at, timeZone);
  const month = `${w.year}-${pad(w.month)}`;
  return { day: `${month}-${pad(w.day)}`, month };
}

/** "2026-12" → { year: 2026, month: 12 }; throws on anything else. */
export function parseMonth(month: string): { year: number; month: number } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new Error(`not a month (YYYY-MM): ${month}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** The month `delta` months after `month` ("2026-01", -1 → "2025-12"). */
export function addMonths(month: string, delta: number): string {
  const { year, month: m } = parseMonth(month);
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** The instant a local month starts. */
export function monthStart(month: string, timeZone: string): Date {
  const { year, month: m } = parseMonth(month);
  return instantFromWallTime({ year, month: m, day: 1, hour: 0, minute: 0 }, timeZone);
}

/**
 * When a month's counts go: the start of the month `retentionMonths` later. A month is thus kept
 * that many months counting itself, and no key ever lives longer than the setting from now.
 */
export function expiryOf(month: string, retentionMonths: number, timeZone: string): Date {
  return monthStart(addMonths(month, retentionMonths), timeZone);
}

export class UsageKeys {
  constructor(private readonly prefix: string) {}

  /** The pattern of every usage key (for scans in tests and tools). */
  get all(): string {
    return `${this.prefix}:usage:*`;
  }

  day(day: string): string {
    return `${this.prefix}:usage:day:${day}`;
  }

  peopleDay(day: string): string {
    return `${this.prefix}:usage:people:day:${day}`;
  }

  peopleMonth(month: string): string {
    return `${this.prefix}:usage:people:month:${month}`;
  }

  take(month: string, team: string): string {
    return `${this.prefix}:usage:take:${month}:${team}`;
  }

  takePattern(month: string): string {
    return `${this.prefix}:usage:take:${month}:*`;
  }

  salt(month: string): string {
    return `${this.prefix}:usage:salt:${month}`;
  }
}

/** The hash field of a count: "kind|label" (labels never hold "|": they are ids). */
export function fieldOf(kind: string, label: string): string {
  return `${kind}|${label.replaceAll('|', '/')}`;
}
