// Arabic messages laid out right-to-left on phones: a line that would start left-to-right (a Latin
// word, a digit, a filled-in Latin name) begins with the RIGHT-TO-LEFT MARK; other lines and other
// languages are left as written.
import { describe, expect, it } from 'vitest';
import { RLM } from '../../src/i18n/bidi.js';
import { loadLocales, LOCALES, translate, type Locale, type Texts } from '../../src/i18n/locales.js';

function textsOf(byKey: Record<string, string>): Texts {
  const texts = {} as Texts;
  for (const locale of LOCALES) texts[locale] = new Map(Object.entries(byKey).map(([key, text]) => [key, { text, file: 'demo.yaml', line: 1 }]));
  return texts;
}

const demo = textsOf({
  latin: 'RSA: مساعدة مالية.',
  arabic: 'مرحبًا RSA.',
  digits: '15 SAMU',
  named: '{name}: {text}',
  lines: 'Promeneurs du Net\nفريق الاستقبال\n\n112: الطوارئ',
  separator: '، ',
});
const ar = (key: string, args: Record<string, unknown> = {}): string => translate(demo, 'ar', key, args);

describe('right-to-left mark in Arabic', () => {
  it('starts a line that begins with a Latin word or a digit', () => {
    expect(ar('latin')).toBe(`${RLM}RSA: مساعدة مالية.`);
    expect(ar('digits')).toBe(`${RLM}15 SAMU`);
  });

  it('counts a Latin name filled into a placeholder, and not one filled in Arabic', () => {
    expect(ar('named', { name: 'Léa', text: 'مرحبًا' })).toBe(`${RLM}Léa: مرحبًا`);
    expect(ar('named', { name: 'ليلى', text: 'hello' })).toBe('ليلى: hello');
  });

  it('marks every line of a filled-in list that starts left-to-right', () => {
    expect(ar('named', { name: 'CAF', text: 'مرحبًا\nRSA\nمنحة' })).toBe(`${RLM}CAF: مرحبًا\n${RLM}RSA\nمنحة`);
  });

  it('leaves a line alone when its first letter is Arabic, even after digits', () => {
    expect(ar('arabic')).toBe('مرحبًا RSA.');
    expect(ar('lines')).toBe(`${RLM}Promeneurs du Net\nفريق الاستقبال\n\n112: الطوارئ`);
  });

  it('leaves a bare separator, and every other language, as written', () => {
    expect(ar('separator')).toBe('، ');
    for (const locale of ['fr', 'en'] as Locale[]) expect(translate(demo, locale, 'latin')).toBe('RSA: مساعدة مالية.');
  });

  it('no real Arabic text shows a line that starts left-to-right', () => {
    const { texts } = loadLocales('locales');
    for (const key of texts.ar.keys()) {
      for (const line of translate(texts, 'ar', key, { name: 'Léa', structure: 'CS', text: 'ok', days: 30, count: 3 }).split('\n')) {
        const first = line.match(/\p{L}/u)?.[0];
        if (first && !/\p{Script=Arabic}/u.test(first)) expect(line.startsWith(RLM), `${key}: ${line}`).toBe(true);
      }
    }
  });
});
