// `npm run eval:crisis` reads other people's corpora: CSV with or without a header, JSON Lines,
// their category names; a category we do not have counts any crisis reply.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalCategory, csvRows, readCorpus } from '../../src/crisis/corpus.js';
import { evaluate, ratio } from '../../src/crisis/evaluate.js';

describe('corpora in other formats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-'));

  it('reads CSV with quoted commas, quotes and a header in any order', () => {
    expect(csvRows('a,"b, c","say ""hi"""\n1,2,3\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', '2', '3'],
    ]);
    writeFileSync(join(dir, 'fr.csv'), 'lang,label,text\nfr,Harcèlement,"ils m\'insultent, tous"\n');
    expect(readCorpus(join(dir, 'fr.csv'))).toEqual([{ text: "ils m'insultent, tous", category: 'harassment', lang: 'fr', origin: `${join(dir, 'fr.csv')}:2` }]);
  });

  it('reads JSON Lines with the language of each message', () => {
    writeFileSync(join(dir, 'x.jsonl'), '{"message":"kms","label":"suicidal","language":"en"}\n');
    expect(readCorpus(join(dir, 'x.jsonl'))[0]).toMatchObject({ text: 'kms', category: 'suicide', lang: 'en' });
  });

  it('maps other names to ours, French ones included', () => {
    expect(['violences sexuelles', 'Automutilation', 'benign', 'cyberbullying', 'aucun'].map(canonicalCategory)).toEqual(['sexual-violence', 'self-harm', 'none', 'harassment', 'none']);
  });

  it('counts any crisis reply for a category we do not have, and only the right one for ours', () => {
    const corpus = [
      { text: 'a', category: 'child-danger', lang: 'fr', origin: '1' },
      { text: 'b', category: 'suicide', lang: 'fr', origin: '2' },
    ];
    const e = evaluate(corpus, () => ({ kind: 'crisis', categories: ['violence'] }), new Set(['suicide', 'violence']));
    expect(ratio(e.recall.get('child-danger')?.get('fr') ?? { total: 0, found: 0 })).toBe(1);
    expect(ratio(e.recall.get('suicide')?.get('fr') ?? { total: 0, found: 0 })).toBe(0);
  });
});
