// The detector on the corpus written as people write (test/fixtures/crisis-corpus: fr, en, ar with
// darija and arabizi, SMS French; and harmless messages with the same words): the targets.
// `npm run eval:crisis` prints the same figures with every miss.
import { describe, expect, it } from 'vitest';
import { loadCrisisDataIn } from '../src/crisis/check.js';
import { readCorpus } from '../src/crisis/corpus.js';
import { evaluate, falsePositiveRate, ratio } from '../src/crisis/evaluate.js';

const loaded = loadCrisisDataIn('flows/data');
if (!loaded.data) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
const corpus = readCorpus('test/fixtures/crisis-corpus');
const result = evaluate(loaded.data.detector, corpus);

describe('crisis detection on the corpus', () => {
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
