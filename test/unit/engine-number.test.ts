// Number answers as people write them: grouped thousands ("1 000" with a space or a no-break space,
// "1.000" in French) are a thousand, not 1 as they used to be read.
import { describe, expect, it } from 'vitest';
import { parseNumber, validateAnswer, type ValidateContext } from '../../src/engine/validate.js';

const ctx = (locale: ValidateContext['locale']): ValidateContext => ({
  now: new Date('2026-01-01T10:00:00Z'),
  timeZone: 'Europe/Paris',
  locale,
  words: { global: new Map(), yes: new Set(), no: new Set(), numbers: new Map([['deux', 2], ['ثلاثة', 3]]) },
  parseDate: () => ({ ok: false, reason: 'unparsed' }),
});

describe('parseNumber', () => {
  it.each([
    ['1 000', 1000],
    ['1\u00A0000', 1000],
    ['1\u202F000', 1000],
    ["1'000", 1000],
    ['1.000', 1000],
    ['12 345 678', 12_345_678],
    ['1.000.000', 1_000_000],
    ['1 000,50', 1000.5],
    ['1.000,50', 1000.5],
    ['3', 3],
    ['12,5', 12.5],
    ['1.5', 1.5],
    ['0.500', 0.5],
    ['1,000', 1],
    ['20 €', 20],
    ['٣٬٥٠٠', 3500],
    ['١٢', 12],
  ])('French: %j → %d', (text, value) => {
    expect(parseNumber(text, 'fr')).toBe(value);
  });

  it.each([
    ['1,000', 1000],
    ['1,000.50', 1000.5],
    ['1.000', 1],
    ['1 000', 1000],
    ['2.5', 2.5],
  ])('English: %j → %d', (text, value) => {
    expect(parseNumber(text, 'en')).toBe(value);
  });

  it.each(['', 'abc', '12 5', '1 00', '1 0000', '-5', '3 ans', '1,2,3', '1.000,5,0', '.5', '5.', '1..000'])('not a number: %j', (text) => {
    expect(parseNumber(text, 'fr')).toBeUndefined();
  });
});

describe('validateAnswer: number', () => {
  it('stores grouped thousands as a thousand', () => {
    expect(validateAnswer('number', ' 1 000 ', ctx('fr'))).toEqual({ ok: true, value: 1000 });
    expect(validateAnswer('number', '1\u00A0000', ctx('ar'))).toEqual({ ok: true, value: 1000 });
    expect(validateAnswer('number', '1,000', ctx('en'))).toEqual({ ok: true, value: 1000 });
  });

  it('explains what is expected otherwise', () => {
    expect(validateAnswer('number', 'beaucoup', ctx('fr'))).toEqual({ ok: false, hint: 'core.validate.number' });
  });
});
