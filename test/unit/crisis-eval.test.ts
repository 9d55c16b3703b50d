// The detector on the example messages written as people write (flows/data/crisis-examples: fr, en,
// ar with darija and arabizi, SMS French; and harmless messages with the same words): the issue's
// targets. Scored by five folds, as `npm run eval:crisis` does: each message is judged by a
// classifier that did not learn from it.
import { describe, expect, it } from 'vitest';
import { CRISIS_EXAMPLES_DIR, loadCrisisDataIn } from '../../src/crisis/check.js';
import { readCorpus } from '../../src/crisis/corpus.js';
import type { CrisisDetector } from '../../src/crisis/detector.js';
import { evaluate, falsePositiveRate, ratio } from '../../src/crisis/evaluate.js';

const FOLDS = 5;
const corpus = readCorpus(`flows/data/${CRISIS_EXAMPLES_DIR}`);
const detectors: CrisisDetector[] = Array.from({ length: FOLDS }, (_, fold) => {
  const loaded = loadCrisisDataIn('flows/data', (_m, i) => i % FOLDS === fold);
  if (!loaded.data) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return loaded.data.detector;
});
const result = evaluate(corpus, (message, index) => detectors[index % FOLDS]?.detect(message.text));

describe('crisis detection on the example messages', () => {
  it('has enough messages to mean something: 400+ crisis and 200+ harmless, in fr, en and ar', () => {
    const crisis = corpus.filter((m) => m.category !== 'none' && m.category !== 'unclear');
    expect(crisis.length).toBeGreaterThanOrEqual(400);
    expect(corpus.filter((m) => m.category === 'none').length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((m) => m.lang))).toEqual(new Set(['fr', 'en', 'ar']));
  });

  const cells = [...result.recall].flatMap(([category, byLang]) => [...byLang].map(([lang, cell]) => ({ category, lang, cell })));
  it.each(cells)('recall ≥ 97 % for $category in $lang', ({ category, lang, cell }) => {
    const missed = result.misses.filter((m) => m.message.category === category && m.message.lang === lang).map((m) => m.message.text);
    expect(ratio(cell), `missed: ${missed.join(' | ')}`).toBeGreaterThanOrEqual(0.97);
  });

  it('gives the crisis reply to at most 3 % of harmless messages', () => {
    expect(falsePositiveRate(result), result.falsePositives.map((f) => f.message.text).join(' | ')).toBeLessThanOrEqual(0.03);
  });
});
