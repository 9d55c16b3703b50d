// When a team is usually there: open now (until when) or its next opening, from sourced hours in
// OpenStreetMap opening_hours syntax. The `opening_hours` library reads the process's local clock,
// so the instant is turned into the bot's wall time first and the answers back into instants.
import { openingHours } from '../dates/opening-hours.js';
import { instantFromWallTime, wallTimeIn } from '../dates/wall-clock.js';

export type UsualHours = { open: true; until: Date | undefined } | { open: false; next: Date | undefined };

const LOOK_AHEAD_MS = 14 * 86_400_000;

export function usualHoursAt(spec: string, now: Date, timeZone: string): UsualHours {
  const w = wallTimeIn(now, timeZone);
  const local = new Date(w.year, w.month - 1, w.day, w.hour, w.minute);
  const hours = openingHours(spec);
  const change = hours.getNextChange(local, new Date(local.getTime() + LOOK_AHEAD_MS));
  const instant = change ? instantFromWallTime({ year: change.getFullYear(), month: change.getMonth() + 1, day: change.getDate(), hour: change.getHours(), minute: change.getMinutes() }, timeZone) : undefined;
  return hours.getState(local) ? { open: true, until: instant } : { open: false, next: instant };
}
