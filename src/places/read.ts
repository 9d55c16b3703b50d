// Reads a file of the national standard of digital-help places into flat records (the standard's
// column names → trimmed text), whatever shape the published exports take:
//  - CSV: "," (the standard), ";" (a spreadsheet's French export) or tab separated, detected from the
//    header; UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252 (Excel's "CSV" in French);
//    quoted fields with separators, quotes and line breaks inside; CRLF or LF; gzip-compressed too.
//  - JSON: an array of records (the ANCT's export), `{ "data": [...] }` (data.gouv.fr's tabular API)
//    or another single array property, a GeoJSON FeatureCollection, or JSON Lines; records flat as
//    in the standard, or nested as the ANCT's model (adresse: { voie, code_postal, commune… },
//    contact: { telephone, courriels: [] }, localisation: { latitude, longitude }, services: []).
// A file that is none of these, or lacks the standard's required columns, is an error naming the
// file (and the line when there is one).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse, type CsvError } from 'csv-parse/sync';
import { REQUIRED_COLUMNS, STANDARD_FIELDS, columnKey, plainKey, standardVersion } from './standard.js';

export interface SourceRecord {
  /** "line 12" (CSV: the line where the row starts; 1 is the header) or "record 3" (JSON, from 1). */
  where: string;
  /** The standard's column → its text (whitespace collapsed); empty cells are absent. */
  fields: Record<string, string>;
}

export interface MalformedRow {
  where: string;
  message: string;
}

export interface ReadFile {
  ok: true;
  /** How the file was read, for the summary: "CSV, separator ';', UTF-8 with BOM". */
  format: string;
  /** Version of the standard the columns follow. */
  version: '1.x' | '0.x' | 'unknown';
  sha256: string;
  records: SourceRecord[];
  malformed: MalformedRow[];
}

export interface ReadError {
  ok: false;
  /** `file:line: field: message` when a line is known, `file: message` otherwise. */
  message: string;
}

export type ReadResult = ReadFile | ReadError;

export function readPlacesFile(path: string): ReadResult {
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) return { ok: false, message: `${path}: is a folder, not a file` };
    bytes = readFileSync(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    return { ok: false, message: `${path}: cannot read the file (${why})` };
  }
  return readPlacesBytes(path, bytes);
}

/** `name` is only used in messages. */
export function readPlacesBytes(name: string, input: Buffer): ReadResult {
  const fail = (message: string, line?: number): ReadError => ({ ok: false, message: line === undefined ? `${name}: ${message}` : `${name}:${line}: ${message}` });
  const sha256 = createHash('sha256').update(input).digest('hex');
  let bytes = input;
  let compressed = '';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
      compressed = ', gzip';
    } catch (err) {
      return fail(`looks gzip-compressed but cannot be decompressed (${(err as Error).message})`);
    }
  }
  if (bytes.length === 0 || bytes.toString('latin1').trim() === '') return fail('the file is empty');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return fail('this is a ZIP archive or a spreadsheet (XLSX/ODS), not CSV or JSON: export it as CSV (UTF-8) first');
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return fail('this is a PDF, not CSV or JSON');

  const decoded = decode(bytes);
  const text = decoded.text;
  const first = text.trimStart()[0];
  const isJson = first === '[' || first === '{';
  const result = isJson ? readJson(text, fail) : readCsv(text, fail);
  if (!result.ok) return result;
  return { ...result, format: `${result.format}, ${decoded.encoding}${compressed}`, sha256 };
}

// ---------------------------------------------------------------------------------------------

function decode(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8 with BOM' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16 LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16 BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Not UTF-8: a spreadsheet's export in Windows' Western encoding is the usual culprit.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252 (not UTF-8)' };
  }
}

