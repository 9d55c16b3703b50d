// The import's rules: what is imported, skipped (and why), kept with a note; the commune checks
// against the official list (@etalab/decoupage-administratif); `--communes` with INSEE or postal
// codes; hours checked with opening_hours; the data file the same bytes for the same input.
import { describe, expect, it } from 'vitest';
import { communeIndex, parseCommuneFilter, resolveCommune, type CommuneFilter } from '../../src/places/communes.js';
import { filterCodes, importRecords, importedPlacesJson, parseUpdateDate, summaryLines, type ImportReport } from '../../src/places/import.js';
import { readPlacesBytes, readPlacesFile, type ReadFile, type ReadResult } from '../../src/places/read.js';
import { SERVICES, standardService } from '../../src/places/standard.js';

const FIXTURES = 'test/fixtures/places';
const TODAY = '2026-12-02';
const index = communeIndex();

function ok(result: ReadResult): ReadFile {
  if (!result.ok) throw new Error(result.message);
  return result;
}

function filter(...codes: string[]): CommuneFilter {
  const parsed = parseCommuneFilter(index, codes);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.filter;
}

function run(name: string, f?: CommuneFilter): ImportReport {
  return importRecords(ok(readPlacesFile(`${FIXTURES}/${name}`)), { index, today: TODAY, ...(f && { filter: f }) });
}

const reasons = (r: ImportReport) => Object.fromEntries([...r.skipped].map(([k, v]) => [k, v.map((i) => i.where)]));
const notes = (r: ImportReport) => Object.fromEntries([...r.notes].map(([k, v]) => [k, v.map((i) => i.id)]));

