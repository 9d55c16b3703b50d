// `npm run flows:check` and start-up: the crisis data (phrases, help numbers and their hours) is valid,
// and every text a crisis reply may show exists in every language. Skipped when the folder has no
// crisis-words.yaml (test data folders may hold only other files).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataError } from '../data/load-yaml.js';
import { LOCALES, type Texts } from '../i18n/locales.js';
import { loadCrisisData, type CrisisData } from './data.js';

export const CRISIS_WORDS_FILE = 'crisis-words.yaml';
export const HELP_NUMBERS_FILE = 'help-numbers.yaml';

export function loadCrisisDataIn(dataDir: string): { data?: CrisisData; errors: DataError[] } {
  return loadCrisisData(join(dataDir, CRISIS_WORDS_FILE), join(dataDir, HELP_NUMBERS_FILE));
}

export function checkCrisisData(dataDir: string, texts: Texts): DataError[] {
  if (!existsSync(join(dataDir, CRISIS_WORDS_FILE))) return [];
  const { data, errors } = loadCrisisDataIn(dataDir);
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
