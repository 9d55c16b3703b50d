// Reads a date phrase people type ("demain 14h", "le 3 mars", "1512", "15 12 2027", "le 15", "demin")
// in French, English or Arabic as an instant in a time zone; an impossible date (31 février, 3102) is
// told apart from no date, and a word it cannot read never turns into "today".
import * as chrono from 'chrono-node';
import { tzOffset } from '@date-fns/tz';
import { IMPOSSIBLE_TAG, isValidDay, withExtras } from './chrono-extras.js';
import { normalise } from '../i18n/words.js';
import { correctDateWords, FILLER_WORDS, type DateWordsLocale } from './date-words.js';
import { instantFromWallTime, MINUTE_MS, wallTimeIn } from './wall-clock.js';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

export type DateLocale = 'fr' | 'en' | 'ar';

export interface ParseDateOptions {
  now: Date;
  timeZone: string;
  locale: DateLocale;
  /** Local hour used when the phrase gives a day but no time (default 10). */
  defaultHour?: number;
}

export type ParseDateResult =
  | { ok: true; date: Date; hasTime: boolean }
  | { ok: false; reason: 'unparsed' | 'past' | 'impossible' };

// --- text normalisation -------------------------------------------------------------

function normaliseText(text: string): string {
  return (
    text
      // Arabic-Indic (U+0660) and Eastern Arabic-Indic (U+06F0) digits to ASCII.
      .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x0660))
      .replace(/[\u06f0-\u06f9]/g, (c) => String(c.charCodeAt(0) - 0x06f0))
      // chrono reads "14 h 30" as 14:00; French users often type the spaces.
      .replace(/(\d{1,2})\s*h\s*(\d{2})\b/gi, '$1h$2')
      .replace(/(\d{1,2})\s+h\b/gi, '$1h')
      // Phones type a curly apostrophe, and many skip it: chrono knows only "aujourd'hui".
      .replace(/[’`´]/g, "'")
      .replace(/aujourd\s*'?\s*hui/gi, "aujourd'hui")
      // chrono-en reads "day after tomorrow" as "tomorrow" unless "the" comes first.
      .replace(/(?<!the\s+)\bday\s+after\s+tomorrow\b/gi, 'the day after tomorrow')
  );
}

function stripAccents(s: string): string {
  // Latin accents and Arabic harakat/hamza marks, so "février" = "fevrier" and "أبريل" = "ابريل".
  return s.normalize('NFD').replace(/[\u0300-\u036f\u064b-\u065f]/g, '').toLowerCase();
}

const MONTHS: Record<string, number> = {
  janvier: 1, janv: 1, fevrier: 2, fevr: 2, fev: 2, mars: 3, avril: 4, avr: 4, mai: 5, juin: 6,
  juillet: 7, juil: 7, aout: 8, septembre: 9, sept: 9, octobre: 10, novembre: 11, decembre: 12,
  january: 1, jan: 1, february: 2, feb: 2, march: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, october: 10, oct: 10, november: 11,
  nov: 11, december: 12, dec: 12,
  يناير: 1, فبراير: 2, مارس: 3, ابريل: 4, مايو: 5, يونيو: 6, يوليو: 7, اغسطس: 8, سبتمبر: 9,
  اكتوبر: 10, نوفمبر: 11, ديسمبر: 12,
};
const MONTH_ALT = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

function fullYear(y: string | undefined): number | undefined {
  if (y === undefined) return undefined;
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

/**
 * chrono drops or rolls over dates such as "31 février"; spot them in the text itself so the user
 * hears "this date does not exist" rather than "I did not understand". Digit dates (31/02, 3102) are
 * checked by their own parser (chrono-extras.ts).
 */
function mentionsImpossibleDate(text: string): boolean {
  const t = stripAccents(text);
  const checks: { day: number; month: number; year: number | undefined }[] = [];
  // \b is ASCII-only, so letter boundaries are spelled out (Arabic month names).
  const dayFirst = new RegExp(
    `(?<!\\d)(\\d{1,2})(?:er|st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_ALT})(?!\\p{L})\\.?(?:,?\\s+(\\d{4}))?`,
    'gu',
  );
  const monthFirst = new RegExp(
    `(?<!\\p{L})(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\p{L}\\d])(?:,?\\s+(\\d{4}))?`,
    'gu',
  );
  for (const m of t.matchAll(dayFirst)) {
    checks.push({ day: Number(m[1]), month: MONTHS[m[2] ?? ''] ?? 0, year: fullYear(m[3]) });
  }
  for (const m of t.matchAll(monthFirst)) {
    checks.push({ day: Number(m[2]), month: MONTHS[m[1] ?? ''] ?? 0, year: fullYear(m[3]) });
  }
  return checks.some((c) => !isValidDay(c.day, c.month, c.year));
}

// --- parsing ------------------------------------------------------------------------

// Residents in France write day/month, so English uses chrono's little-endian (GB) parser.
// Arabic speakers often type French or English date words: chrono's Arabic parser first, then those.
// Each reader carries the word list its typos are checked against.
interface Reader {
  chrono: chrono.Chrono;
  words: DateWordsLocale;
}
const FR: Reader = { chrono: withExtras(chrono.fr.casual, true), words: 'fr' };
const EN: Reader = { chrono: withExtras(chrono.en.GB, false), words: 'en' };
const AR: Reader = { chrono: withExtras(chrono.ar.casual, false), words: 'ar' };
const READERS: Record<DateLocale, Reader[]> = { fr: [FR], en: [EN], ar: [AR, FR, EN] };

// "ce soir", "demain matin", "tomorrow at noon": a time of day even if chrono only implies the hour.
const CASUAL_TIME_TAG = /^casualReference\/(morning|afternoon|evening|tonight|noon|midnight|night)$/;

/**
 * The hour a time of day means when no hour is typed, the same in every language (chrono says 6:00,
 * 8:00 or 20:00-22:00 depending on the language): "demain matin" is 9:00, "ce soir" and "tonight" 18:00.
 */
const CASUAL_HOURS: Record<string, number> = { morning: 9, noon: 12, afternoon: 14, evening: 18, tonight: 18 };

function casualHour(tags: Set<string>): number | undefined {
  for (const [name, hour] of Object.entries(CASUAL_HOURS)) if (tags.has(`casualReference/${name}`)) return hour;
  return undefined;
}

function componentsToInstant(
  start: chrono.ParsedComponents,
  tags: Set<string>,
  hasTime: boolean,
  defaultHour: number,
  opts: { now: Date; timeZone: string },
): Date | 'impossible' {
  const year = start.get('year');
  const month = start.get('month');
  const day = start.get('day');
  if (year === null || month === null || day === null) return 'impossible';
  if (!isValidDay(day, month, year)) return 'impossible';
  const typedHour = start.isCertain('hour');
  const hour = typedHour ? (start.get('hour') ?? defaultHour) : hasTime ? (casualHour(tags) ?? start.get('hour') ?? defaultHour) : defaultHour;
  const minute = typedHour ? (start.get('minute') ?? 0) : 0;

  if (tags.has('result/relativeDateAndTime')) {
    // "dans 2 heures": elapsed time, not a wall-clock target, so a DST change in between stays exact.
    const ref = wallTimeIn(opts.now, opts.timeZone);
    const refMs = Date.UTC(ref.year, ref.month - 1, ref.day, ref.hour, ref.minute);
    const targetMs = Date.UTC(year, month - 1, day, hour, minute);
    const seconds = opts.now.getUTCSeconds() * 1000 + opts.now.getUTCMilliseconds();
    return new Date(opts.now.getTime() - seconds + (targetMs - refMs));
  }
  if (hasTime && start.isCertain('timezoneOffset')) {
    // The user named a zone ("10am UTC"): honour it.
    const off = start.get('timezoneOffset') ?? 0;
    return new Date(Date.UTC(year, month - 1, day, hour, minute) - off * MINUTE_MS);
  }
  return instantFromWallTime({ year, month, day, hour, minute }, opts.timeZone);
}

/**
 * Words and numbers of `text` outside what chrono read, other than harmless ones ("pour", "please").
 * When the day was not given, one of them may be the day misspelt ("demian à 10h"): better to ask
 * again than to answer "today".
 */
function unreadWords(text: string, results: chrono.ParsedResult[]): string[] {
  let rest = text;
  for (const r of results) rest = rest.slice(0, r.index) + ' '.repeat(r.text.length) + rest.slice(r.index + r.text.length);
  return (rest.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map(normalise).filter((w) => !FILLER_WORDS.has(w));
}

type Reading = { result: chrono.ParsedResult; tags: Set<string> } | 'impossible' | undefined;

/**
 * `strict`: every word must be read. Otherwise words left unread are allowed only when the day is
 * given ("rappelle-moi demain à 10h pour la CAF"), never when it would default to today.
 */
function read(reader: Reader, text: string, reference: chrono.ParsingReference, strict: boolean): Reading {
  const results = reader.chrono.parse(text, reference, { forwardDate: true });
  if (results.some((r) => r.start.tags().has(IMPOSSIBLE_TAG))) return 'impossible';
  let result = results[0];
  if (!result) return undefined;
  let tags = result.start.tags();
  const dayGiven = ['day', 'weekday'].some((c) => result?.start.isCertain(c as chrono.Component));
  // "15 à 10h" is read as a range of hours today: most likely a day the parser missed.
  if (!dayGiven && result.end) return undefined;
  if ((strict || !dayGiven) && unreadWords(text, results).length > 0) return undefined;
  const casualTime = [...tags].some((t) => CASUAL_TIME_TAG.test(t));
  if (casualTime && !dayGiven) {
    // forwardDate turns "ce soir" said at 20:00 into tomorrow evening; keep today and report it as past.
    result = reader.chrono.parse(text, reference)[0] ?? result;
    tags = result.start.tags();
  }
  return { result, tags };
}

/**
 * Parses a French, English or Arabic date phrase (Arabic-Indic digits allowed) relative to `now` in `timeZone`.
 * The text is read as typed first, then with misspelt date words corrected ("demin" → "demain").
 * chrono follows the process TZ, so we only read its wall-clock components (computed against an
 * explicit reference offset) and build the instant ourselves in the requested zone.
 */
export function parseDatePhrase(text: string, opts: ParseDateOptions): ParseDateResult {
  const timeZone = opts.timeZone || DEFAULT_TIME_ZONE;
  const defaultHour = opts.defaultHour ?? 10;
  const input = normaliseText(text);
  if (mentionsImpossibleDate(input)) return { ok: false, reason: 'impossible' };

  const reference = { instant: opts.now, timezone: tzOffset(timeZone, opts.now) };
  const readers = READERS[opts.locale];
  // A reading that explains every word first, as typed then with slips corrected ("mardi matn");
  // then one that leaves words aside but names the day.
  const corrected = readers.map((reader) => ({ reader, phrase: correctDateWords(input, reader.words) }));
  const attempts = [
    ...readers.map((reader) => ({ reader, phrase: input, strict: true })),
    ...corrected.filter((a) => a.phrase !== input).map((a) => ({ ...a, strict: true })),
    ...readers.map((reader) => ({ reader, phrase: input, strict: false })),
  ];
  for (const { reader, phrase, strict } of attempts) {
    const reading = read(reader, phrase, reference, strict);
    if (reading === undefined) continue;
    if (reading === 'impossible') return { ok: false, reason: 'impossible' };
    const { result, tags } = reading;
    const casualTime = [...tags].some((t) => CASUAL_TIME_TAG.test(t));
    const hasTime = result.start.isCertain('hour') || casualTime;
    const date = componentsToInstant(result.start, tags, hasTime, defaultHour, { now: opts.now, timeZone });
    if (date === 'impossible') return { ok: false, reason: 'impossible' };
    if (date.getTime() <= opts.now.getTime()) return { ok: false, reason: 'past' };
    return { ok: true, date, hasTime };
  }
  return { ok: false, reason: 'unparsed' };
}
