// `npm run places:import` as a person runs it: the summary it prints, the file it writes (the same
// bytes twice), its exit codes and messages on unusable input (never a stack trace), and
// `npm run flows:check` on the file it wrote.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURES = 'test/fixtures/places';

function importer(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/places-import.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'passerelle-import-'));
const noStack = (text: string): void => expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

describe('npm run places:import', { timeout: 60_000 }, () => {
  it('imports Lille, Roubaix and Tourcoing from a ";" CSV with BOM, prints the summary, writes the file once', () => {
    const out = join(tmp(), 'data', 'places-imported.json');
    const first = importer(`${FIXTURES}/nord-semicolon-bom.csv`, '--communes', '59350,59512,59599', '--out', out);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines).toContain(`Reading ${FIXTURES}/nord-semicolon-bom.csv: CSV, separator ';', UTF-8 with BOM, standard 1.x`);
    expect(lines).toContain('  --communes 59512 = Roubaix, INSEE 59512');
    expect(lines).toContain('Rows read: 17');
    expect(lines).toContain('Outside --communes (not checked): 3');
    expect(lines).toContain('Imported: 7');
    expect(lines).toContain('Skipped: 7');
    expect(lines).toContain('  no street address (adresse): 1 (line 7)');
    expect(lines).toContain('  code_insee and code_postal are of different communes: 1 (line 8)');
    expect(lines).toContain('  same id as another row (the most recent date_maj is kept): 1 (line 15)');
    expect(lines).toContain('  hours not in OpenStreetMap syntax: kept without hours: 1 (line 6)');
    expect(lines).toContain('By commune:');
    expect(lines).toContain('  Lille (59350): 4');
    expect(lines).toContain('  Tourcoing (59599): 2');
    expect(lines).toContain('  Roubaix (59512): 1');
    expect(lines).toContain(`Wrote ${out}: 7 place(s), sorted by id.`);
    const written = readFileSync(out, 'utf8');
    const json = JSON.parse(written) as { importedFrom: string; communes: string[]; places: Array<{ id: string; source: string; updatedAt: string }> };
    expect(json.importedFrom).toBe('nord-semicolon-bom.csv');
    expect(json.communes).toEqual(['59350', '59512', '59599']);
    expect(json.places.map((p) => p.id)).toEqual(['hellemmes-1', 'lille-1', 'lille-2', 'lomme-1', 'roubaix-1', 'tourcoing-1', 'tourcoing-2']);
    expect(json.places.every((p) => p.source === 'Exemple hub' && p.updatedAt === '2025-03-10')).toBe(true);

    // The same file again: the same bytes, and it says so.
    const second = importer(`${FIXTURES}/nord-semicolon-bom.csv`, '--communes', '59350,59512,59599', '--out', out);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(`${out} unchanged: 7 place(s), the same as the last import.`);
    expect(readFileSync(out, 'utf8')).toBe(written);
  });

  it('the "," variant gives the same places; another file replaces the previous import', () => {
    const dir = tmp();
    const out = join(dir, 'places-imported.json');
    expect(importer(`${FIXTURES}/nord-semicolon-bom.csv`, '--communes', '59350,59512,59599', '--out', out).status).toBe(0);
    const semi = JSON.parse(readFileSync(out, 'utf8')) as { places: unknown[] };
    const comma = importer(`${FIXTURES}/nord-comma.csv`, '--communes', '59350,59512,59599', '--out', out);
    expect(comma.status).toBe(0);
    expect(comma.stdout).toContain('It replaces the previous import of nord-semicolon-bom.csv (7 place(s)).');
    expect((JSON.parse(readFileSync(out, 'utf8')) as { places: unknown[] }).places).toEqual(semi.places);
  });

  it('postal codes in --communes (59100 Roubaix, 59200 Tourcoing), and JSON input', () => {
    const out = join(tmp(), 'p.json');
    const r = importer(`${FIXTURES}/nord-semicolon-bom.csv`, '--communes', '59100,59200', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  --communes 59100 = postal code of Roubaix; also the INSEE code of Bousignies: write insee:59100 for that');
    expect(r.stdout).toContain('Imported: 3');
    const json = importer(`${FIXTURES}/nord-nested-data.json`, '--out', out);
    expect(json.status).toBe(0);
    expect(json.stdout).toContain(`Reading ${FIXTURES}/nord-nested-data.json: JSON { "data": [...] }, UTF-8`);
    expect(json.stdout).toContain('Imported: 4');
    expect(json.stdout).toContain('  no street address (adresse): 1 (record 5)');
  });

  it("the standard's own example imports", () => {
    const r = importer(`${FIXTURES}/exemple-valide.csv`, '--out', join(tmp(), 'p.json'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Imported: 1');
    expect(r.stdout).toContain('  Reims (51454): 1');
  });

  it('a missing file or a file of something else: exit 1 with the file (and line), no stack trace', () => {
    const dir = tmp();
    const out = join(dir, 'p.json');
    const missing = importer(join(dir, 'lieux.csv'), '--out', out);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`places:import: ${join(dir, 'lieux.csv')}: cannot read the file (no such file)`);
    noStack(missing.stderr);

    const other = join(dir, 'budget.csv');
    writeFileSync(other, 'annee;montant\n2024;12\n');
    const notStandard = importer(other, '--out', out);
    expect(notStandard.status).toBe(1);
    expect(notStandard.stderr).toContain(`${other}:1: line 1 is not the header of the standard`);

    const badJson = join(dir, 'lieux.json');
    writeFileSync(badJson, '[\n  {"id": "a",\n   "nom": }\n]\n');
    const json = importer(badJson, '--out', out);
    expect(json.status).toBe(1);
    expect(json.stderr).toMatch(new RegExp(`${badJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not valid JSON`));
    noStack(json.stderr);
    expect(existsSync(out)).toBe(false);
  });

  it('nothing to import, no file given, bad --communes or option: exit 1, nothing written', () => {
    const out = join(tmp(), 'p.json');
    const none = importer(`${FIXTURES}/exemple-valide.csv`, '--communes', '59350', '--out', out);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(`Nothing to import (no row is in the communes asked): ${out} was not changed.`);

    const usage = importer('--communes', '59350');
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('places:import: which file?');
    expect(usage.stderr).toContain('Usage: npm run places:import');

    const badCode = importer(`${FIXTURES}/exemple-valide.csv`, '--communes', '59999', '--out', out);
    expect(badCode.status).toBe(1);
    expect(badCode.stderr).toContain('--communes: "59999" is neither a commune\'s INSEE code nor a postal code in the official list');

    const unknownOption = importer(`${FIXTURES}/exemple-valide.csv`, '--commune', '59350');
    expect(unknownOption.status).toBe(1);
    noStack(unknownOption.stderr);
    expect(existsSync(out)).toBe(false);
  });
});

describe('npm run flows:check on the imported file', { timeout: 60_000 }, () => {
  it('reports a broken place with file, line and id (exit 1); accepts a good import (exit 0)', () => {
    const dataDir = join(tmp(), 'data');
    cpSync('flows/data', dataDir, { recursive: true });
    const out = join(dataDir, 'places-imported.json');
    expect(importer(`${FIXTURES}/nord-comma.csv`, '--communes', '59350,59512,59599', '--out', out).status).toBe(0);

    const good = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flows-check.ts', 'flows', 'locales', dataDir], { encoding: 'utf8' });
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('imported places OK: 7 (npm run places:import)');

    const text = readFileSync(out, 'utf8')
      .replace('"inseeCode": "59599"', '"inseeCode": "59999"')
      .replace('"hours": "Tu,Th 14:00-18:00"', '"hours": "mardi et jeudi après-midi"')
      .replace('"source": "Exemple hub",\n      "updatedAt": "2025-03-10",\n      "origin": "import"\n    }\n  ]', '"updatedAt": "2025-03-10",\n      "origin": "import"\n    }\n  ]');
    writeFileSync(out, text);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flows-check.ts', 'flows', 'locales', dataDir], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/places-imported\.json:\d+: places\[id=tourcoing-1\]\.inseeCode: place "tourcoing-1": inseeCode "59999" is not a commune in the official list/);
    expect(bad.stderr).toMatch(/places-imported\.json:\d+: places\[id=lomme-1\]\.hours: place "lomme-1": hours "mardi et jeudi après-midi" are not OpenStreetMap opening_hours/);
    expect(bad.stderr).toMatch(/places-imported\.json:\d+: places\[6\]\.source: place "tourcoing-2": is missing: every imported place says where it comes from/);
    noStack(bad.stderr);
  });
});
