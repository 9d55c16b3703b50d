// Reading the national file of lieux de médiation numérique in the shapes it is published in:
// CSV with "," or ";" or tabs, BOM or not, quoted fields holding separators, quotes and line breaks,
// Windows-1252, gzip; JSON arrays, { data: [...] }, nested records, GeoJSON, JSON Lines. And clear
// errors (file, line) for what is not that standard.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPlacesBytes, readPlacesFile, type ReadFile, type ReadResult } from '../../src/places/read.js';

const FIXTURES = 'test/fixtures/places';

function ok(result: ReadResult): ReadFile {
  if (!result.ok) throw new Error(result.message);
  return result;
}

const byId = (file: ReadFile, id: string) => file.records.find((r) => r.fields.id === id);

describe('CSV of the standard', () => {
  it("reads the standard's own exemple-valide.csv (1.0.2)", () => {
    const file = ok(readPlacesFile(`${FIXTURES}/exemple-valide.csv`));
    expect(file.format).toBe("CSV, separator ',', UTF-8");
    expect(file.version).toBe('1.x');
    expect(file.records).toHaveLength(1);
    expect(file.records[0]?.where).toBe('line 2');
    expect(file.records[0]?.fields).toMatchObject({
      id: 'structure-1',
      nom: 'Anonymal',
      commune: 'Reims',
      code_postal: '51100',
      code_insee: '51454',
      horaires: 'Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00',
      date_maj: '2024-04-02',
      source: 'Hubik',
    });
  });

  it('reads the 0.x version of the example (courriel, values separated by ";")', () => {
    const file = ok(readPlacesFile(`${FIXTURES}/exemple-valide-v0.1.1.csv`));
    expect(file.version).toBe('0.x');
    expect(file.records[0]?.fields.courriels).toBe('contact@laquincaillerie.tl');
    expect(file.records[0]?.fields.typologie).toBe('TIERS_LIEUX;ASSO');
  });

  it('BOM + ";" + CRLF and "," + every field quoted give the same records, lines included', () => {
    const semi = ok(readPlacesFile(`${FIXTURES}/nord-semicolon-bom.csv`));
    const comma = ok(readPlacesFile(`${FIXTURES}/nord-comma.csv`));
    expect(semi.format).toBe("CSV, separator ';', UTF-8 with BOM");
    expect(comma.format).toBe("CSV, separator ',', UTF-8");
    expect(semi.records).toHaveLength(17);
    expect(semi.records).toEqual(comma.records);
    expect(semi.malformed).toEqual([]);
  });

  it('keeps separators, quotes and line breaks inside quoted fields; line numbers are where a row starts', () => {
    const file = ok(readPlacesFile(`${FIXTURES}/nord-semicolon-bom.csv`));
    expect(byId(file, 'lille-1')?.fields.complement_adresse).toBe('Bâtiment B; 2e étage');
    expect(byId(file, 'lille-1')?.fields.horaires).toBe('Mo-Fr 09:00-12:00,14:00-17:00; PH off');
    const roubaix = byId(file, 'roubaix-1');
    expect(roubaix?.fields.nom).toBe('Centre social "La Source", exemple');
    expect(roubaix?.fields.adresse).toBe("3 place de l'Exemple, entrée par la cour");
    expect(roubaix?.where).toBe('line 4');
    // The row after the two-line one starts on line 6.
    expect(byId(file, 'tourcoing-1')?.where).toBe('line 6');
  });

  it('reads tab-separated, Windows-1252 and gzip-compressed files', () => {
    const text = readFileSync(`${FIXTURES}/nord-semicolon-bom.csv`, 'utf8').replace(/^\uFEFF/, '');
    const tabs = ok(readPlacesBytes('tabs.tsv', Buffer.from('id\tnom\tcommune\tcode_postal\tadresse\tdate_maj\nx\tÉcole\tLille\t59000\t1 rue\t2025-01-01\n')));
    expect(tabs.format).toBe('CSV, separator tab, UTF-8');
    expect(tabs.records[0]?.fields.nom).toBe('École');
    const latin = ok(readPlacesBytes('excel.csv', Buffer.from(text.replace(/\u2019/g, "'"), 'latin1')));
    expect(latin.format).toBe("CSV, separator ';', Windows-1252 (not UTF-8)");
    expect(latin.records.find((r) => r.fields.id === 'tourcoing-1')?.fields.nom).toBe('Médiathèque exemple');
    const gz = ok(readPlacesBytes('national.csv.gz', gzipSync(readFileSync(`${FIXTURES}/nord-comma.csv`))));
    expect(gz.format).toBe("CSV, separator ',', UTF-8, gzip");
    expect(gz.records).toHaveLength(17);
  });

  it('a row with more fields than the header is malformed; rows of empty cells are ignored', () => {
    const csv = 'id;nom;commune;code_postal;adresse;date_maj\na;A;Lille;59000;1 rue; 2025-01-01\n;;;;;\nb;B;Lille;59000;2 rue;x;2025-01-01\n';
    const file = ok(readPlacesBytes('bad.csv', Buffer.from(csv)));
    expect(file.records.map((r) => r.fields.id)).toEqual(['a']);
    expect(file.malformed).toEqual([{ where: 'line 4', message: '7 fields where the header has 6 (a separator inside a field without quotes?)' }]);
  });

  it('a quote never closed is a malformed row with its line', () => {
    const csv = 'id,nom,commune,code_postal,adresse,date_maj\na,A,Lille,59000,1 rue,2025-01-01\nb,"B,Lille,59000,2 rue,2025-01-01\n';
    const file = ok(readPlacesBytes('quote.csv', Buffer.from(csv)));
    expect(file.records.map((r) => r.fields.id)).toEqual(['a']);
    expect(file.malformed).toHaveLength(1);
    expect(file.malformed[0]?.where).toBe('line 3');
    expect(file.malformed[0]?.message).toMatch(/Quote Not Closed/i);
  });
});