/** Collapses line breaks and runs of spaces (a quoted multi-line address becomes one line). */
function clean(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = (typeof value === 'string' ? value : String(value)).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

const KNOWN = new Set<string>([...STANDARD_FIELDS, 'courriel', 'cle_ban', 'publics_accueillis', 'conditions_acces', 'labels_nationaux', 'labels_autres', 'accessibilite']);

function missingRequired(columns: Iterable<string>): string[] {
  const set = new Set(columns);
  return REQUIRED_COLUMNS.filter((c) => !set.has(c));
}

type Fail = (message: string, line?: number) => ReadError;
type Partial = Omit<ReadFile, 'sha256'> | ReadError;

// ---------------------------------------------------------------------------------------------
// CSV

const DELIMITERS: Array<{ char: string; name: string }> = [
  { char: ',', name: "','" },
  { char: ';', name: "';'" },
  { char: '\t', name: 'tab' },
];

function headerWith(text: string, delimiter: string): string[] {
  try {
    const rows = parse(text, { delimiter, to_line: 1, relax_quotes: true, relax_column_count: true, bom: true }) as string[][];
    return rows[0] ?? [];
  } catch {
    return [];
  }
}

/** Start line of a record: csv-parse gives the line where it ends and its raw text. */
function startLine(endLine: number, raw: string): number {
  const breaks = raw.split('\n').length - 1;
  return endLine - breaks + (raw.endsWith('\n') ? 1 : 0);
}

function readCsv(input: string, fail: Fail): Partial {
  // One kind of line break, so line numbers are those an editor shows.
  const text = input.replace(/\r\n?/g, '\n');
  let best = { delimiter: DELIMITERS[0] ?? { char: ',', name: "','" }, header: [] as string[], score: -1 };
  for (const d of DELIMITERS) {
    const header = headerWith(text, d.char);
    const score = header.filter((h) => KNOWN.has(plainKey(h)) || KNOWN.has(columnKey(h))).length;
    if (score > best.score) best = { delimiter: d, header, score };
  }
  const columns = best.header.map(columnKey);
  const missing = missingRequired(columns);
  if (best.score <= 0) {
    return fail('line 1 is not the header of the standard of lieux de médiation numérique (no known column such as id, nom, adresse, code_postal): not CSV of that standard', 1);
  }
  if (missing.length > 0) {
    return fail(`header: missing column(s) ${missing.join(', ')} required by the standard (found: ${columns.join(', ')})`, 1);
  }

  const malformed: MalformedRow[] = [];
  let rows: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    rows = parse(text, {
      delimiter: best.delimiter.char,
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined, raw: string | undefined) => {
        const end = typeof err?.lines === 'number' ? err.lines : 0;
        const line = raw ? startLine(end, raw) : end;
        malformed.push({ where: `line ${line}`, message: err?.message ?? 'unreadable CSV row' });
        return undefined;
      },
    }) as unknown as Array<{ record: string[]; info: { lines: number }; raw: string }>;
  } catch (err) {
    const e = err as CsvError;
    return fail(`not readable as CSV: ${e.message}`, typeof e.lines === 'number' ? e.lines : undefined);
  }

  const records: SourceRecord[] = [];
  for (const row of rows.slice(1)) {
    const where = `line ${startLine(row.info.lines, row.raw)}`;
    const extra = row.record.slice(columns.length).filter((v) => v.trim() !== '');
    if (extra.length > 0) {
      malformed.push({ where, message: `${row.record.length} fields where the header has ${columns.length} (a separator inside a field without quotes?)` });
      continue;
    }
    const fields: Record<string, string> = {};
    columns.forEach((column, i) => {
      const value = clean(row.record[i]);
      if (value !== undefined && fields[column] === undefined) fields[column] = value;
    });
    if (Object.keys(fields).length === 0) continue; // a row of empty cells (";;;;" from a spreadsheet)
    records.push({ where, fields });
  }
  return { ok: true, format: `CSV, separator ${best.delimiter.name}`, version: standardVersion(best.header.map(plainKey)), records, malformed };
}

// ---------------------------------------------------------------------------------------------
// JSON

const ARRAY_KEYS = ['data', 'places', 'lieux', 'results', 'items', 'records', 'features'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON.parse's complaint without the copy of the text V8 appends ("Unexpected token '}'"). */
export function jsonErrorMessage(err: unknown): string {
  return String((err as Error).message ?? err).replace(/,?\s*(?:\.\.\.)?"[\s\S]*$/, '');
}

/**
 * The line of the first JSON syntax error. Node 20's JSON.parse does not say where it stopped, so a
 * small scan finds it (only run when parsing failed).
 */
export function jsonErrorLine(text: string): number | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw new Error('at');
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          value();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i++;
        else if ((text[i] ?? '') < ' ') fail();
        i++;
      }
      if (text[i] !== '"') fail();
      i++;
      return;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += m?.[0].length ?? 0;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch {
    return text.slice(0, i).split('\n').length;
  }
}

