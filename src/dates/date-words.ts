// The date words people type, with the slips of old phones: "demin", "lindi", "mrdi", "tommorow".
// A word one letter away from exactly one date word is read as that word (src/i18n/edit-distance.ts);
// short words (soir, midi, mai) only count when spelt right, as too many real words sit one letter away.
import { editDistance } from '../i18n/edit-distance.js';
import { normalise } from '../i18n/words.js';

export type DateWordsLocale = 'fr' | 'en' | 'ar';

/** Spellings chrono-node understands, as written in its patterns. */
const DATE_WORDS: Record<DateWordsLocale, readonly string[]> = {
  fr: ['demain', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'matin', 'soir', 'midi',
    'semaine', 'prochain', 'prochaine', 'après', 'jours'],
  en: ['tomorrow', 'today', 'tonight', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
    'morning', 'afternoon', 'evening', 'noon', 'next', 'week', 'days'],
  ar: ['غدا', 'اليوم', 'الاثنين', 'الثلاثاء', 'الاربعاء', 'الخميس', 'الجمعة', 'السبت', 'الاحد', 'صباحا', 'مساء',
    'ظهرا', 'الليلة', 'الاسبوع', 'القادم'],
};

/** Slips further than one letter, or SMS spellings, that people commonly type. */
const VARIANTS: Record<DateWordsLocale, Readonly<Record<string, string>>> = {
  fr: { '2main': 'demain', ajd: "aujourd'hui", auj: "aujourd'hui", aujourdhui: "aujourd'hui", aprem: 'après-midi' },
  en: { tommorow: 'tomorrow', tommorrow: 'tomorrow', tomoro: 'tomorrow', tmrw: 'tomorrow', tmr: 'tomorrow',
    '2morrow': 'tomorrow', '2moro': 'tomorrow', tonite: 'tonight', wensday: 'wednesday', thurs: 'thursday' },
  ar: { غذا: 'غدا', بكره: 'بكرة', الاتنين: 'الاثنين' },
};

/** Words that may surround a date without changing it ("rappelle-moi à 10h", "at 10am please"). */
export const FILLER_WORDS: ReadonlySet<string> = new Set(
  [
    'le', 'la', 'les', 'l', 'a', 'au', 'aux', 'vers', 'pour', 'ce', 'cet', 'cette', 'de', 'd', 'du', 'des', 'et',
    'svp', 'stp', 'merci', 'rappel', 'rappelle', 'rappelez', 'rappeler', 'moi', 'me', 'm', 'heure', 'heures', 'h',
    'plutot', 'bonjour', 'ok', 'oui', 'je', 'veux', 'voudrais',
    'at', 'on', 'the', 'around', 'about', 'for', 'please', 'pls', 'remind', 'reminder', 'i', 'want', 'an', 'yes',
    'thanks', 'hi', 'hello', 'o', 'clock', 'oclock',
    'في', 'الساعة', 'ساعة', 'يوم', 'على', 'من', 'فضلك', 'لو', 'سمحت', 'ذكرني', 'تذكير', 'نعم', 'شكرا',
  ].map(normalise),
);

const MIN_FUZZY_LENGTH = 5;

const TABLES = Object.fromEntries(
  (Object.keys(DATE_WORDS) as DateWordsLocale[]).map((l) => [
    l,
    {
      exact: new Set(DATE_WORDS[l].map(normalise)),
      fuzzy: DATE_WORDS[l].filter((w) => normalise(w).length >= MIN_FUZZY_LENGTH).map((w) => ({ folded: normalise(w), word: w })),
      variants: new Map(Object.entries(VARIANTS[l]).map(([k, v]) => [normalise(k), v])),
    },
  ]),
) as Record<DateWordsLocale, { exact: Set<string>; fuzzy: { folded: string; word: string }[]; variants: Map<string, string> }>;

/** The date word `token` was probably meant to be, or undefined when it is one already or none is close. */
function intendedWord(token: string, locale: DateWordsLocale): string | undefined {
  const folded = normalise(token);
  const table = TABLES[locale];
  if (table.exact.has(folded) || FILLER_WORDS.has(folded)) return undefined;
  const variant = table.variants.get(folded);
  if (variant !== undefined) return variant;
  if (folded.length < MIN_FUZZY_LENGTH - 1) return undefined;
  const close = new Set(table.fuzzy.filter((w) => editDistance(folded, w.folded) === 1).map((w) => w.word));
  // Two date words equally close: guessing could pick the wrong day, so leave it.
  return close.size === 1 ? [...close][0] : undefined;
}

/** `text` with each slip of a date word replaced by the word ("demin à 10h" → "demain à 10h"). */
export function correctDateWords(text: string, locale: DateWordsLocale): string {
  return text.replace(/[\p{L}\p{M}\p{N}]+/gu, (token) => intendedWord(token, locale) ?? token);
}
