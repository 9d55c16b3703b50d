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

/** "jeudi 5 mars à 10 h" (the year only when it is not the current one). */
export function formatWhen(instant: Date, env: FormatEnv): string {
  const z = new TZDate(instant.getTime(), env.timeZone);
  const sameYear = wallTimeIn(instant, env.timeZone).year === wallTimeIn(env.now, env.timeZone).year;
  const opts = { locale: DATE_FNS_LOCALES[env.locale] };
  const date = format(z, env.t(sameYear ? 'rappels.format.date' : 'rappels.format.date_year'), opts);
  const time = format(z, env.t(z.getMinutes() === 0 ? 'rappels.format.time' : 'rappels.format.time_minutes'), opts);
  return env.t('rappels.format.when', { date, time });
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
    case 'once':
    case 'before-deadline':
    case 'yearly-dates':
      if (rest.length === 0) return env.t('rappels.summary.once', { when });
      return env.t('rappels.summary.list', { when, others: joinList(rest.map((d) => env.t('rappels.format.on', { when: formatWhen(d, env) })), env.t) });
  }
}
