// `npm run flows:check`: checks every flow and locale file and prints each problem as
// file:line: field: message. Exit code 1 when there is any, so CI and editors can rely on it.
import { loadContent } from '../content.js';
import { formatDataError } from '../data/load-yaml.js';

const flowsDir = process.argv[2] ?? process.env.FLOWS_DIR ?? 'flows';
const localesDir = process.argv[3] ?? process.env.LOCALES_DIR ?? 'locales';
const { content, errors } = loadContent({ flowsDir, localesDir });
if (errors.length > 0) {
  for (const e of errors) console.error(formatDataError(e));
  console.error(`\n${errors.length} problem(s) found. Nothing was started.`);
  process.exitCode = 1;
} else {
  const steps = [...content.flows.values()].reduce((n, f) => n + f.steps.size, 0);
  console.log(`flows OK: ${content.flows.size} flows, ${steps} steps, ${content.texts.fr.size} texts in each of fr, en, ar`);
}
