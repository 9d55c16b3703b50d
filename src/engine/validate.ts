// Validators for free-text answers. Pure: the clock and the date parser come in as arguments.
import type { Locale } from '../i18n/locales.js';
import { parseMonth } from '../dates/month-names.js';
import { normalise, westernDigits } from '../i18n/words.js';
import type { Validator } from './schema.js';
import type { Json } from './state.js';
import { numberWordOf, type WordSets } from './words.js';

export type DateParseResult = { ok: true; date: Date; hasTime: boolean } | { ok: false; reason: 'unparsed' | 'past' | 'impossible' };
export type DateParser = (text: string, opts: { now: Date; timeZone: string; locale: Locale }) => DateParseResult;

export interface ValidateContext {
  now: Date;
  timeZone: string;
  locale: Locale;
  words: WordSets;
  parseDate: DateParser;
}

/** The value to store, or the locale key of the hint explaining what is expected. */
export type Validation = { ok: true; value: Json } | { ok: false; hint: string };

const MAX_TEXT = 1000;

export function validateAnswer(validator: Validator, text: string, ctx: ValidateContext): Validation {
  const trimmed = text.trim();
  switch (validator) {
    case 'text':
      return trimmed ? { ok: true, value: trimmed.slice(0, MAX_TEXT) } : { ok: false, hint: 'core.validate.text' };
    case 'number': {
      // "deux", "three", "ثلاثة": a number written as a word is a number too.
      const n = parseNumber(trimmed, ctx.locale) ?? numberWordOf(trimmed, ctx.words);
      return n === undefined ? { ok: false, hint: 'core.validate.number' } : { ok: true, value: n };
    }
    case 'yes-no': {
      const n = normalise(trimmed);
      if (ctx.words.yes.has(n)) return { ok: true, value: true };
      if (ctx.words.no.has(n)) return { ok: true, value: false };
      return { ok: false, hint: 'core.validate.yes_no' };
    }
    case 'month': {
      const month = parseMonth(trimmed, ctx.words.numbers);
      return month === undefined ? { ok: false, hint: 'core.validate.month' } : { ok: true, value: month };
    }
    case 'date': {
      const parsed = ctx.parseDate(trimmed, { now: ctx.now, timeZone: ctx.timeZone, locale: ctx.locale });
      if (parsed.ok) return { ok: true, value: parsed.date.toISOString() };
      const hint = parsed.reason === 'past' ? 'core.validate.date_past' : parsed.reason === 'impossible' ? 'core.validate.date_impossible' : 'core.validate.date';
      return { ok: false, hint };
    }
  }
}

// Thousands are grouped by a space (often a no-break one, as phones and spreadsheets write it), an
// apostrophe, or the locale's grouping mark; the other mark is the decimal one.
const GROUPING_MARK: Record<Locale, '.' | ','> = { fr: '.', ar: '.', en: ',' };
const SEPARATOR = /[.,\u066B]/g; // \u066B: the Arabic decimal separator

/**
 * A number as people write it: "3", "12,5", "1.5", "1 000" (space, no-break or narrow no-break
 * space), "1'000", "1.000" and "1.000,50" in French, "1,000" and "1,000.50" in English, "٣٬٥٠٠",
 * "20 €". Undefined for anything else ("12 5", "-5", "3 ans").
 */
export function parseNumber(text: string, locale: Locale): number | undefined {
  const s = westernDigits(text).replace(/[\p{Sc}%]/gu, '').replace(/\u066C/g, ' ').trim();
  if (!/^\d(?:[\d.,\s'’\u066B]*\d)?$/u.test(s)) return undefined;
  const marks: string[] = s.match(SEPARATOR) ?? [];
  let decimal: string | undefined;
  if (new Set(marks).size > 1 || marks.includes('\u066B')) decimal = marks.at(-1);
  else if (marks.length === 1 && !(marks[0] === GROUPING_MARK[locale] && /^[1-9]\d{0,2}[.,]\d{3}$/.test(s))) decimal = marks[0];
  const [whole = '', fraction, ...more] = decimal === undefined ? [s] : s.split(decimal);
  if (more.length > 0 || (fraction !== undefined && !/^\d+$/.test(fraction))) return undefined;
  if (!/^\d+$/.test(whole) && !/^[1-9]\d{0,2}([.,\s'’])\d{3}(?:\1\d{3})*$/u.test(whole)) return undefined;
  return Number(`${whole.replace(/\D/g, '')}${fraction === undefined ? '' : `.${fraction}`}`);
}
