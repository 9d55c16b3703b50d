// Dates and schedules in words, in the person's language and the bot's time zone.
// The date-fns patterns live in locales/*/rappels.yaml (they contain words such as "à").
import { TZDate } from '@date-fns/tz';
import { format, type Locale as DateFnsLocale } from 'date-fns';
import { arSA, enUS, fr } from 'date-fns/locale';
import { wallTimeIn } from '../dates/wall-clock.js';
import type { Locale, TextArgs } from '../i18n/locales.js';
import type { Rule } from './rules.js';

export type Translate = (key: string, args?: TextArgs) => string;

const DATE_FNS_LOCALES: Record<Locale, DateFnsLocale> = { fr, en: enUS, ar: arSA };

export interface FormatEnv {
  locale: Locale;
  timeZone: string;
  now: Date;
  t: Translate;
}

function sameYear(instant: Date, env: FormatEnv): boolean {
  return wallTimeIn(instant, env.timeZone).year === wallTimeIn(env.now, env.timeZone).year;
}

/** "10 h" or "9 h 30". */
export function formatTime(instant: Date, env: FormatEnv): string {
  const z = new TZDate(instant.getTime(), env.timeZone);
  return format(z, env.t(z.getMinutes() === 0 ? 'rappels.format.time' : 'rappels.format.time_minutes'), { locale: DATE_FNS_LOCALES[env.locale] });
}

/** "15 décembre" (the year only when it is not the current one). */
export function formatDay(instant: Date, env: FormatEnv): string {
  const z = new TZDate(instant.getTime(), env.timeZone);
  return format(z, env.t(sameYear(instant, env) ? 'rappels.format.day' : 'rappels.format.day_year'), { locale: DATE_FNS_LOCALES[env.locale] });
}

/** "jeudi 5 mars à 10 h" (the year only when it is not the current one). */
export function formatWhen(instant: Date, env: FormatEnv): string {
  const z = new TZDate(instant.getTime(), env.timeZone);
  const date = format(z, env.t(sameYear(instant, env) ? 'rappels.format.date' : 'rappels.format.date_year'), { locale: DATE_FNS_LOCALES[env.locale] });
  return env.t('rappels.format.when', { date, time: formatTime(instant, env) });
}

/** How the person recognises a reminder: "Déclaration CAF, 15 décembre" or "rendez-vous mairie, 4 mars". */
export function reminderName(r: { procedure: string; words?: string | undefined; next: number | null; snoozed: number[] }, env: FormatEnv): string {
  const what = r.words ?? env.t(`rappels.procedures.${r.procedure}.short`);
  const first = [...(r.next === null ? [] : [r.next]), ...r.snoozed].sort((a, b) => a - b)[0];
  return first === undefined ? what : env.t('rappels.name', { what, day: formatDay(new Date(first), env) });
}

/** "a, b et c" */
function joinList(items: string[], t: Translate): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${t('rappels.format.and')}${items[items.length - 1] ?? ''}`;
}

/**
 * The confirmation sentence: "Je vous écrirai le jeudi 5 mars à 10 h, puis tous les 3 mois."
 * `upcoming` are the next occurrences (first one at least); finite rules list them all.
 */
export function describeSchedule(rule: Rule, upcoming: Date[], env: FormatEnv): string {
  const [first, ...rest] = upcoming;
  if (!first) return '';
  const when = formatWhen(first, env);
  switch (rule.kind) {
    case 'quarterly':
      return env.t('rappels.summary.quarterly', { when });
    case 'monthly-window':
      return env.t('rappels.summary.monthly_window', { when });
    case 'yearly':
      return env.t('rappels.summary.yearly', { when });
    case 'yearly-dates':
      // Dates not known yet: once a year on the fallback day; the official site gives the exact ones.
      if (rule.fallback) return env.t('rappels.summary.yearly_unknown', { when });
      return listed(when, rest, env);
    case 'once':
    case 'before-deadline':
      return listed(when, rest, env);
  }
}

/** A finite schedule: every date. */
function listed(when: string, rest: Date[], env: FormatEnv): string {
  if (rest.length === 0) return env.t('rappels.summary.once', { when });
  return env.t('rappels.summary.list', { when, others: joinList(rest.map((d) => env.t('rappels.format.on', { when: formatWhen(d, env) })), env.t) });
}
