import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDataError } from '../../src/data/load-yaml.js';
import { checkLocales, LOCALES, loadLocales, placeholders } from '../../src/i18n/locales.js';
import { QUESTIONS } from '../../src/rights/eligibility.js';
import { ESERVICES_FILE, loadRightsData, missingPlaceFields, PLACES_FILE, RIGHTS_FILE, staleEntries, type RightsData } from '../../src/rights/load.js';
import { DOCUMENT_IDS, ESERVICE_IDS, NATIONAL_IDS, PLACE_FIELDS, RIGHT_IDS, SIMULATOR_IDS, TOWNS } from '../../src/rights/schema.js';

const DATA_DIR = 'flows/data';
const FILES = [RIGHTS_FILE, ESERVICES_FILE, PLACES_FILE];

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp copy of flows/data, with optional replacements of whole files. */
function tempData(overrides: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rights-data-'));
  temps.push(dir);
  for (const f of FILES) {
    const override = overrides[f];
    if (override === undefined) copyFileSync(join(DATA_DIR, f), join(dir, f));
    else writeFileSync(join(dir, f), override);
  }
  return dir;
}

function realData(): RightsData {
  const loaded = loadRightsData();
  if (!loaded.ok) throw new Error(loaded.errors.map(formatDataError).join('\n'));
  return loaded.value;
}

/** 1-based line of the first line matching `pattern` at or after line `from`. */
function lineOf(text: string, pattern: RegExp, from = 1): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (pattern.test(lines[i] ?? '')) return i + 1;
  throw new Error(`no line matches ${pattern}`);
}

