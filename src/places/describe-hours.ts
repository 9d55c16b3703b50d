// Is a place open now, until when, or when does it open next: from its OpenStreetMap
// opening_hours (src/dates/opening-hours.ts: the Nord's public holidays for "PH off"), in the bot's
// time zone. The `opening_hours` library reads the process's local clock, so the instant is turned
// into the bot's wall time first and its answers back into instants (as src/handoff/team-hours.ts).
import { openingHours } from '../dates/opening-hours.js';
import { instantFromWallTime, wallTimeIn } from '../dates/wall-clock.js';

export type HoursNow =
  /** Open; `until` is when it closes, unless that is more than LOOK_AHEAD away. */
  | { state: 'open'; until: Date | undefined }
  /** Closed; `next` is when it opens, unless that is more than LOOK_AHEAD away. */
  | { state: 'closed'; next: Date | undefined }
  /** No hours, hours the library cannot read, or hours it marks "unknown" right now. */
  | { state: 'unknown' };

/** Six days: a weekday name ("ouvre mardi") is then never ambiguous. */
export const LOOK_AHEAD_MS = 6 * 86_400_000;

export function hoursNow(spec: string | undefined, now: Date, timeZone: string): HoursNow {
  if (!spec?.trim()) return { state: 'unknown' };
  try {
    const w = wallTimeIn(now, timeZone);
    const local = new Date(w.year, w.month - 1, w.day, w.hour, w.minute);
    const hours = openingHours(spec);
    if (hours.getUnknown(local)) return { state: 'unknown' };
    const change = hours.getNextChange(local, new Date(local.getTime() + LOOK_AHEAD_MS));
    const instant = change
      ? instantFromWallTime({ year: change.getFullYear(), month: change.getMonth() + 1, day: change.getDate(), hour: change.getHours(), minute: change.getMinutes() }, timeZone)
      : undefined;
    return hours.getState(local) ? { state: 'open', until: instant } : { state: 'closed', next: instant };
  } catch {
    return { state: 'unknown' };
  }
}
