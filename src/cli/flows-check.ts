// `npm run flows:check`: checks every flow and locale file, and the rights, e-services and places
// data (flows/data), and prints each problem as file:line: field: message. Every locale text must
// fit one message of the reading budget (src/i18n/budget-check.ts): "62 words (max 60)"; what is
// sent on every path is measured by test/flows-digits-walker.test.ts and `npm run texts:measure`. Exit code 1 when there
// is any, so CI and editors can rely on it. Facts due for a new check at their source, and places
// with empty fields, are printed as warnings: they do not fail the check.
//
// Usage: flows:check [flowsDir] [localesDir] [dataDir]   (defaults: FLOWS_DIR, LOCALES_DIR, <flowsDir>/data)
import { join } from 'node:path';
import { envSchema } from '../config.js';
import { loadContent } from '../content.js';
import { formatDataError } from '../data/load-yaml.js';
import { loadRightsData, missingPlaceFields, staleEntries } from '../rights/load.js';
import { FEATURE_ACTIONS } from '../features.js';
import { checkImportedPlaces, loadImportedPlaces } from '../places/load.js';

const flowsDir = process.argv[2] ?? process.env.FLOWS_DIR ?? 'flows';
const localesDir = process.argv[3] ?? process.env.LOCALES_DIR ?? 'locales';
const dataDir = process.argv[4] ?? join(flowsDir, 'data');

// Only the one setting this command needs, with the same rule as at start-up.
const maxAgeSetting = process.env.RIGHTS_MAX_AGE_DAYS || undefined;
const maxAge = envSchema.shape.RIGHTS_MAX_AGE_DAYS.safeParse(maxAgeSetting);
if (!maxAge.success) {
  console.error(`RIGHTS_MAX_AGE_DAYS: ${maxAge.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(maxAgeSetting)})`);
  process.exit(1);
}

const loaded = loadContent({ flowsDir, localesDir, dataDir, actions: FEATURE_ACTIONS });
const { content } = loaded;
// The imported national places (npm run places:import) are checked here rather than in loadContent:
// at start-up a problem there only leaves those places out (src/rights/feature.ts).
const errors = [...loaded.errors, ...checkImportedPlaces(dataDir)];

const rights = loadRightsData(dataDir);
if (rights.ok) {
  const stale = staleEntries(rights.value, new Date(), maxAge.data);
  const missing = missingPlaceFields(rights.value);
  // Warnings go to stdout: stderr is kept for problems that stop the bot.
  for (const w of [...stale, ...missing]) console.log(`warning: ${formatDataError(w)}`);
  if (stale.length + missing.length > 0) {
    console.log(
      `\n${stale.length} fact(s) verified more than ${maxAge.data} days ago (check them at their source, then update "verified"); ` +
        `${missing.length} place(s) with fields still empty. These are warnings: the bot still starts.\n`,
    );
  }
}

if (errors.length > 0) {
  for (const e of errors) console.error(formatDataError(e));
  console.error(`\n${errors.length} problem(s) found. Nothing was started.`);
  process.exitCode = 1;
} else {
  const steps = [...content.flows.values()].reduce((n, f) => n + f.steps.size, 0);
  console.log(`flows OK: ${content.flows.size} flows, ${steps} steps, ${content.texts.fr.size} texts in each of fr, en, ar`);
  if (rights.ok) {
    const r = rights.value;
    console.log(`rights data OK: ${r.rights.value.rights.length} rights, ${r.eservices.value.eservices.length} e-services, ${r.places.value.places.length} places`);
  }
  const imported = loadImportedPlaces(dataDir).places.length;
  if (imported > 0) console.log(`imported places OK: ${imported} (npm run places:import)`);
}