describe('importing the Nord fixture (17 rows)', () => {
  const all = run('nord-semicolon-bom.csv');

  it('imports 9 places, skips 8 with their reason and the line where each row starts', () => {
    expect(all.rows).toBe(17);
    expect(all.places.map((p) => p.id)).toEqual(['hellemmes-1', 'lille-1', 'lille-2', 'lomme-1', 'paris-1', 'roubaix-1', 'tourcoing-1', 'tourcoing-2', 'wattrelos-1']);
    expect(reasons(all)).toEqual({
      'missing-address': ['line 7'],
      'insee-postal-mismatch': ['line 8'],
      'unknown-commune': ['line 9'],
      'missing-source': ['line 10'],
      'bad-date': ['line 11'],
      'missing-date': ['line 12'],
      'duplicate-id': ['line 15'],
      'no-public': ['line 18'],
    });
    expect(all.outside).toBe(0);
  });

  it('keeps a place whose hours are not OpenStreetMap syntax, without hours, and says so', () => {
    const t = all.places.find((p) => p.id === 'tourcoing-1');
    expect(t).toBeDefined();
    expect(t?.hours).toBeUndefined();
    expect(notes(all)['bad-hours']).toEqual(['tourcoing-1']);
    expect(all.places.find((p) => p.id === 'lille-1')?.hours).toBe('Mo-Fr 09:00-12:00,14:00-17:00; PH off');
  });

  it('hours the opening_hours library reads with warnings are kept as it reads them, and noted', () => {
    const csv = 'id,nom,commune,code_postal,code_insee,adresse,source,date_maj,horaires\na,A,Lille,59000,59350,1 rue,Hub,2025-01-01,lundi 9h-12h\nb,B,Lille,59000,59350,2 rue,Hub,2025-01-01,Mo-Fr 9:00-12:00\n';
    const r = importRecords(ok(readPlacesBytes('t.csv', Buffer.from(csv))), { index, today: TODAY });
    expect(r.places.map((p) => p.hours)).toEqual(['Mo 09:00-12:00', 'Mo-Fr 9:00-12:00']);
    expect(r.notes.get('hours-rewritten')).toEqual([{ where: 'line 2', id: 'a', detail: 'horaires "lundi 9h-12h" read as "Mo 09:00-12:00"' }]);
  });

  it('keeps phone and website only when valid; drops service values outside the standard', () => {
    expect(all.places.find((p) => p.id === 'lille-1')).toMatchObject({ phone: '+33320000001', website: 'https://exemple-a.example.org/' });
    const l2 = all.places.find((p) => p.id === 'lille-2');
    expect(l2?.phone).toBeUndefined();
    expect(l2?.website).toBeUndefined();
    expect(notes(all)).toMatchObject({ 'bad-phone': ['lille-2'], 'bad-website': ['lille-2'], 'unknown-service': ['tourcoing-2'] });
    expect(all.places.find((p) => p.id === 'tourcoing-2')?.services).toEqual(['Aide aux démarches administratives']);
  });

  it('writes the official commune: Lomme and Hellemmes are Lille, a Paris arrondissement is Paris', () => {
    const get = (id: string) => all.places.find((p) => p.id === id);
    expect(get('lomme-1')).toMatchObject({ commune: 'Lille', inseeCode: '59350', postalCode: '59160' });
    expect(get('hellemmes-1')).toMatchObject({ commune: 'Lille', inseeCode: '59350', postalCode: '59260' });
    expect(get('paris-1')).toMatchObject({ commune: 'Paris', inseeCode: '75056', postalCode: '75011' });
    expect(get('tourcoing-2')).toMatchObject({ commune: 'Tourcoing', inseeCode: '59599', postalCode: '59200' });
  });

  it('keeps the source and date_maj of each record; the most recent of two rows with one id', () => {
    expect(all.places.find((p) => p.id === 'lille-1')).toMatchObject({
      name: 'Espace numérique exemple A',
      address: "1 rue de l'Exemple, Bâtiment B; 2e étage",
      source: 'Exemple hub',
      updatedAt: '2025-03-10',
      origin: 'import',
    });
    expect(all.skipped.get('duplicate-id')?.[0]?.detail).toBe('id "lille-1" is also at line 2');
  });

  it('counts by commune', () => {
    expect(all.byCommune).toEqual([
      { commune: 'Lille', inseeCode: '59350', count: 4 },
      { commune: 'Tourcoing', inseeCode: '59599', count: 2 },
      { commune: 'Paris', inseeCode: '75056', count: 1 },
      { commune: 'Roubaix', inseeCode: '59512', count: 1 },
      { commune: 'Wattrelos', inseeCode: '59650', count: 1 },
    ]);
  });

  it('the CSV variants and the JSON files give the same places', () => {
    const comma = run('nord-comma.csv');
    expect(comma.places).toEqual(all.places);
    const array = run('nord-array.json');
    expect(array.places).toEqual(all.places.filter((p) => ['lille-1', 'lomme-1', 'roubaix-1', 'tourcoing-1'].includes(p.id)));
    const nested = run('nord-nested-data.json');
    expect(nested.places).toEqual(array.places);
    expect(reasons(nested)).toEqual({ 'missing-address': ['record 5'], 'insee-postal-mismatch': ['record 6'] });
  });

  it('prints counts per reason with the first lines', () => {
    const lines = summaryLines(all);
    expect(lines).toContain('Rows read: 17');
    expect(lines).toContain('Imported: 9');
    expect(lines).toContain('Skipped: 8');
    expect(lines).toContain('  no street address (adresse): 1 (line 7)');
    expect(lines).toContain('      line 8 (id mismatch-1): code_postal 59000 is that of Lille (59350), not of Roubaix (code_insee 59512)');
    expect(lines).toContain('  hours not in OpenStreetMap syntax: kept without hours: 1 (line 6)');
    expect(lines).toContain('  Lille (59350): 4');
  });
});