describe('rights data files', () => {
  it('load from flows/data', () => {
    const loaded = loadRightsData();
    if (!loaded.ok) expect.fail(loaded.errors.map(formatDataError).join('\n'));
    const data = loaded.value;
    expect(data.rights.value.rights.map((r) => r.id)).toEqual([...RIGHT_IDS]);
    expect(data.rights.value.simulators.map((s) => s.id).sort()).toEqual([...SIMULATOR_IDS].sort());
    expect(data.eservices.value.eservices.map((e) => e.id).sort()).toEqual([...ESERVICE_IDS].sort());
    expect(data.places.value.places.length).toBeGreaterThan(0);
    expect(data.places.value.national.map((n) => n.id).sort()).toEqual([...NATIONAL_IDS].sort());
    // Every town has at least one place to show.
    for (const town of TOWNS) expect(data.places.value.places.some((p) => p.town === town)).toBe(true);
  });

  it('use the corrected simulator domain and never the hyphenated one', () => {
    const text = FILES.map((f) => readFileSync(join(DATA_DIR, f), 'utf8')).join('\n');
    expect(text).toContain('https://mesdroitssociaux.gouv.fr');
    expect(text).not.toContain('mes-droits-sociaux');
  });

  it('give the national fallback numbers from the knowledge files', () => {
    const national = new Map(realData().places.value.national.map((n) => [n.id, n]));
    expect(national.get('caf')?.phone?.value).toBe('3230');
    expect(national.get('ameli')?.phone?.value).toBe('3646');
    expect(national.get('france_travail')?.phone?.value).toBe('3949');
    expect(national.get('annuaire')?.website?.value).toBe('https://lannuaire.service-public.gouv.fr');
  });

  it('refuse an entry without a source, naming the file and the line', () => {
    const original = readFileSync(join(DATA_DIR, RIGHTS_FILE), 'utf8');
    const entryLine = lineOf(original, /^ {2}- id: apl$/);
    const sourceLine = lineOf(original, /^ {4}source: /, entryLine);
    const broken = original
      .split('\n')
      .filter((_, i) => i + 1 !== sourceLine)
      .join('\n');
    const dir = tempData({ [RIGHTS_FILE]: broken });
    const loaded = loadRightsData(dir);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toHaveLength(1);
    expect(loaded.errors[0]).toMatchObject({ file: join(dir, RIGHTS_FILE), line: entryLine, path: 'rights[2].source' });
  });

  it('refuse a place field without a verified date, and report every broken file', () => {
    const places = readFileSync(join(DATA_DIR, PLACES_FILE), 'utf8');
    const fieldLine = lineOf(places, /^ {6}verified: 2024-11-07$/);
    const brokenPlaces = places
      .split('\n')
      .filter((_, i) => i + 1 !== fieldLine)
      .join('\n');
    const brokenServices = 'eservices:\n  - id: caf\n    url: caf.fr\n    source: https://caf.fr\n    verified: 2025-02-19\n    confidence: official\n';
    const dir = tempData({ [PLACES_FILE]: brokenPlaces, [ESERVICES_FILE]: brokenServices });
    const loaded = loadRightsData(dir);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.errors).toContainEqual(expect.objectContaining({ file: join(dir, ESERVICES_FILE), line: 3, path: 'eservices[0].url' }));
    const placeError = loaded.errors.find((e) => e.file === join(dir, PLACES_FILE));
    expect(placeError?.path).toMatch(/^places\[\d+\]\.address\.verified$/);
    // The address map starts at its `value:` line, two lines above the removed `verified:`.
    expect(placeError?.line).toBe(fieldLine - 2);
  });

  it('list stale entries with file, line and source', () => {
    const data = realData();
    const text = readFileSync(join(DATA_DIR, RIGHTS_FILE), 'utf8');
    const ilevia = lineOf(text, /^ {2}- id: ilevia_solidaire$/);
    const verifiedLine = lineOf(text, /^ {4}verified: /, ilevia);

    const warnings = staleEntries(data, new Date('2026-11-28T10:00:00Z'), 365 * 5);
    const w = warnings.find((x) => x.path === 'rights[11]');
    expect(w).toBeDefined();
    expect(w).toMatchObject({ file: join(DATA_DIR, RIGHTS_FILE), line: verifiedLine });
    expect(w?.message).toContain('ilevia_solidaire: verified 2020-01-01');
    expect(w?.message).toContain('https://ilevia.fr');
    // Place fields are checked one by one (the 2016 Mission locale address).
    expect(warnings.map((x) => x.message)).toContainEqual(expect.stringMatching(/^mission_locale_roubaix\.address: verified 2016-04-28/));
    // Fresh facts are not listed.
    expect(warnings.some((x) => x.message.startsWith('c2s:'))).toBe(false);

    expect(staleEntries(data, new Date('2026-11-28'), 100 * 365)).toEqual([]);
    // Everything is stale a century later.
    const all = staleEntries(data, new Date('2126-01-01'), 365);
    expect(all.length).toBeGreaterThan(data.rights.value.rights.length + data.places.value.places.length);
  });

  it('count a fact exactly maxAgeDays old as fresh', () => {
    const data = realData();
    // c2s is verified 2026-11-28.
    const isStale = (now: string, days: number) => staleEntries(data, new Date(now), days).some((w) => w.message.startsWith('c2s:'));
    expect(isStale('2026-12-08T23:59:00Z', 10)).toBe(false);
    expect(isStale('2026-12-09T00:00:00Z', 10)).toBe(true);
  });

  it('list the place fields still to be filled in, one warning per place', () => {
    const data = realData();
    const text = readFileSync(join(DATA_DIR, PLACES_FILE), 'utf8');
    const warnings = missingPlaceFields(data);
    const arbrisseau = warnings.find((w) => w.message.startsWith('cs_arbrisseau'));
    expect(arbrisseau).toMatchObject({ file: join(DATA_DIR, PLACES_FILE), line: lineOf(text, /^ {2}- id: cs_arbrisseau$/) });
    expect(arbrisseau?.message).toContain('address, phone, hours, website, services');
    const ccas = warnings.find((w) => w.message.startsWith('ccas_lille '));
    expect(ccas?.message).toContain('phone, website');
    expect(ccas?.message).not.toContain('address');
    expect(formatDataError(ccas ?? { file: '', line: 0, path: '', message: '' })).toMatch(/places\.yaml:\d+: places\[\d+\]: ccas_lille/);
  });

  it('do not warn about a place whose fields are all filled in', () => {
    const field = (value: string) => `\n      value: "${value}"\n      source: test\n      verified: 2026-01-01`;
    const places = [
      'places:',
      '  - id: complete',
      '    name: Test',
      '    town: lille',
      '    kind: ccas',
      ...PLACE_FIELDS.map((f) => `    ${f}:${field(f)}`),
      '    source: test',
      '    verified: 2026-01-01',
      '    confidence: official',
      'national:',
      '  - id: caf',
      `    phone:${field('3230')}`,
      '    website: null',
      '    hours: null',
      '    source: test',
      '    verified: 2026-01-01',
      '    confidence: official',
      '',
    ].join('\n');
    const loaded = loadRightsData(tempData({ [PLACES_FILE]: places }));
    if (!loaded.ok) expect.fail(loaded.errors.map(formatDataError).join('\n'));
    expect(missingPlaceFields(loaded.value)).toEqual([]);
  });
});