function readJson(text: string, fail: Fail): Partial {
  let parsed: unknown;
  let layout: string;
  try {
    parsed = JSON.parse(text);
    layout = 'JSON';
  } catch (err) {
    // JSON Lines: one record per line (only when the first line is a whole record).
    const lines = text.split(/\r?\n/);
    const items: unknown[] = [];
    for (const [i, l] of lines.entries()) {
      if (l.trim() === '') continue;
      try {
        items.push(JSON.parse(l));
      } catch (lineErr) {
        if (items.length === 0) return fail(`not valid JSON (${jsonErrorMessage(err)})`, jsonErrorLine(text));
        return fail(`not valid JSON Lines (${jsonErrorMessage(lineErr)})`, i + 1);
      }
    }
    parsed = items;
    layout = 'JSON Lines';
  }

  let items: unknown[];
  if (Array.isArray(parsed)) {
    items = parsed;
    layout += ' array';
  } else if (isObject(parsed)) {
    const key = ARRAY_KEYS.find((k) => Array.isArray(parsed[k])) ?? singleArrayKey(parsed);
    if (key === undefined) {
      return fail(`JSON object without a list of places (expected an array of records, or an object with one, such as { "data": [...] }; found keys: ${Object.keys(parsed).slice(0, 10).join(', ')})`);
    }
    items = parsed[key] as unknown[];
    layout += parsed.type === 'FeatureCollection' ? ' (GeoJSON)' : ` { "${key}": [...] }`;
  } else {
    return fail('JSON that is neither a list of places nor an object holding one');
  }

  const records: SourceRecord[] = [];
  const malformed: MalformedRow[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const where = `record ${i + 1}`;
    if (!isObject(item)) {
      malformed.push({ where, message: `is ${Array.isArray(item) ? 'a list' : JSON.stringify(item)}, not an object` });
      return;
    }
    const fields = flatten(isObject(item.properties) && item.type === 'Feature' ? featureRecord(item) : item);
    for (const k of Object.keys(fields)) seen.add(k);
    if (Object.keys(fields).length > 0) records.push({ where, fields });
  });
  const missing = missingRequired(seen);
  if (records.length > 0 && missing.length > 0) {
    return fail(`the records have no ${missing.join(', ')}, required by the standard of lieux de médiation numérique (found: ${[...seen].slice(0, 15).join(', ')})`);
  }
  return { ok: true, format: layout, version: standardVersion(seen), records, malformed };
}

function singleArrayKey(obj: Record<string, unknown>): string | undefined {
  const keys = Object.keys(obj).filter((k) => Array.isArray(obj[k]) && (obj[k] as unknown[]).some(isObject));
  return keys.length === 1 ? keys[0] : undefined;
}

/** A GeoJSON Feature: its properties, plus the point's coordinates when the properties have none. */
function featureRecord(feature: Record<string, unknown>): Record<string, unknown> {
  const props = { ...(feature.properties as Record<string, unknown>) };
  const geometry = feature.geometry;
  if (isObject(geometry) && geometry.type === 'Point' && Array.isArray(geometry.coordinates)) {
    const [lon, lat] = geometry.coordinates as unknown[];
    props.longitude ??= lon;
    props.latitude ??= lat;
  }
  return props;
}

/** Nested objects of the ANCT's model, and where their fields go in the standard. */
const NESTED: Record<string, Record<string, string>> = {
  adresse: { voie: 'adresse', code_postal: 'code_postal', commune: 'commune', code_insee: 'code_insee', complement_adresse: 'complement_adresse', repetition: '' },
  contact: { telephone: 'telephone', courriels: 'courriels', courriel: 'courriels', site_web: 'site_web' },
  localisation: { latitude: 'latitude', longitude: 'longitude' },
  presentation: { resume: 'presentation_resume', detail: 'presentation_detail' },
};

function scalar(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const parts = value.map((v) => (isObject(v) || Array.isArray(v) ? undefined : clean(v))).filter((v): v is string => v !== undefined);
    return parts.length > 0 ? parts.join('|') : undefined;
  }
  if (isObject(value)) return JSON.stringify(value); // e.g. hours as an object: reported as not OSM
  if (typeof value === 'boolean') return undefined;
  return clean(value);
}

function flatten(item: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  const set = (key: string, value: unknown): void => {
    const text = scalar(value);
    if (key && text !== undefined && fields[key] === undefined) fields[key] = text;
  };
  // Flat values first: they win over the same field inside a nested object.
  for (const [k, v] of Object.entries(item)) if (!isObject(v) || !(columnKey(k) in NESTED)) set(columnKey(k), v);
  for (const [k, v] of Object.entries(item)) {
    const map = NESTED[columnKey(k)];
    if (!map || !isObject(v)) continue;
    for (const [ck, cv] of Object.entries(v)) set(map[columnKey(ck)] ?? columnKey(ck), cv);
  }
  return fields;
}
