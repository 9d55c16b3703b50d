// `npm run flows:check` and start-up: the Promeneurs data files (presence hours, crisis words) are
// valid, and every help number a crisis category names has its text in every locale.
// Skipped when the promeneurs texts are absent altogether. A missing file is reported by the handoff feature when the app is built, not here (test data
// folders may hold only other files).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataError } from '../data/load-yaml.js';
import { LOCALES, type Texts } from '../i18n/locales.js';
import { loadCrisisWords } from './crisis.js';
import { loadPresence } from './presence.js';

export function checkHandoffData(dataDir: string, texts: Texts): DataError[] {
  const errors: DataError[] = [];
  const presenceFile = join(dataDir, 'presence.yaml');
  if (existsSync(presenceFile)) errors.push(...loadPresence(presenceFile).errors);
  const crisisFile = join(dataDir, 'crisis-words.yaml');
  if (!existsSync(crisisFile)) return errors;
  const crisis = loadCrisisWords(crisisFile);
  errors.push(...crisis.errors);
  // Content without the promeneurs texts at all (test fixtures) runs without the handoff stages.
  if (!texts.fr.has('promeneurs.crisis.intro')) return errors;
  for (const key of crisis.detector?.numberKeys() ?? []) {
    for (const locale of LOCALES) {
      if (!texts[locale].has(`promeneurs.numbers.${key}`)) {
        errors.push({ file: crisisFile, line: 1, path: `numbers: ${key}`, message: `no text promeneurs.numbers.${key} in locale "${locale}"` });
      }
    }
  }
  return errors;
}
