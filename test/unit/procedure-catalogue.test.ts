import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CATALOGUE_PATH,
  instantiateRule,
  loadCatalogue,
  type Catalogue,
  type Procedure,
  type RuleAnswers,
} from '../../src/reminders/catalogue.js';
import { nextOccurrence } from '../../src/reminders/rules.js';
import { PARIS, paris } from '../support/paris.js';

const KNOWLEDGE = '/work/shared/knowledge/domain-facts.md';


function load(): Catalogue {
  const r = loadCatalogue();
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.file}:${e.line} ${e.path}: ${e.message}`).join('\n'));
  return r.value;
}
const catalogue = load();
const byId = (id: string): Procedure => {
  const p = catalogue.procedures.find((x) => x.id === id);
  if (!p) throw new Error(`no procedure ${id}`);
  return p;
};

describe('procedure catalogue', () => {
  it('loads with the expected ids and questions', () => {
    expect(Object.fromEntries(catalogue.procedures.map((p) => [p.id, p.asks]))).toEqual({
      'caf-quarterly-declaration': ['month'],
      'france-travail-actualisation': ['none'],
      'income-tax-return': ['none'],
      'c2s-renewal': ['end-of-rights-date'],
      'residence-permit-renewal': ['expiry-date'],
      'mdph-renewal': ['end-of-rights-date'],
      'carte-vitale-update': ['date'],
      other: ['text', 'datetime'],
    });
  });

  it('every entry has a source, a link and a verified date, or says why not', () => {
    for (const p of catalogue.procedures) {
      expect(p.verified, p.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const url of [p.link, p.source]) {
        if (url === null) expect(p.gap, `${p.id} must explain a missing link/source`).toBeTruthy();
        else expect(url, p.id).toMatch(/^https:\/\//);
      }
    }
    // Only the user's own reminder has no source; only it and MDPH lack an official link.
    expect(catalogue.procedures.filter((p) => p.source === null).map((p) => p.id)).toEqual(['other']);
    expect(catalogue.procedures.filter((p) => p.link === null).map((p) => p.id)).toEqual(['mdph-renewal', 'other']);
  });

  it('keeps the knowledge-file timings', () => {
    expect(byId('france-travail-actualisation').rule.kind).toBe('monthly-window');
    expect(byId('caf-quarterly-declaration').rule.kind).toBe('quarterly');
    // File between the 120th and the 60th day before expiry: the last reminder a week before the last day.
    expect(byId('residence-permit-renewal').rule).toMatchObject({ kind: 'before-deadline', offsetsDays: [120, 90, 67] });
    expect(byId('mdph-renewal').rule).toMatchObject({ kind: 'before-deadline', offsetsDays: [180, 150] });
    // 4 months to 2 months before the end of rights: 62 days is the latest that is always ≥ 2 months.
    expect(byId('c2s-renewal').rule).toMatchObject({ kind: 'before-deadline', offsetsDays: [120, 62] });
    expect(byId('carte-vitale-update').rule.kind).toBe('yearly');
  });

  it('income tax: only zone 3 (Nord 59) dates, the reported 2026 ones marked uncertain', () => {
    const rule = byId('income-tax-return').rule;
    if (rule.kind !== 'yearly-dates') throw new Error('expected yearly-dates');
    expect(rule.dates.map((d) => [d.date, d.event, d.confidence])).toEqual([
      ['2025-04-10', 'opens', 'secondary'],
      ['2025-06-05', 'online-deadline', 'secondary'],
      ['2026-04-09', 'opens', 'uncertain'],
      ['2026-06-04', 'online-deadline', 'uncertain'],
    ]);
  });

  // The bot must never show a link that is not in the knowledge file.
  describe.skipIf(!existsSync(KNOWLEDGE))('links and sources come from the knowledge file', () => {
    const text = existsSync(KNOWLEDGE) ? readFileSync(KNOWLEDGE, 'utf8') : '';
    // The file shortens some long addresses as "start-…-end".
    const shortened = [...text.matchAll(/([a-z0-9.-]+\.[a-z]{2,}\/\S*?)…(\S*)/g)].map((m) => ({
      head: m[1] ?? '',
      tail: (m[2] ?? '').replace(/[),;]+$/, ''),
    }));
    const known = (url: string): boolean => {
      const bare = url.replace(/^https:\/\//, '');
      return (
        text.includes(bare) || shortened.some((s) => s.head.length > 10 && bare.startsWith(s.head) && bare.endsWith(s.tail))
      );
    };
    it('for every entry and dated event', () => {
      for (const p of catalogue.procedures) {
        for (const url of [p.link, p.source]) if (url) expect(known(url), `${p.id}: ${url}`).toBe(true);
        if (p.rule.kind === 'yearly-dates') {
          for (const d of p.rule.dates) if (d.source) expect(known(d.source), d.source).toBe(true);
        }
      }
    });
  });
});

describe('instantiateRule', () => {
  const answers: RuleAnswers = {
    month: 11,
    date: new Date('2027-01-20T10:00:00+01:00'),
    datetime: new Date('2027-06-10T18:30:00+02:00'),
    expiryDate: new Date('2027-09-01T10:00:00+02:00'),
    endOfRightsDate: new Date('2027-09-01T10:00:00+02:00'),
  };
  const first = (id: string, after: string): string | null => {
    const r = instantiateRule(byId(id), answers, PARIS);
    if (!r.ok) throw new Error(`missing ${r.missing}`);
    return paris(nextOccurrence(r.rule, new Date(after), { timeZone: PARIS }));
  };

  it('turns each entry plus the answers into reminders the user would expect', () => {
    expect(first('caf-quarterly-declaration', '2027-06-15T00:00:00Z')).toBe('2027-08-01 10:00');
    expect(first('france-travail-actualisation', '2027-02-16T00:00:00Z')).toBe('2027-02-26 10:00');
    expect(first('residence-permit-renewal', '2027-01-01T00:00:00Z')).toBe('2027-05-04 10:00');
    expect(first('c2s-renewal', '2027-01-01T00:00:00Z')).toBe('2027-05-04 10:00');
    expect(first('mdph-renewal', '2027-01-01T00:00:00Z')).toBe('2027-03-05 10:00');
    expect(first('carte-vitale-update', '2027-06-01T00:00:00Z')).toBe('2028-01-20 10:00');
    expect(first('other', '2027-06-01T00:00:00Z')).toBe('2027-06-10 18:30');
    expect(first('income-tax-return', '2026-01-01T00:00:00Z')).toBe('2026-04-09 10:00');
    // No 2027 dates known yet: mid-April every year until they are added.
    expect(first('income-tax-return', '2026-11-28T00:00:00Z')).toBe('2027-04-15 10:00');
    expect(first('income-tax-return', '2027-04-16T00:00:00Z')).toBe('2028-04-15 10:00');
  });

  it('titre de séjour: never a reminder on the last allowed day (60 days before expiry)', () => {
    const r = instantiateRule(byId('residence-permit-renewal'), answers, PARIS);
    if (!r.ok) throw new Error('not instantiated');
    const dates: (string | null)[] = [];
    for (let next = nextOccurrence(r.rule, new Date('2027-01-01T00:00:00Z'), { timeZone: PARIS }); next; next = nextOccurrence(r.rule, next, { timeZone: PARIS })) dates.push(paris(next));
    // Expiry 1 September 2027: 120, 90 and 67 days before; the 60th day (3 July) is not one of them.
    expect(dates).toEqual(['2027-05-04 10:00', '2027-06-03 10:00', '2027-06-26 10:00']);
  });

  it('says which answer is missing', () => {
    expect(instantiateRule(byId('residence-permit-renewal'), {}, PARIS)).toEqual({ ok: false, missing: 'expiry-date' });
    expect(instantiateRule(byId('c2s-renewal'), {}, PARIS)).toEqual({ ok: false, missing: 'end-of-rights-date' });
    expect(instantiateRule(byId('caf-quarterly-declaration'), { month: 13 }, PARIS)).toEqual({ ok: false, missing: 'month' });
    expect(instantiateRule(byId('other'), {}, PARIS)).toEqual({ ok: false, missing: 'datetime' });
  });
});

describe('loadCatalogue errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('points at the file line of a bad entry', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'procedures:',
        '  - id: Bad_Id',
        '    asks: [none]',
        '    rule: { kind: monthly-window, hour: 10, minute: 0 }',
        '    link: http://example.org',
        '    source: null',
        "    verified: '2026-11-28'",
        '',
      ].join('\n'),
    );
    const r = loadCatalogue(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['procedures[0].id', 'procedures[0].link', 'procedures[0].gap']));
    expect(r.errors.find((e) => e.path === 'procedures[0].id')?.line).toBe(2);
  });

  it('rejects asks that cannot fill the rule', () => {
    const file = join(dir, 'asks.yaml');
    const good = readFileSync(DEFAULT_CATALOGUE_PATH, 'utf8');
    writeFileSync(file, good.replace('asks: [expiry-date]', 'asks: [none]'));
    const r = loadCatalogue(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => /before-deadline rule needs/.test(e.message))).toBe(true);
  });
});
