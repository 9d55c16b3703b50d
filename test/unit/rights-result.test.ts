// The rights result given a little at a time, on the real data and texts: every right at once
// (the longest list there is) still fits the reading budget, a page at a time; lines are packed
// into as few messages as the budget allows.
import { mkdirSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDataError } from '../../src/data/load-yaml.js';
import { fitsMessage, measureMessage } from '../../src/i18n/budget.js';
import { hasText, LOCALES, loadLocales, translate } from '../../src/i18n/locales.js';
import { loadRightsData } from '../../src/rights/load.js';
import { packLines, packWithTail } from '../../src/rights/pack.js';
import type { RenderEnv } from '../../src/rights/render.js';
import { LIST_MESSAGES, listPage, PAPERS_MESSAGES, papersAnswer } from '../../src/rights/result.js';

const loaded = loadRightsData();
if (!loaded.ok) throw new Error(loaded.errors.map(formatDataError).join('\n'));
const { rights, simulators } = loaded.value.rights.value;

// Only droits.yaml and core.yaml: the texts these answers use.
const dir = mkdtempSync(join(tmpdir(), 'rights-result-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const locale of LOCALES) {
  mkdirSync(join(dir, locale));
  for (const file of ['droits.yaml', 'core.yaml']) copyFileSync(join('locales', locale, file), join(dir, locale, file));
}
const { texts } = loadLocales(dir);

const envFor = (locale: (typeof LOCALES)[number]): RenderEnv => ({ locale, t: (key, args) => translate(texts, locale, key, args), hasText: (key) => hasText(texts, key) });

describe('packing lines into messages', () => {
  const line = (n: number) => Array.from({ length: n }, () => 'mot').join(' ');

  it('puts lines together while a message stays within 60 words and 8 lines', () => {
    const packed = packLines([line(20), line(20), line(20), line(5)], 2, ['Titre :']);
    expect(packed.shown).toBe(4);
    expect(packed.messages).toHaveLength(2);
    for (const m of packed.messages) expect(fitsMessage(m), m).toBe(true);
    expect(packed.messages[0]?.startsWith('Titre :\n')).toBe(true);
    // Nine short lines: eight in the first message, then one.
    expect(packLines(Array.from({ length: 9 }, () => 'a'), 3).messages.map((m) => measureMessage(m).lines)).toEqual([8, 1]);
  });

  it('stops at `max` messages and says how many lines were placed', () => {
    const packed = packLines([line(50), line(50), line(50)], 2);
    expect(packed).toEqual({ messages: [line(50), line(50)], shown: 2 });
  });

  it('keeps the tail (the directory) even when it means fewer lines', () => {
    const packed = packWithTail([line(58), line(58), line(58)], 2, [], ['Annuaire : https://example.org']);
    expect(packed.shown).toBe(1);
    expect(packed.messages.at(-1)).toContain('Annuaire');
  });
});

describe('every right at once, in fr, en and ar', () => {
  for (const locale of LOCALES) {
    it(`${locale}: the list in pages of at most ${LIST_MESSAGES} messages, the papers in at most ${PAPERS_MESSAGES}, all within the budget`, () => {
      const env = envFor(locale);
      let left = [...rights];
      const seen: string[] = [];
      for (let page = 0; left.length > 0 && page < rights.length; page++) {
        const shown = listPage(env, left, [env.t('droits.result.header')]);
        expect(shown.messages.length).toBeLessThanOrEqual(LIST_MESSAGES);
        for (const m of shown.messages) expect(fitsMessage(m), m).toBe(true);
        seen.push(...left.slice(0, left.length - shown.left.length).map((r) => r.id));
        left = shown.left;
      }
      // Every right is listed once, each with its note.
      expect(seen).toEqual(rights.map((r) => r.id));
      const papers = papersAnswer(env, rights, simulators);
      expect(papers.length).toBeLessThanOrEqual(PAPERS_MESSAGES);
      for (const m of papers) expect(fitsMessage(m), m).toBe(true);
      expect(papers.join('\n')).not.toMatch(/\bdroits\.[a-z_]+\./);
    });
  }
});
