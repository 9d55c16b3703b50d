// `npm run flows:check` and start-up: the teams file (flows/data/teams.yaml) is valid. A missing file
// is reported by the handoff feature when the app is built, not here (test data folders may hold only
// other files). The crisis data has its own check (src/crisis/check.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataError } from '../data/load-yaml.js';
import { loadTeams } from './teams.js';

export function checkHandoffData(dataDir: string): DataError[] {
  const file = join(dataDir, 'teams.yaml');
  return existsSync(file) ? loadTeams(file).errors : [];
}
