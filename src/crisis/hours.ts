// Is a help line open now, and when does it open next? OpenStreetMap opening_hours (the `opening_hours`
// library) reads the process's local clock, so the bot's time zone is turned into a local wall time first.
import OpeningHours from 'opening_hours';
import { wallTimeIn } from '../dates/wall-clock.js';

export type LineState = { open: true } | { open: false; opensAt: string | undefined };

const cache = new Map<string, OpeningHours>();

function hoursOf(spec: string): OpeningHours {
  let parsed = cache.get(spec);
  if (!parsed) {
    parsed = new OpeningHours(spec);
    cache.set(spec, parsed);
  }
  return parsed;
}

/** `opensAt` is "HH:MM" in the time zone, when the line opens within the coming week. */
export function lineStateAt(spec: string, now: Date, timeZone: string): LineState {
  const w = wallTimeIn(now, timeZone);
  const local = new Date(w.year, w.month - 1, w.day, w.hour, w.minute);
  const hours = hoursOf(spec);
  if (hours.getState(local)) return { open: true };
  const next = hours.getNextChange(local, new Date(local.getTime() + 7 * 86_400_000));
  const opensAt = next ? `${String(next.getHours()).padStart(2, '0')}:${String(next.getMinutes()).padStart(2, '0')}` : undefined;
  return { open: false, opensAt };
}