describe('JSON of the standard', () => {
  it('an array of flat records (the ANCT export): numbers become text', () => {
    const file = ok(readPlacesFile(`${FIXTURES}/nord-array.json`));
    expect(file.format).toBe('JSON array, UTF-8');
    expect(file.records).toHaveLength(4);
    expect(file.records[0]).toEqual({
      where: 'record 1',
      fields: expect.objectContaining({ id: 'lille-1', latitude: '50.63', code_postal: '59000', services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien' }),
    });
  });

  it('{ "data": [...] } with records nested as the ANCT model', () => {
    const file = ok(readPlacesFile(`${FIXTURES}/nord-nested-data.json`));
    expect(file.format).toBe('JSON { "data": [...] }, UTF-8');
    expect(byId(file, 'lille-1')?.fields).toMatchObject({
      adresse: "1 rue de l'Exemple",
      complement_adresse: 'Bâtiment B; 2e étage',
      code_postal: '59000',
      code_insee: '59350',
      commune: 'Lille',
      telephone: '+33320000001',
      site_web: 'https://exemple-a.example.org/',
      latitude: '50.63',
      date_maj: '2025-03-10T00:00:00.000Z',
      services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
    });
  });

  it('a GeoJSON FeatureCollection and JSON Lines', () => {
    const feature = { type: 'Feature', geometry: { type: 'Point', coordinates: [3.06, 50.63] }, properties: { id: 'g', nom: 'G', commune: 'Lille', code_postal: '59000', adresse: '1 rue', date_maj: '2025-01-01' } };
    const geo = ok(readPlacesBytes('places.geojson', Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [feature] }))));
    expect(geo.format).toBe('JSON (GeoJSON), UTF-8');
    expect(geo.records[0]?.fields).toMatchObject({ id: 'g', latitude: '50.63', longitude: '3.06' });
    const lines = `${JSON.stringify(feature.properties)}\n${JSON.stringify({ ...feature.properties, id: 'h' })}\n`;
    const jsonl = ok(readPlacesBytes('places.jsonl', Buffer.from(lines)));
    expect(jsonl.format).toBe('JSON Lines array, UTF-8');
    expect(jsonl.records.map((r) => r.fields.id)).toEqual(['g', 'h']);
  });
});

describe('what is not the standard: an error naming the file and the line', () => {
  const err = (name: string, content: string | Buffer): string => {
    const r = readPlacesBytes(name, Buffer.isBuffer(content) ? content : Buffer.from(content));
    if (r.ok) throw new Error('expected an error');
    return r.message;
  };

  it('a missing file, a folder', () => {
    expect(readPlacesFile('nowhere/lieux.csv')).toEqual({ ok: false, message: 'nowhere/lieux.csv: cannot read the file (no such file)' });
    expect(readPlacesFile('test/fixtures/places')).toEqual({ ok: false, message: 'test/fixtures/places: is a folder, not a file' });
  });

  it('an empty file, a spreadsheet, a PDF', () => {
    expect(err('a.csv', '')).toBe('a.csv: the file is empty');
    expect(err('a.xlsx', Buffer.from([0x50, 0x4b, 3, 4, 0, 0]))).toMatch(/^a\.xlsx: this is a ZIP archive or a spreadsheet/);
    expect(err('a.pdf', '%PDF-1.7 ...')).toBe('a.pdf: this is a PDF, not CSV or JSON');
  });

  it('a CSV of something else, or without a required column', () => {
    expect(err('budget.csv', 'annee;montant\n2024;12\n')).toMatch(/^budget\.csv:1: line 1 is not the header of the standard/);
    expect(err('lieux.csv', 'id,nom,commune,adresse\n1,A,Lille,1 rue\n')).toBe(
      'lieux.csv:1: header: missing column(s) code_postal, date_maj required by the standard (found: id, nom, commune, adresse)',
    );
  });

  it('invalid JSON says the line; JSON of something else says what it found', () => {
    expect(err('lieux.json', '[\n  {"id": "a"},\n  {"id": }\n]')).toMatch(/^lieux\.json:3: not valid JSON \(Unexpected token/);
    expect(err('lieux.json', '{"count": 3, "next": null}')).toMatch(/^lieux\.json: JSON object without a list of places .*found keys: count, next/);
    expect(err('lieux.json', '[{"title": "x", "value": 1}]')).toMatch(/^lieux\.json: the records have no id, nom, commune, code_postal, adresse, date_maj/);
  });
});
