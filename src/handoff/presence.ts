// Presence hours of the educators (flows/data/presence.yaml): is someone on duty now, and if
// not, when is the next opening. Pure functions of (hours, instant, time zone).
import { z } from 'zod';
import { loadYamlFile, type DataError } from '../data/load-yaml.js';
import { instantFromWallTime, wallTimeIn, type WallTime } from '../dates/wall-clock.js';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const range = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must be a range such as "14:00-18:00"')
  .transform((s) => {
    const [from = '', to = ''] = s.split('-');
    return { from: minutesOf(from), to: minutesOf(to) };
  })
  .refine((r) => r.to > r.from, 'the end must come after the start');

export const presenceSchema = z.strictObject({
  source: z.string().nullable(),
  gap: z.string().optional(),
  weekly: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(range)])) as Record<Weekday, z.ZodArray<typeof range>>),
  closed: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-25')).default([]),
});
export type PresenceHours = z.output<typeof presenceSchema>;

function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export function loadPresence(file: string): { hours?: PresenceHours; errors: DataError[] } {
  const loaded = loadYamlFile(file, presenceSchema);
  return loaded.ok ? { hours: loaded.value, errors: [] } : { errors: loaded.errors };
}

export type PresenceNow =
  | { open: true; until: Date }
  /** `next` is null when no opening exists in the coming two weeks. */
  | { open: false; next: Date | null };

const dateKey = (w: WallTime): string => `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;

/** Whether an educator is on duty at `now`, and until when, or the next opening. */
export function presenceAt(hours: PresenceHours, now: Date, timeZone: string): PresenceNow {
  const today = wallTimeIn(now, timeZone);
  const nowMinutes = today.hour * 60 + today.minute;
  for (let offset = 0; offset < 15; offset++) {
    // Noon UTC of the local date + offset days gives the calendar day without DST trouble.
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + offset, 12));
    const wall: WallTime = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: 0, minute: 0 };
    if (hours.closed.includes(dateKey(wall))) continue;
    const weekday = WEEKDAYS[day.getUTCDay()] ?? 'sunday';
    const ranges = [...hours.weekly[weekday]].sort((a, b) => a.from - b.from);
    for (const r of ranges) {
      const at = (minutes: number): Date => instantFromWallTime({ ...wall, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
      if (offset === 0 && nowMinutes >= r.from && nowMinutes < r.to) return { open: true, until: at(r.to) };
      if (offset > 0 || nowMinutes < r.from) return { open: false, next: at(r.from) };
    }
  }
  return { open: false, next: null };
}

/** The weekday name (as in WEEKDAYS) and HH:MM of an instant, in `timeZone`, for texts. */
export function describeInstant(instant: Date, timeZone: string): { weekday: Weekday; time: string; date: string } {
  const w = wallTimeIn(instant, timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day, 12)).getUTCDay()] ?? 'sunday';
  return { weekday, time: `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`, date: dateKey(w) };
}
