// The global words (menu, retour, aide, langue, stop…) that work at any moment. They come from
// every locale at once, so "menu" works for an Arabic speaker and "قائمة" for a French one.
import type { Texts } from '../i18n/locales.js';
import { normalise, wordsOfKey } from '../i18n/words.js';

export const GLOBAL_WORDS = ['menu', 'back', 'help', 'language', 'stop'] as const;
export type GlobalWord = (typeof GLOBAL_WORDS)[number];

export interface WordSets {
  global: ReadonlyMap<string, GlobalWord>;
  yes: ReadonlySet<string>;
  no: ReadonlySet<string>;
}

export function buildWordSets(texts: Texts): WordSets {
  const global = new Map<string, GlobalWord>();
  for (const word of GLOBAL_WORDS) for (const w of wordsOfKey(texts, `core.words.${word}`)) global.set(w, word);
  return { global, yes: wordsOfKey(texts, 'core.words.yes'), no: wordsOfKey(texts, 'core.words.no') };
}

export function globalWordOf(text: string, words: WordSets): GlobalWord | undefined {
  return words.global.get(normalise(text));
}
