// `npm run eval:crisis [corpus…]`: how well the crisis detector reads messages written as people write.
// Prints recall per category and language, the false-positive rate on harmless messages, gentle
// checks, and every miss. Default corpus: test/fixtures/crisis-corpus/. Exit code 1 when a target
// is missed (recall ≥ 97 % everywhere, false positives ≤ 3 %), so CI can rely on it.
import { join } from 'node:path';
import { formatDataError } from '../data/load-yaml.js';
import { readCorpus } from '../crisis/corpus.js';
import { loadCrisisData } from '../crisis/data.js';
import { evaluate, falsePositiveRate, ratio, worstRecall } from '../crisis/evaluate.js';

const RECALL_TARGET = 0.97;
const FALSE_POSITIVE_TARGET = 0.03;

const dataDir = join(process.env.FLOWS_DIR ?? 'flows', 'data');
const paths = process.argv.slice(2);
const corpusPaths = paths.length > 0 ? paths : ['test/fixtures/crisis-corpus'];

const loaded = loadCrisisData(join(dataDir, 'crisis-words.yaml'), join(dataDir, 'help-numbers.yaml'));
if (!loaded.data) {
  for (const e of loaded.errors) console.error(formatDataError(e));
  process.exit(1);
}
const corpus = corpusPaths.flatMap((p) => readCorpus(p));
const e = evaluate(loaded.data.detector, corpus);
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

console.log(`Crisis detector on ${corpus.length} messages (${corpusPaths.join(', ')})\n`);
console.log('Misses (expected → got):');
for (const { message, got } of e.misses) console.log(`  ${message.origin}  ${message.category} → ${got}  «${message.text}»`);
console.log('\nFalse positives (harmless → got):');
for (const { message, got } of e.falsePositives) console.log(`  ${message.origin}  → ${got}  «${message.text}»`);

console.log('\nRecall per category and language:');
for (const [category, byLang] of [...e.recall].sort()) {
  const cells = [...byLang].sort().map(([lang, c]) => `${lang} ${pct(ratio(c))} (${c.found}/${c.total})`);
  console.log(`  ${category.padEnd(16)} ${cells.join('   ')}`);
}
console.log('\nHarmless messages:');
for (const [lang, h] of [...e.harmless].sort()) console.log(`  ${lang}: ${h.crisis}/${h.total} got the crisis reply, ${h.checks}/${h.total} a gentle check`);
console.log(`\nUnclear distress answered (check or numbers): ${pct(ratio(e.unclear))} (${e.unclear.found}/${e.unclear.total})`);

const worst = worstRecall(e);
const fp = falsePositiveRate(e);
console.log(`\nworst recall: ${pct(worst)} (target ≥ ${pct(RECALL_TARGET)}); false positives: ${pct(fp)} (target ≤ ${pct(FALSE_POSITIVE_TARGET)})`);
process.exitCode = worst >= RECALL_TARGET && fp <= FALSE_POSITIVE_TARGET ? 0 : 1;
