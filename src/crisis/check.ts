// `npm run flows:check` and start-up: the crisis data (phrases, help numbers and their hours) is valid,
// and every text a crisis reply may show exists in every language. Skipped when the folder has no
// crisis-words.yaml (test data folders may hold only other files).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataError } from '../data/load-yaml.js';
import { LOCALES, type Texts } from '../i18n/locales.js';
import type { LabelledMessage } from './corpus.js';
import { loadCrisisData, type CrisisData } from './data.js';

export const CRISIS_WORDS_FILE = 'crisis-words.yaml';
export const HELP_NUMBERS_FILE = 'help-numbers.yaml';
/** Labelled example messages: the classifier learns from them, `npm run eval:crisis` scores on them. */
export const CRISIS_EXAMPLES_DIR = 'crisis-examples';

export function loadCrisisDataIn(dataDir: string, heldOut?: (message: LabelledMessage, index: number) => boolean): { data?: CrisisData; errors: DataError[] } {
  return loadCrisisData(join(dataDir, CRISIS_WORDS_FILE), join(dataDir, HELP_NUMBERS_FILE), { path: join(dataDir, CRISIS_EXAMPLES_DIR), ...(heldOut ? { heldOut } : {}) });
}

export function checkCrisisData(dataDir: string, texts: Texts): DataError[] {
  if (!existsSync(join(dataDir, CRISIS_WORDS_FILE))) return [];
  // The classifier is not needed to check the files: no training here.
  const { data, errors } = loadCrisisData(join(dataDir, CRISIS_WORDS_FILE), join(dataDir, HELP_NUMBERS_FILE));
  if (!data) return errors;
  // Content without the crisis texts at all (some test fixtures) runs without the crisis reply.
  if (!texts.fr.has('crisis.later')) return errors;
  const file = join(dataDir, HELP_NUMBERS_FILE);
  const keys = [
    'crisis.later',
    ...Object.keys(data.numbers.numbers).map((id) => `crisis.numbers.${id}`),
    ...['tu', 'vous'].flatMap((register) => [
      `crisis.${register}.staff`,
      ...Object.entries(data.numbers.categories).flatMap(([id, c]) => [`crisis.${register}.intro.${id}`, ...(c.advice ? [`crisis.${register}.advice.${c.advice}`] : [])]),
    ]),
  ];
  for (const key of keys) {
    for (const locale of LOCALES) if (!texts[locale].has(key)) errors.push({ file, line: 1, path: key, message: `no text ${key} in locale "${locale}"` });
  }
  return errors;
}
