// The words of a locale key: "stop|arrêt|Arrêter" in any locale, normalised, read in one place.
import { describe, expect, it } from 'vitest';
import type { Texts, TextEntry } from '../../src/i18n/locales.js';
import { firstSpelling, normalise, wordsOfKey } from '../../src/i18n/words.js';

const entries = (pairs: Record<string, string>): Map<string, TextEntry> => new Map(Object.entries(pairs).map(([k, text]) => [k, { text, file: 'x.yaml', line: 1 }]));
const texts: Texts = {
  fr: entries({ 'core.words.stop': 'stop|Arrêt| arrêter ||', 'core.words.help': 'aide|aidez-moi' }),
  en: entries({ 'core.words.stop': 'stop|Quit!' }),
  ar: entries({ 'core.words.stop': 'توقف' }),
};

describe('wordsOfKey', () => {
  it('every spelling in every locale, normalised, without empty ones', () => {
    expect(wordsOfKey(texts, 'core.words.stop')).toEqual(new Set(['stop', 'arret', 'arreter', 'quit', 'توقف']));
  });

  it('a key missing everywhere has no words', () => {
    expect(wordsOfKey(texts, 'core.words.nothing').size).toBe(0);
  });
});

describe('firstSpelling', () => {
  it('the first spelling as written, falling back to the reference locale', () => {
    expect(firstSpelling(texts, 'fr', 'core.words.help')).toBe('aide');
    expect(firstSpelling(texts, 'en', 'core.words.help')).toBe('aide');
  });
});

describe('normalise', () => {
  it('folds case, accents, punctuation and Eastern digits', () => {
    expect(normalise("  Quelqu'UN, ٣ fois ")).toBe('quelqu un 3 fois');
  });
});
