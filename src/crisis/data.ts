// The crisis data, reviewed by professionals rather than developers:
//  - flows/data/crisis-words.yaml: the phrases per category and language, look-alikes, school talk;
//  - flows/data/help-numbers.yaml: the help numbers, their hours (OpenStreetMap opening_hours
//    syntax, read with the `opening_hours` library) and which numbers each category gives to whom.
// Both are checked at start and by `npm run flows:check`: a malformed phrase or an hour that does
// not parse is reported as file:line: field: message.
import OpeningHours from 'opening_hours';
import { z } from 'zod';
import { loadYamlFile, type DataError } from '../data/load-yaml.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CrisisClassifier } from './classifier.js';
import { readCorpus, type LabelledMessage } from './corpus.js';
import { CrisisDetector } from './detector.js';
import { PhraseError } from './phrase.js';
import { categoryId, crisisWordsSchema, date, type CrisisWords } from './words.js';

export { crisisWordsSchema, type CrisisWords } from './words.js';

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

/**
 * `examples`: labelled messages (a folder of TSV files) to train the classifier on, when the words
 * file sets `classifier`; `heldOut` leaves some out (evaluation by folds).
 */
export function loadCrisisData(
  wordsFile: string,
  numbersFile: string,
  examples?: { path: string; heldOut?: (message: LabelledMessage, index: number) => boolean },
): { data?: CrisisData; errors: DataError[] } {
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
  const margins = words.value.classifier;
  if (margins && examples && existsSync(examples.path)) {
    let classifier: CrisisClassifier;
    try {
      classifier = trained(examples.path, wordsFile, examples.heldOut, detector);
    } catch (err) {
      return { errors: [{ file: examples.path, line: 1, path: '(examples)', message: String(err instanceof Error ? err.message : err) }] };
    }
    detector.useClassifier({ classifier, crisisMargin: margins['crisis-margin'], checkMargin: margins['check-margin'] });
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

/**
 * Training takes about half a second: the app and every test app of one process share the result
 * while the example files and the phrases (which shape the features) are unchanged.
 */
const classifiers = new Map<string, CrisisClassifier>();

function trained(path: string, wordsFile: string, heldOut: ((m: LabelledMessage, i: number) => boolean) | undefined, detector: CrisisDetector): CrisisClassifier {
  const train = (): CrisisClassifier => CrisisClassifier.train(readCorpus(path).filter((m, i) => !heldOut?.(m, i)), (text) => detector.prepare(text));
  if (heldOut) return train();
  const stamp = [wordsFile, ...readdirSync(path).map((f) => join(path, f))].map((f) => `${f}@${statSync(f).mtimeMs}`).join('|');
  let classifier = classifiers.get(stamp);
  if (!classifier) {
    classifier = train();
    classifiers.set(stamp, classifier);
  }
  return classifier;
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