describe('droits.yaml texts', () => {
  function loadDroits() {
    // Only droits.yaml: other areas' files are not this test's business.
    const dir = mkdtempSync(join(tmpdir(), 'rights-locales-'));
    temps.push(dir);
    for (const locale of LOCALES) {
      mkdirSync(join(dir, locale));
      copyFileSync(join('locales', locale, 'droits.yaml'), join(dir, locale, 'droits.yaml'));
    }
    return loadLocales(dir);
  }

  it('exist in every locale with the same keys and placeholders as French', () => {
    const { texts, errors } = loadDroits();
    expect(errors.map(formatDataError)).toEqual([]);
    expect(checkLocales(texts).map(formatDataError)).toEqual([]);
    const fr = [...texts.fr.keys()].sort();
    expect(fr.length).toBeGreaterThan(100);
    for (const locale of LOCALES) {
      expect([...texts[locale].keys()].sort()).toEqual(fr);
      for (const key of fr) {
        const entry = texts[locale].get(key);
        expect(entry?.text.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(entry?.text ?? ''), `${locale} ${key}`).toEqual(placeholders(texts.fr.get(key)?.text ?? ''));
      }
    }
  });

  it('cover every id used by the data and the questionnaire', () => {
    const { texts } = loadDroits();
    const expected = [
      'droits.title',
      'droits.intro',
      'droits.skip',
      'droits.result.header',
      'droits.result.line',
      'droits.result.more_header',
      'droits.papers.header',
      'droits.papers.line',
      'droits.papers.ask',
      'droits.papers.ask_here',
      'droits.papers.rest',
      'droits.places.place_line',
      ...['papers', 'places', 'reminder', 'more', 'talk', 'menu'].map((id) => `droits.next.${id}`),
      'droits.places.ask_town',
      'droits.places.ask_postcode',
      'droits.places.unknown_town',
      'droits.places.locator',
      'droits.places.more',
      'droits.places.hours.unknown',
      ...RIGHT_IDS.flatMap((id) => [`droits.right.${id}.name`, `droits.right.${id}.note`]),
      ...SIMULATOR_IDS.map((id) => `droits.simulator.${id}`),
      ...DOCUMENT_IDS.map((id) => `droits.document.${id}`),
      ...ESERVICE_IDS.flatMap((id) => [`droits.eservice.${id}.name`, `droits.eservice.${id}.what`]),
      ...QUESTIONS.flatMap((q) => [`droits.question.${q.id}.text`, ...q.options.map((o) => `droits.question.${q.id}.option.${o}`)]),
      ...TOWNS.map((t) => `droits.places.town.${t}`),
      ...(['address', 'phone', 'hours', 'website'] as const).map((f) => `droits.places.field.${f}`),
      ...NATIONAL_IDS.map((id) => `droits.places.national.${id}.name`),
      'droits.confidence.uncertain',
    ];
    const missing = expected.filter((key) => !texts.fr.has(key));
    expect(missing).toEqual([]);
  });

  it('keep "may have" and "the organisation decides", and never state an amount in a right text', () => {
    const { texts } = loadDroits();
    expect(texts.fr.get('droits.result.header')?.text).toContain('peut-être');
    expect(texts.fr.get('droits.result.header')?.text).toContain("seul l'organisme décide");
    for (const locale of LOCALES) {
      for (const [key, entry] of texts[locale]) {
        // Euro amounts are only allowed in the income question's bands.
        if (key.startsWith('droits.question.income.')) continue;
        expect(entry.text, `${locale} ${key}`).not.toMatch(/€|euro|يورو/i);
      }
    }
  });
});