describe('--communes', () => {
  it('Lille 59350, Roubaix 59512, Tourcoing 59599 by INSEE code: the rest is only counted', () => {
    const r = run('nord-semicolon-bom.csv', filter('59350', '59512', '59599'));
    expect(r.places.map((p) => p.inseeCode).sort()).toEqual(['59350', '59350', '59350', '59350', '59512', '59599', '59599']);
    // Wattrelos, Paris and the unknown commune are outside: their problems are not reported.
    expect(r.outside).toBe(3);
    expect(r.skipped.get('unknown-commune')).toBeUndefined();
    expect(r.skipped.get('missing-address')?.map((i) => i.id)).toEqual(['roubaix-2']);
  });

  it('postal codes: 59100 (Roubaix) and 59200 (Tourcoing)', () => {
    const r = run('nord-semicolon-bom.csv', filter('59100', '59200'));
    expect(r.places.map((p) => p.id)).toEqual(['roubaix-1', 'tourcoing-1', 'tourcoing-2']);
    // Lille 59800 is outside a filter of postal codes 59100 and 59200.
    expect(r.places.every((p) => ['59100', '59200'].includes(p.postalCode))).toBe(true);
  });

  it('a code that is both an INSEE and a postal code is read the way that covers more people, and says so', () => {
    const f = filter('59350', '59100', '59000');
    expect([...f.insee]).toEqual(['59350']);
    expect([...f.postal].sort()).toEqual(['59000', '59100']);
    expect(f.described).toEqual([
      '59350 = Lille, INSEE 59350; also the postal code of Saint-André-lez-Lille: write cp:59350 for that',
      '59100 = postal code of Roubaix; also the INSEE code of Bousignies: write insee:59100 for that',
      '59000 = postal code of Lille',
    ]);
    expect([...filter('insee:59100').insee]).toEqual(['59100']);
    expect([...filter('cp:59350').postal]).toEqual(['59350']);
    expect(filter('59355').described).toEqual(['59355 = Lille (Lomme, associated commune), INSEE 59350']);
    expect(filterCodes(filter('59599', '59512', 'cp:59100'))).toEqual(['59512', '59599', 'cp:59100']);
  });

  it('an unknown code is refused', () => {
    expect(parseCommuneFilter(index, ['59999'])).toEqual({ ok: false, message: '--communes: "59999" is neither a commune\'s INSEE code nor a postal code in the official list' });
    expect(parseCommuneFilter(index, ['Lille'])).toMatchObject({ ok: false });
    expect(parseCommuneFilter(index, [''])).toEqual({ ok: false, message: '--communes: no code given' });
  });
});

describe('commune, INSEE code and postal code against the official list', () => {
  it('accepts matching codes, and finds the commune from postal code + name without an INSEE code', () => {
    expect(resolveCommune(index, { insee: '59512', postalCode: '59100' })).toMatchObject({ ok: true, commune: { name: 'Roubaix' } });
    expect(resolveCommune(index, { postalCode: '59160', name: 'Lomme' })).toMatchObject({ ok: true, commune: { code: '59350' } });
    expect(resolveCommune(index, { postalCode: '59160', name: 'Capinghem' })).toMatchObject({ ok: true, commune: { code: '59128' } });
    expect(resolveCommune(index, { postalCode: '59100' })).toMatchObject({ ok: true, commune: { code: '59512' } });
    expect(resolveCommune(index, { postalCode: '59000', name: 'LILLE CEDEX' })).toMatchObject({ ok: true, commune: { code: '59350' } });
    // A leading zero a spreadsheet dropped.
    expect(resolveCommune(index, { insee: '1053', postalCode: '1000' })).toMatchObject({ ok: true, commune: { code: '01053' }, postalCode: '01000' });
  });

  it('refuses unknown communes and codes of two communes', () => {
    expect(resolveCommune(index, { insee: '59999', postalCode: '59000' })).toMatchObject({ ok: false, problem: 'unknown-commune' });
    expect(resolveCommune(index, { insee: '59512', postalCode: '59200' })).toMatchObject({ ok: false, problem: 'insee-postal-mismatch' });
    expect(resolveCommune(index, { postalCode: '59100', name: 'Croix' })).toMatchObject({ ok: false, problem: 'insee-postal-mismatch' });
    expect(resolveCommune(index, { postalCode: '59160', name: 'Nulle-Part' })).toMatchObject({ ok: false, problem: 'unknown-commune' });
    // 4 digits is read as a dropped leading zero: 05910 is not in the Nord.
    expect(resolveCommune(index, { postalCode: '5910', insee: '59512' })).toMatchObject({ ok: false, problem: 'insee-postal-mismatch' });
    expect(resolveCommune(index, { postalCode: '591000', insee: '59512' })).toMatchObject({ ok: false, problem: 'bad-postal-code' });
  });

  it('a postal code in no list but of the same department is kept with a note (CEDEX)', () => {
    expect(resolveCommune(index, { insee: '59350', postalCode: '59046', name: 'Lille Cedex' })).toMatchObject({
      ok: true,
      commune: { name: 'Lille' },
      note: "code_postal 59046 is in no commune's list (a CEDEX code?)",
    });
  });
});

