// How typed words are compared: `normalise` folds what a person typed (case, accents, punctuation,
// Eastern digits) and `wordsOfKey` reads a locale key such as `core.words.stop: "stop|arret|arrêter"`
// as the normalised spellings it accepts, from every locale at once, so "menu" works for an
// Arabic speaker and "قائمة" for a French one.
import { LOCALES, translate, type Locale, type Texts } from './locales.js';

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';

/** Arabic-Indic and Persian digits turned Western ("٣" → "3"); everything else as it was. */
export function westernDigits(text: string): string {
  return text.replace(/[٠-٩]/g, (d) => String(ARABIC_INDIC.indexOf(d))).replace(/[۰-۹]/g, (d) => String(PERSIAN.indexOf(d)));
}

/** Lowercase, no accents, no punctuation, Eastern digits turned Western, spaces folded. */
export function normalise(text: string): string {
  return westernDigits(text)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The spellings of `key` in every locale ("a|b|c"), normalised, without empty ones. */
export function wordsOfKey(texts: Texts, key: string): Set<string> {
  return new Set(LOCALES.flatMap((l) => (texts[l].get(key)?.text ?? '').split('|')).map(normalise).filter(Boolean));
}

/** The first spelling of `key` in `locale` as written ("aide" for "aide|aidez moi"), e.g. to show it. */
export function firstSpelling(texts: Texts, locale: Locale, key: string): string {
  return translate(texts, locale, key).split('|')[0]?.trim() ?? '';
}
