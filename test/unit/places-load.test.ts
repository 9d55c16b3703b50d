// The data file the import writes, read back for the bot (loadImportedPlaces) and checked by
// `npm run flows:check` (checkImportedPlaces, called by src/cli/flows-check.ts): each problem names the
// file, the line and the place's id.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDataError } from '../../src/data/load-yaml.js';
import { communeIndex } from '../../src/places/communes.js';
import { importRecords, importedPlacesJson } from '../../src/places/import.js';
import { checkImportedPlaces, loadImportedPlaces } from '../../src/places/load.js';
import { IMPORTED_PLACES_FILE, type HelpPlace } from '../../src/places/model.js';
import { readPlacesFile } from '../../src/places/read.js';

function importedNord(): HelpPlace[] {
  const file = readPlacesFile('test/fixtures/places/nord-comma.csv');
  if (!file.ok) throw new Error(file.message);
  return importRecords(file, { index: communeIndex(), today: '2026-12-02' }).places;
}

function dataDir(places: unknown[], header: Record<string, unknown> = {}): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-places-'));
  const file = join(dir, IMPORTED_PLACES_FILE);
  const json = importedPlacesJson({ standardVersion: '1.x', importedFrom: 'nord.csv', sha256: 'x', places: places as HelpPlace[] });
  writeFileSync(file, Object.keys(header).length ? JSON.stringify({ ...JSON.parse(json), ...header }, null, 2) : json);
  return { dir, file };
}

describe('loadImportedPlaces', () => {
  it('no file: no places and no error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-places-'));
    expect(loadImportedPlaces(dir)).toEqual({ places: [], errors: [] });
    expect(checkImportedPlaces(dir)).toEqual([]);
  });

  it('reads back what the import wrote, and flows:check finds nothing to say', () => {
    const places = importedNord();
    const { dir } = dataDir(places);
    expect(loadImportedPlaces(dir)).toEqual({ places, errors: [] });
    expect(checkImportedPlaces(dir)).toEqual([]);
  });

  it('a place without source or with a bad date is left out, reported with file, line and id', () => {
    const [first, second, ...rest] = importedNord();
    if (!first || !second) throw new Error('fixture');
    const { source: _s, ...noSource } = first;
    const { dir, file } = dataDir([noSource, { ...second, updatedAt: '2025-02-30' }, ...rest]);
    const { places, errors } = loadImportedPlaces(dir);
    expect(places).toHaveLength(rest.length);
    const lines = errors.map(formatDataError);
    expect(lines).toContain(`${file}:8: places[0].source: place "${first.id}": is missing: every imported place says where it comes from`);
    expect(lines.some((l) => l.startsWith(`${file}:`) && l.includes(`places[1].updatedAt: place "${second.id}": is not a real date`))).toBe(true);
  });

  it('a file that is not JSON: one error with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-places-'));
    const file = join(dir, IMPORTED_PLACES_FILE);
    writeFileSync(file, '{\n  "standard": "x",\n  "places": [\n    {"id": }\n  ]\n}\n');
    const { places, errors } = loadImportedPlaces(dir);
    expect(places).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(formatDataError(errors[0] as (typeof errors)[0])).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: \\(syntax\\): not valid JSON`));
  });
});

describe('checkImportedPlaces (npm run flows:check)', () => {
  it('unknown commune, postal code of another commune, wrong name, malformed hours, the same id twice', () => {
    const places = importedNord();
    const edit = (id: string, change: Partial<HelpPlace>): void => {
      const i = places.findIndex((p) => p.id === id);
      places[i] = { ...(places[i] as HelpPlace), ...change };
    };
    edit('lille-1', { inseeCode: '59999' });
    edit('roubaix-1', { postalCode: '59000' });
    edit('tourcoing-2', { commune: 'Tourcoin' });
    edit('lomme-1', { hours: 'lundi au vendredi 9h-12h' });
    places.push({ ...(places.find((p) => p.id === 'paris-1') as HelpPlace) });
    const { dir, file } = dataDir(places);
    const lines = checkImportedPlaces(dir).map(formatDataError);
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes('lille-1'))).toMatch(new RegExp(`^.*${IMPORTED_PLACES_FILE}:\\d+: places\\[id=lille-1\\]\\.inseeCode: place "lille-1": inseeCode "59999" is not a commune in the official list$`));
    expect(lines).toContainEqual(expect.stringMatching(/places\[id=roubaix-1\]\.postalCode: place "roubaix-1": postalCode 59000 is that of Lille \(59350\), not of Roubaix/));
    expect(lines).toContainEqual(expect.stringMatching(/places\[id=tourcoing-2\]\.commune: place "tourcoing-2": "Tourcoin" is not the official name of 59599 \("Tourcoing"\)/));
    expect(lines).toContainEqual(expect.stringMatching(/places\[id=lomme-1\]\.hours: place "lomme-1": hours "lundi au vendredi 9h-12h" are not OpenStreetMap opening_hours: /));
    expect(lines).toContainEqual(expect.stringMatching(/places\[id=paris-1\]\.id: place "paris-1": the same id appears more than once/));
    expect(lines.every((l) => l.startsWith(`${file}:`))).toBe(true);
    // The line is that of the place's field in the file.
    const hoursLine = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('"hours": "lundi au vendredi 9h-12h"')) + 1;
    expect(hoursLine).toBeGreaterThan(1);
    expect(lines.find((l) => l.includes('lomme-1'))).toMatch(new RegExp(`:${hoursLine}: places\\[id=lomme-1\\]\\.hours: `));
  });
});
