// The global words (menu, retour, aide, langue, stop…) that work at any moment, and the numbers
// written as words ("deux", "two", "اثنان"). They come from every locale at once, so "menu" works
// for an Arabic speaker and "قائمة" for a French one.
import type { Texts } from '../i18n/locales.js';
import { normalise, wordsOfKey } from '../i18n/words.js';

export const GLOBAL_WORDS = ['menu', 'back', 'help', 'language', 'stop'] as const;
export type GlobalWord = (typeof GLOBAL_WORDS)[number];

/** Numbers people may write as words (`core.words.numbers.0` … `.10`): enough for any list of choices. */
export const NUMBER_WORDS_MAX = 10;

export interface WordSets {
  global: ReadonlyMap<string, GlobalWord>;
  yes: ReadonlySet<string>;
  no: ReadonlySet<string>;
  /** "deux" → 2, "aucun" → 0, "ثلاثة" → 3 (normalised spellings). */
  numbers: ReadonlyMap<string, number>;
}

export function buildWordSets(texts: Texts): WordSets {
  const global = new Map<string, GlobalWord>();
  for (const word of GLOBAL_WORDS) for (const w of wordsOfKey(texts, `core.words.${word}`)) global.set(w, word);
  const numbers = new Map<string, number>();
  for (let n = 0; n <= NUMBER_WORDS_MAX; n++) for (const w of wordsOfKey(texts, `core.words.numbers.${n}`)) numbers.set(w, n);
  return { global, yes: wordsOfKey(texts, 'core.words.yes'), no: wordsOfKey(texts, 'core.words.no'), numbers };
}

export function globalWordOf(text: string, words: WordSets): GlobalWord | undefined {
  return words.global.get(normalise(text));
}

/** The number a typed word names ("deux", "Trois", "٣"), if the whole answer is one. */
export function numberWordOf(text: string, words: Pick<WordSets, 'numbers'>): number | undefined {
  return words.numbers.get(normalise(text));
}
