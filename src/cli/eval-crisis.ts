// `npm run eval:crisis [corpus…]`: how well the crisis detector reads messages written as people write.
// Prints recall per category and language, the false-positive rate on harmless messages, gentle
// checks, and every miss. Exit code 1 when a target is missed (recall ≥ 97 % everywhere, false
// positives ≤ 3 %).
//
// Without an argument it scores the example messages (flows/data/crisis-examples/) by five folds:
// each message is judged by a classifier that did not learn from it (the phrases are the same for
// all). With a corpus given (a folder or files, TSV or JSON), the classifier learns from all examples.
import { join } from 'node:path';
import { formatDataError } from '../data/load-yaml.js';
import { CRISIS_EXAMPLES_DIR, loadCrisisDataIn } from '../crisis/check.js';
import { readCorpus } from '../crisis/corpus.js';
import type { CrisisDetector } from '../crisis/detector.js';
import { evaluate, falsePositiveRate, ratio, worstRecall } from '../crisis/evaluate.js';

const RECALL_TARGET = 0.97;
const FALSE_POSITIVE_TARGET = 0.03;
const FOLDS = 5;

const dataDir = join(process.env.FLOWS_DIR ?? 'flows', 'data');
const paths = process.argv.slice(2);
const folds = paths.length === 0;
const corpusPaths = folds ? [join(dataDir, CRISIS_EXAMPLES_DIR)] : paths;

function detectorOrExit(heldOut?: (m: unknown, i: number) => boolean): CrisisDetector {
  const loaded = loadCrisisDataIn(dataDir, heldOut);
  if (!loaded.data) {
    for (const e of loaded.errors) console.error(formatDataError(e));
    process.exit(1);
  }
  return loaded.data.detector;
}

const corpus = corpusPaths.flatMap((p) => readCorpus(p));
const detectors = folds ? Array.from({ length: FOLDS }, (_, f) => detectorOrExit((_m, i) => i % FOLDS === f)) : [detectorOrExit()];
const e = evaluate(corpus, (message, index) => (detectors[folds ? index % FOLDS : 0] ?? detectors[0])?.detect(message.text), new Set(detectors[0]?.categories()));
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

console.log(`Crisis detector on ${corpus.length} messages (${corpusPaths.join(', ')})${folds ? `, ${FOLDS} folds` : ''}\n`);
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
