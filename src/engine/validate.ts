// Validators for free-text answers. Pure: the clock and the date parser come in as arguments.
import type { Locale } from '../i18n/locales.js';
import { normalise } from './match.js';
import type { Validator } from './schema.js';
import type { Json } from './state.js';
import type { WordSets } from './words.js';

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
      const n = normalise(trimmed).replace(' ', '.');
      return /^\d+(\.\d+)?$/.test(n) ? { ok: true, value: Number(n) } : { ok: false, hint: 'core.validate.number' };
    }
    case 'yes-no': {
      const n = normalise(trimmed);
      if (ctx.words.yes.has(n)) return { ok: true, value: true };
      if (ctx.words.no.has(n)) return { ok: true, value: false };
      return { ok: false, hint: 'core.validate.yes_no' };
    }
    case 'date': {
      const parsed = ctx.parseDate(trimmed, { now: ctx.now, timeZone: ctx.timeZone, locale: ctx.locale });
      if (parsed.ok) return { ok: true, value: parsed.date.toISOString() };
      const hint = parsed.reason === 'past' ? 'core.validate.date_past' : parsed.reason === 'impossible' ? 'core.validate.date_impossible' : 'core.validate.date';
      return { ok: false, hint };
    }
  }
}