describe('date_maj', () => {
  it('YYYY-MM-DD, an ISO date-time (the day in Paris), DD/MM/YYYY', () => {
    expect(parseUpdateDate('2024-04-02', TODAY)).toEqual({ ok: true, date: '2024-04-02' });
    expect(parseUpdateDate('2024-04-02T00:00:00.000Z', TODAY)).toEqual({ ok: true, date: '2024-04-02' });
    expect(parseUpdateDate('2024-04-01T22:30:00Z', TODAY)).toEqual({ ok: true, date: '2024-04-02' });
    expect(parseUpdateDate('2024-04-02T10:00', TODAY)).toEqual({ ok: true, date: '2024-04-02' });
    expect(parseUpdateDate('02/04/2024', TODAY)).toEqual({ ok: true, date: '2024-04-02' });
  });

  it('refuses what is not a real date, placeholders and the future', () => {
    for (const bad of ['2024-02-30', '2024-13-45', 'hier', '2024/04/02', '1970-01-01', '2999-01-01', '31/02/2024']) {
      expect(parseUpdateDate(bad, TODAY).ok, bad).toBe(false);
    }
  });
});

describe('the standard and the ANCT model', () => {
  it('the 9 services come from the ANCT package; the 15 of 0.x are translated', () => {
    expect(SERVICES).toHaveLength(9);
    expect(SERVICES).toContain('Aide aux démarches administratives');
    expect(standardService('Réaliser des démarches administratives avec un accompagnement')).toBe('Aide aux démarches administratives');
    expect(standardService('S’équiper en matériel informatique')).toBe('Acquisition de matériel informatique à prix solidaire');
    expect(standardService('aide aux  DÉMARCHES administratives')).toBe('Aide aux démarches administratives');
    expect(standardService('Aide aux démarches')).toBeUndefined();
  });

  it('the 0.x example imports with translated services; its old values of other fields are noted', () => {
    const r = run('exemple-valide-v0.1.1.csv');
    expect(r.places[0]?.services).toEqual(['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien']);
    expect(r.notes.get('not-conform')?.[0]?.detail).toMatch(/^modalites_accompagnement: /);
  });

  it("a field the bot does not use but the ANCT model refuses is a note, and the place is kept", () => {
    const csv = 'id,pivot,nom,commune,code_postal,code_insee,adresse,source,date_maj,typologie\na,00000000000000,A,Lille,59000,59350,1 rue,Hub,2025-01-01,PASUNTYPE\n';
    const r = importRecords(ok(readPlacesBytes('t.csv', Buffer.from(csv))), { index, today: TODAY });
    expect(r.places).toHaveLength(1);
    expect(r.notes.get('not-conform')?.[0]?.detail).toMatch(/^typologie(s)?: /);
  });

  it("imports the standard's exemple-valide.csv", () => {
    const r = run('exemple-valide.csv');
    expect(r.places).toEqual([
      {
        id: 'structure-1',
        name: 'Anonymal',
        commune: 'Reims',
        inseeCode: '51454',
        postalCode: '51100',
        address: "12 BIS RUE DE LECLERCQ, Le patio du bois de l'Aulne",
        phone: '+33180059880',
        website: 'https://www.laquincaillerie.tl/',
        hours: 'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00',
        services: ['Maîtrise des outils numériques du quotidien', 'Insertion professionnelle via le numérique', 'Loisirs et créations numériques'],
        source: 'Hubik',
        updatedAt: '2024-04-02',
        origin: 'import',
      },
    ]);
    expect(r.notes.size).toBe(0);
  });
});

describe('the data file', () => {
  it('is the same bytes for the same input, whatever the order of the rows', () => {
    const header = { standardVersion: '1.x', importedFrom: 'nord.csv', sha256: 'x' };
    const a = importedPlacesJson({ ...header, places: run('nord-semicolon-bom.csv').places });
    const b = importedPlacesJson({ ...header, places: [...run('nord-comma.csv').places].reverse() });
    expect(a).toBe(b);
    expect(a.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(a) as { places: Array<{ id: string }> };
    expect(Object.keys(parsed)).toEqual(['standard', 'standardVersion', 'importedFrom', 'sha256', 'places']);
    expect(parsed.places.map((p) => p.id)).toEqual([...parsed.places.map((p) => p.id)].sort());
    expect(a).not.toMatch(/importedAt/);
  });
});
