// `npm run flows:graph [-- --flow droits] [--lang fr] [--out DIR]`: draws each flow as an SVG file
// (Graphviz in WebAssembly, no system binary, no network) and writes index.html linking them, in
// DATA_DIR/graphs/ or --out. The flows are read by the loader the bot starts with (loadContent), so
// a drawing cannot disagree with it; when that loader finds problems, they are printed as
// flows:check prints them and nothing is drawn (exit code 1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { envSchema } from '../config.js';
import { drawFlows } from '../flows-graph/render.js';
import { graphsPage } from '../flows-graph/page.js';
import { contentOrFail, fail, readOptions } from './command.js';

const USAGE = 'usage: npm run flows:graph [-- --flow <id>] [--lang fr|en|ar] [--out <folder>]';
const options = readOptions(USAGE, ['flow']);
const locale = options.lang;
const args = { flow: options.own.flow, out: options.out };

// Only the settings this command needs, with their start-up defaults.
const env = z.object({ DATA_DIR: envSchema.shape.DATA_DIR, FLOWS_DIR: envSchema.shape.FLOWS_DIR, LOCALES_DIR: envSchema.shape.LOCALES_DIR }).safeParse(process.env);
if (!env.success) fail(env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
const { DATA_DIR, FLOWS_DIR, LOCALES_DIR } = env.data;

const content = contentOrFail(FLOWS_DIR, LOCALES_DIR, 'Nothing was drawn.');
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
