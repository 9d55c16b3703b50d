// `npm run flows:check` and start-up: the Promeneurs presence hours are valid. A missing file is
// reported by the handoff feature when the app is built, not here (test data folders may hold only
// other files). The crisis data has its own check (src/crisis/check.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataError } from '../data/load-yaml.js';
import { loadPresence } from './presence.js';

export function checkHandoffData(dataDir: string): DataError[] {
  const errors: DataError[] = [];
  const presenceFile = join(dataDir, 'presence.yaml');
  if (existsSync(presenceFile)) errors.push(...loadPresence(presenceFile).errors);
  return errors;
}
