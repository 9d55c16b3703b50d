// The crisis data, reviewed by professionals rather than developers:
//  - flows/data/crisis-words.yaml: the phrases per category and language, look-alikes, school talk;
//  - flows/data/help-numbers.yaml: the help numbers, their hours (OpenStreetMap opening_hours
//    syntax, read with the `opening_hours` library) and which numbers each category gives to whom.
// Both are checked at start and by `npm run flows:check`: a malformed phrase or an hour that does
// not parse is reported as file:line: field: message.
import OpeningHours from 'opening_hours';
import { z } from 'zod';
import { loadYamlFile, type DataError } from '../data/load-yaml.js';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { CrisisDetector } from './detector.js';
import { PhraseError } from './phrase.js';

const phrases = z.array(z.string().min(1));
const perLocale = z.strictObject(Object.fromEntries(LOCALES.map((l) => [l, phrases.default([])])) as Record<Locale, z.ZodDefault<typeof phrases>>);
const categoryId = z.string().regex(/^[a-z][a-z-]*$/, 'must be lowercase letters and "-"');
const date = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-28'), z.date()]);

export const crisisWordsSchema = z.strictObject({
  source: z.string(),
  verified: date,
  groups: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), phrases).default({}),
  categories: z.record(
    categoryId,
    z.strictObject({
      /** Said by the person about themselves or someone close: a crisis wherever they appear. */
      phrases: perLocale,
      /** Naming the subject only ("le harcèlement"): a crisis unless the message is about school work or media. */
      topics: perLocale.optional(),
    }),
  ),
  /** School work, media, games: a message with one of these and only topic words is not a crisis. */
  about: perLocale,
  /** Look-alikes removed before matching ("mort de rire", "il m'a battu à FIFA"). */
  except: perLocale,
  /** Distress without a clear word: a gentle "est-ce que ça va ?". */
  check: perLocale,
  /** Real words one letter away from a crisis word, never taken for a typo of it ("courir"). */
  'real-words': perLocale.optional(),
});
export type CrisisWords = z.output<typeof crisisWordsSchema>;

/** Which numbers a category gives: the same to everyone, or by what we know of the person's age. */
const numberList = z.array(z.string().regex(/^[a-z0-9]+$/, 'must be a number id of `numbers`')).min(1);
const byAudience = z.union([numberList, z.strictObject({ minor: numberList, adult: numberList, unknown: numberList })]);

const hours = z.string().superRefine((value, ctx) => {
  try {
    new OpeningHours(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not OpenStreetMap opening_hours syntax: ${String(err).split('\n')[0]}` });
  }
});

export const helpNumbersSchema = z.strictObject({
  source: z.string(),
  verified: date,
  numbers: z.record(
    z.string().regex(/^[a-z0-9]+$/),
    z.strictObject({
      /** OpenStreetMap opening_hours, in the bot's time zone ("24/7", "Mo-Su 09:00-23:00"). */
      hours: z.string().pipe(hours),
      /** When closed: the numbers to give instead (the closed one is still named, with its hours). */
      'when-closed': byAudience.optional(),
      source: z.string(),
    }),
  ),
  categories: z.record(
    categoryId,
    z.strictObject({
      numbers: byAudience,
      /** Advice given with the numbers: the key crisis.<tu|vous>.advice.<this> ("gardez les messages…"). */
      advice: z.string().optional(),
    }),
  ),
});
export type HelpNumbers = z.output<typeof helpNumbersSchema>;

export interface CrisisData {
  detector: CrisisDetector;
  numbers: HelpNumbers;
}

export function loadCrisisData(wordsFile: string, numbersFile: string): { data?: CrisisData; errors: DataError[] } {
  const words = loadYamlFile(wordsFile, crisisWordsSchema);
  const numbers = loadYamlFile(numbersFile, helpNumbersSchema);
  const errors = [...(words.ok ? [] : words.errors), ...(numbers.ok ? [] : numbers.errors)];
  if (!words.ok || !numbers.ok) return { errors };
  let detector: CrisisDetector;
  try {
    detector = new CrisisDetector(words.value);
  } catch (err) {
    if (!(err instanceof PhraseError)) throw err;
    return { errors: [{ file: wordsFile, line: words.lines(locatePhrase(words.value, err.phrase)), path: 'phrases', message: err.message }] };
  }
  for (const id of detector.categories()) {
    if (!numbers.value.categories[id]) errors.push({ file: numbersFile, line: numbers.lines(['categories']), path: `categories.${id}`, message: `no numbers for the crisis category "${id}"` });
  }
  for (const [id, category] of Object.entries(numbers.value.categories)) {
    const named = [category.numbers, ...Object.values(numbers.value.numbers).map((n) => n['when-closed'] ?? [])].flatMap((n) => (Array.isArray(n) ? n : Object.values(n).flat()));
    for (const n of named) {
      if (!numbers.value.numbers[n]) errors.push({ file: numbersFile, line: numbers.lines(['categories', id]), path: `categories.${id}`, message: `unknown number "${n}"` });
    }
  }
  return errors.length > 0 ? { errors } : { data: { detector, numbers: numbers.value }, errors: [] };
}

/** The YAML path of a phrase, to report its line. */
function locatePhrase(words: CrisisWords, phrase: string): PropertyKey[] {
  for (const [id, c] of Object.entries(words.categories)) {
    for (const part of ['phrases', 'topics'] as const) {
      for (const [locale, list] of Object.entries(c[part] ?? {})) {
        const i = list.indexOf(phrase);
        if (i >= 0) return ['categories', id, part, locale, i];
      }
    }
  }
  for (const part of ['about', 'except', 'check'] as const) {
    for (const [locale, list] of Object.entries(words[part])) {
      const i = list.indexOf(phrase);
      if (i >= 0) return [part, locale, i];
    }
  }
  for (const [name, list] of Object.entries(words.groups)) {
    const i = list.indexOf(phrase);
    if (i >= 0) return ['groups', name, i];
  }
  return [];
}
