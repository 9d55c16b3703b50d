// Slips in date words are read as the word meant, and only then: real words stay as typed, and a
// word that is no date word never turns a reminder into "today".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correctDateWords, FILLER_WORDS } from '../../src/dates/date-words.js';
import { parseDatePhrase } from '../../src/dates/parse.js';
import { PARIS } from '../support/paris.js';

const NOW = new Date('2027-03-10T09:00:00+01:00');

describe('correctDateWords', () => {
  it('reads one-letter slips and common misspellings as the date word', () => {
    expect(correctDateWords('demin à 10h', 'fr')).toBe('demain à 10h');
    expect(correctDateWords('lindi', 'fr')).toBe('lundi');
    expect(correctDateWords('mrdi matn', 'fr')).toBe('mardi matin');
    expect(correctDateWords('tomorow', 'en')).toBe('tomorrow');
    expect(correctDateWords('tommorow', 'en')).toBe('tomorrow');
    expect(correctDateWords('غذا', 'ar')).toBe('غدا');
  });

  it('leaves short words and everyday words alone', () => {
    // "soit", "voir" are one letter from "soir"; "mais" from "mai": too close to guess.
    for (const text of ['soit', 'voir', 'mais', 'pour', 'midi', 'soir', 'demain', 'la CAF', '15 12']) {
      expect(correctDateWords(text, 'fr'), text).toBe(text);
    }
  });
});

describe('a word the parser does not know', () => {
  it('is never read as today: "<word> à 10h" is refused, or a day the word names', () => {
    const word = fc
      .stringMatching(/^[a-z]{3,9}$/)
      .filter((w) => !FILLER_WORDS.has(w) && correctDateWords(w, 'fr') === w && !['mercredi', 'maintenant'].includes(w));
    fc.assert(
      fc.property(word, (w) => {
        const r = parseDatePhrase(`${w} à 10h`, { now: NOW, timeZone: PARIS, locale: 'fr' });
        // Today's 10:00 is one hour after NOW.
        return !r.ok || r.date.getTime() - NOW.getTime() !== 3_600_000;
      }),
      { numRuns: 300 },
    );
  });
});
