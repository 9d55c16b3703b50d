// Wall-clock time in a time zone: reading an instant's local date and time, and the instant
// showing a given local date and time (daylight-saving changes included). Independent of the
// process TZ.
import { TZDate, tzOffset } from '@date-fns/tz';

/** A wall-clock reading in some time zone; month is 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Reads the wall clock of `instant` in `timeZone` (independent of the process TZ). */
export function wallTimeIn(instant: Date, timeZone: string): WallTime {
  const z = new TZDate(instant.getTime(), timeZone);
  return {
    year: z.getFullYear(),
    month: z.getMonth() + 1,
    day: z.getDate(),
    hour: z.getHours(),
    minute: z.getMinutes(),
  };
}

/**
 * The UTC instant showing wall-clock `w` in `timeZone`.
 * A time skipped by a spring-forward change (02:30 in Paris) gives the first valid instant
 * after it (03:00); a repeated autumn time gives the first of the two.
 * Done by hand because TZDate resolves these cases differently depending on the process TZ.
 */
export function instantFromWallTime(w: WallTime, timeZone: string): Date {
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const localMs = (t: number): number => t + tzOffset(timeZone, new Date(t)) * MINUTE_MS;
  // Offsets in force a day before and a day after bracket any change around this wall time.
  const offBefore = tzOffset(timeZone, new Date(wallMs - DAY_MS));
  const offAfter = tzOffset(timeZone, new Date(wallMs + DAY_MS));
  const candidates = [offBefore, offAfter]
    .map((off) => wallMs - off * MINUTE_MS)
    .filter((t) => localMs(t) === wallMs)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return new Date(first);

  // Skipped wall time: binary-search the first instant whose local time is at or past it.
  let lo = wallMs - Math.max(offBefore, offAfter) * MINUTE_MS;
  let hi = wallMs - Math.min(offBefore, offAfter) * MINUTE_MS;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (localMs(mid) >= wallMs) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}
