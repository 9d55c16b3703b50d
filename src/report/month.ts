// The calendar facts the report needs beyond src/usage/keys.ts (months as "2026-12").
import { daysInMonth } from '../dates/wall-clock.js';
import { addMonths, localDay, parseMonth } from '../usage/keys.js';

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The month before the one an instant falls in (local time): the last finished month, reported by default. */
export function lastFinishedMonth(now: Date, timeZone: string): string {
  return addMonths(localDay(now, timeZone).month, -1);
}

/** Every day of the month, "YYYY-MM-DD". */
export function daysOf(month: string): string[] {
  const { year, month: m } = parseMonth(month);
  return Array.from({ length: daysInMonth(year, m) }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The month's days cut into weeks from Monday to Sunday (the first and last may be shorter). */
export function weeksOf(month: string): string[][] {
  const weeks: string[][] = [];
  for (const day of daysOf(month)) {
    const monday = new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
    if (weeks.length === 0 || monday) weeks.push([]);
    weeks[weeks.length - 1]!.push(day);
  }
  return weeks;
}
