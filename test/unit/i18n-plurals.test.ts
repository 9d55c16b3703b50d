// Texts with a count, in ICU MessageFormat: Arabic gets its six plural forms from Intl.PluralRules,
// plain texts keep their apostrophes, and the locale check catches a plural without "other".
import { describe, expect, it } from 'vitest';
import { checkLocales, LOCALES, loadLocales, placeholders, translate, type Locale, type Texts } from '../../src/i18n/locales.js';
import { isMessageFormat, messageFormatError } from '../../src/i18n/message-format.js';

const real = loadLocales('locales').texts;

function textsOf(byLocale: Record<Locale, Record<string, string>>): Texts {
  const texts = {} as Texts;
  for (const locale of LOCALES) {
    texts[locale] = new Map(Object.entries(byLocale[locale]).map(([key, text], i) => [key, { text, file: `locales/${locale}/demo.yaml`, line: i + 1 }]));
  }
  return texts;
}

const DAYS_AR = '{days, plural, zero {# يوم} one {يوم واحد} two {يومين} few {# أيام} many {# يومًا} other {# يوم}}';
const demo = textsOf({
  fr: { 'demo.days': 'Effacé dans {days, plural, one {# jour} other {# jours}}.', 'demo.plain': "L'équipe d'accueil a {n} message(s) d'{who}." },
  en: { 'demo.days': 'Erased in {days, plural, one {# day} other {# days}}.', 'demo.plain': 'The team has {n} message(s) from {who}.' },
  ar: { 'demo.days': `تُحذف بعد ${DAYS_AR}.`, 'demo.plain': 'لدى الفريق {n} رسالة من {who}.' },
});

describe('plurals by the language rules', () => {
  it('Arabic: zero, one, two, few, many and other forms for 0, 1, 2, 3, 11 and 100', () => {
    const ar = (days: number): string => translate(demo, 'ar', 'demo.days', { days });
    expect(ar(0)).toBe('تُحذف بعد 0 يوم.');
    expect(ar(1)).toBe('تُحذف بعد يوم واحد.');
    expect(ar(2)).toBe('تُحذف بعد يومين.');
    expect(ar(3)).toBe('تُحذف بعد 3 أيام.');
    expect(ar(11)).toBe('تُحذف بعد 11 يومًا.');
    expect(ar(100)).toBe('تُحذف بعد 100 يوم.');
  });

  it('French and English: one and other, the count as digits', () => {
    expect(translate(demo, 'fr', 'demo.days', { days: 1 })).toBe('Effacé dans 1 jour.');
    expect(translate(demo, 'fr', 'demo.days', { days: 30 })).toBe('Effacé dans 30 jours.');
    expect(translate(demo, 'en', 'demo.days', { days: 1 })).toBe('Erased in 1 day.');
    expect(translate(demo, 'en', 'demo.days', { days: '30' })).toBe('Erased in 30 days.');
  });

  it('a text without a plural is filled as before, apostrophes kept', () => {
    expect(translate(demo, 'fr', 'demo.plain', { n: 2, who: 'Léa' })).toBe("L'équipe d'accueil a 2 message(s) d'Léa.");
  });

  it('a plural without its count keeps the text readable instead of failing', () => {
    expect(translate(demo, 'fr', 'demo.days')).toContain('Effacé dans');
  });

  it('the real texts: Arabic "erased after N days" in the right form', () => {
    const texts = real;
    expect(translate(texts, 'ar', 'privacy.kept.session', { days: 2 })).toContain('يومين');
    expect(translate(texts, 'ar', 'privacy.kept.session', { days: 30 })).toContain('30 يومًا');
    expect(translate(texts, 'ar', 'privacy.kept.session', { days: 10 })).toContain('10 أيام');
    expect(translate(texts, 'fr', 'privacy.kept.session', { days: 30 })).toContain('30 jours');
  });
});

describe('the locale check reads plurals', () => {
  it('names the arguments of a plural text like those of a plain one', () => {
    expect(placeholders(DAYS_AR)).toEqual(['days']);
    expect(placeholders('{n, plural, one {# message de {name}} other {# messages de {name}}}')).toEqual(['n', 'name']);
    expect(checkLocales(demo)).toEqual([]);
  });

  it('reports, with file and line, a plural without an "other" case', () => {
    const broken = textsOf({
      fr: { 'demo.a': 'Texte', 'demo.days': '{days, plural, one {# jour} other {# jours}}' },
      en: { 'demo.a': 'Text', 'demo.days': '{days, plural, one {# day} other {# days}}' },
      ar: { 'demo.a': 'نص', 'demo.days': '{days, plural, one {يوم واحد} two {يومين}}' },
    });
    expect(checkLocales(broken)).toEqual([{ file: 'locales/ar/demo.yaml', line: 2, path: 'demo.days', message: 'a plural or select text needs an "other" case' }]);
  });

  it('reports a plural whose count has another name than in French', () => {
    const renamed = textsOf({
      fr: { 'demo.days': '{days, plural, one {# jour} other {# jours}}' },
      en: { 'demo.days': '{count, plural, one {# day} other {# days}}' },
      ar: { 'demo.days': DAYS_AR },
    });
    expect(checkLocales(renamed).map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual(['locales/en/demo.yaml:1 placeholders {count} differ from "fr" {days}']);
  });

  it('every real plural text is valid, with the same arguments in fr, en and ar', () => {
    const plurals = LOCALES.flatMap((l) => [...real[l]].filter(([, e]) => isMessageFormat(e.text)).map(([key]) => key));
    expect(plurals.length).toBeGreaterThan(10);
    for (const key of plurals) {
      for (const locale of LOCALES) {
        const text = real[locale].get(key)?.text ?? '';
        expect(messageFormatError(text), `${locale} ${key}`).toBeUndefined();
        expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(real.fr.get(key)?.text ?? ''));
      }
    }
  });
});
