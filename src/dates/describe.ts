// An instant as people read it in the bot's time zone: weekday name, "HH:MM" and the date.
import { wallTimeIn } from './wall-clock.js';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export function describeInstant(instant: Date, timeZone: string): { weekday: Weekday; time: string; date: string } {
  const w = wallTimeIn(instant, timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day, 12)).getUTCDay()] ?? 'sunday';
  const date = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  return { weekday, time: `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`, date };
}
