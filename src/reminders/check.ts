// `npm run flows:check` and start-up: the pense-bête catalogue of the configured flows folder is valid
// (file:line: field: message). Skipped when the folder has none (test data folders).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataError } from '../data/load-yaml.js';
import { loadCatalogue, PROCEDURES_FILE } from './catalogue.js';

export function checkProcedures(dataDir: string): DataError[] {
  const file = join(dataDir, PROCEDURES_FILE);
  if (!existsSync(file)) return [];
  const loaded = loadCatalogue(file);
  return loaded.ok ? [] : loaded.errors;
}
