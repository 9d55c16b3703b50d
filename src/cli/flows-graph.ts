// `npm run flows:graph [-- --flow droits] [--lang fr] [--out DIR]`: draws each flow as an SVG file
// (Graphviz in WebAssembly, no system binary, no network) and writes index.html linking them, in
// DATA_DIR/graphs/ or --out. The flows are read by the loader the bot starts with (loadContent), so
// a drawing cannot disagree with it; when that loader finds problems, they are printed as
// flows:check prints them and nothing is drawn (exit code 1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { envSchema } from '../config.js';
import { loadContent } from '../content.js';
import { formatDataError } from '../data/load-yaml.js';
import { FEATURE_ACTIONS } from '../features.js';
import { drawFlows } from '../flows-graph/render.js';
import { graphsPage } from '../flows-graph/page.js';
import { isLocale, LOCALES } from '../i18n/locales.js';

const USAGE = 'usage: npm run flows:graph [-- --flow <id>] [--lang fr|en|ar] [--out <folder>]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let args;
try {
  args = parseArgs({ options: { flow: { type: 'string' }, lang: { type: 'string', default: 'fr' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const locale = args.lang;
if (!isLocale(locale)) fail(`--lang: one of ${LOCALES.join(', ')} (got "${locale}")\n${USAGE}`);

// Only the settings this command needs, with their start-up defaults.
const env = z.object({ DATA_DIR: envSchema.shape.DATA_DIR, FLOWS_DIR: envSchema.shape.FLOWS_DIR, LOCALES_DIR: envSchema.shape.LOCALES_DIR }).safeParse(process.env);
if (!env.success) fail(env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
const { DATA_DIR, FLOWS_DIR, LOCALES_DIR } = env.data;

const { content, errors } = loadContent({ flowsDir: FLOWS_DIR, localesDir: LOCALES_DIR, dataDir: join(FLOWS_DIR, 'data'), actions: FEATURE_ACTIONS });
if (errors.length > 0) {
  for (const e of errors) console.error(formatDataError(e));
  fail(`\n${errors.length} problem(s) found (npm run flows:check). Nothing was drawn.`);
}
if (args.flow !== undefined && !content.flows.has(args.flow)) {
  fail(`--flow: no flow "${args.flow}" (known: ${[...content.flows.keys()].sort().join(', ')})`);
}

const outDir = resolve(args.out ?? join(DATA_DIR, 'graphs'));
mkdirSync(outDir, { recursive: true });
const drawn = await drawFlows({
  flows: content.flows,
  texts: content.texts,
  locale,
  linkTo: (flowId) => `${flowId}.svg`,
  ...(args.flow === undefined ? {} : { only: args.flow }),
});
for (const d of drawn) writeFileSync(join(outDir, `${d.flowId}.svg`), `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${d.svg}`);
const index = graphsPage({ locale, entries: drawn.map(({ flowId, title, steps }) => ({ flowId, title, steps, href: `${flowId}.svg` })) });
writeFileSync(join(outDir, 'index.html'), index);
console.log(`${drawn.length} flow(s) drawn in ${outDir} (open index.html)`);
