// Turns the records of a national file (src/places/read.ts) into the bot's HelpPlace list, and
// says what was left out and why. The rules:
//  - skipped, with a reason: no id, no name, no street address, a postal code that is not one, a
//    commune not in the official list (INSEE code unknown, or postal code + name that match none),
//    an INSEE code and a postal code of different communes, no `source`, no or a bad `date_maj`,
//    a place that says it does not receive the public, a second row with the same id (the most
//    recent `date_maj` is kept), a row the CSV reader could not split.
//  - kept with a note: hours not in OpenStreetMap syntax (kept *without* hours: "hours unknown" is
//    better than losing the place; near-misses the opening_hours library reads with warnings, such
//    as "lundi 9h-12h", are kept as it reads them: "Mo 09:00-12:00"), a phone or website that is
//    not valid (kept without it), service values not in the standard (dropped; those of the 0.x
//    versions are translated), a postal code in no commune's list but in the right department (a
//    CEDEX), and any other field the ANCT's model of the standard refuses
//    (`fromSchemaLieuDeMediationNumerique`), which the bot does not use.
//  - with `--communes`, rows outside those communes are only counted: their problems are not ours.
import {
  ModaliteAcces,
  ModelError,
  fromSchemaLieuDeMediationNumerique,
  isValidTelephone,
  isValidUrl,
  type SchemaLieuMediationNumerique,
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import { openingHours, openingHoursError } from '../dates/opening-hours.js';
import { inArea, mayBeInArea, resolveCommune, type CommuneFilter, type CommuneIndex } from './communes.js';
import type { HelpPlace } from './model.js';
import type { ReadFile, SourceRecord } from './read.js';
import { STANDARD_NAME, splitValues, standardService } from './standard.js';

export const SKIP_REASONS = {
  'malformed-row': 'row (or JSON record) that could not be read',
  'missing-id': 'no id',
  'missing-name': 'no name (nom)',
  'missing-address': 'no street address (adresse)',
  'bad-postal-code': 'no postal code, or not 5 digits (code_postal)',
  'unknown-commune': 'commune not in the official list (code_insee, or code_postal + commune)',
  'insee-postal-mismatch': 'code_insee and code_postal are of different communes',
  'missing-source': 'no source',
  'missing-date': 'no update date (date_maj)',
  'bad-date': 'wrong update date (date_maj: not a real date, before 2000 or in the future)',
  'no-public': 'does not receive the public (modalites_acces)',
  'duplicate-id': 'same id as another row (the most recent date_maj is kept)',
} as const;

export type SkipReason = keyof typeof SKIP_REASONS;

export const NOTE_KINDS = {
  'bad-hours': 'hours not in OpenStreetMap syntax: kept without hours',
  'hours-rewritten': 'hours close to OpenStreetMap syntax: kept as the opening_hours library reads them',
  'bad-phone': 'phone not valid: kept without phone',
  'bad-website': 'no valid http(s) website: kept without website',
  'unknown-service': 'service value not in the standard: value dropped',
  cedex: "postal code in no commune's list, same department (CEDEX?): kept",
  'not-conform': 'other field refused by the ANCT model of the standard (not used by the bot): kept',
} as const;

export type NoteKind = keyof typeof NOTE_KINDS;

export interface RowIssue {
  where: string;
  id?: string;
  detail: string;
}

export interface ImportReport {
  /** Rows (CSV) or records (JSON) read, malformed ones included. */
  rows: number;
  /** Sorted by id. */
  places: HelpPlace[];
  skipped: Map<SkipReason, RowIssue[]>;
  notes: Map<NoteKind, RowIssue[]>;
  /** Rows outside `--communes` (not checked). */
  outside: number;
  byCommune: Array<{ commune: string; inseeCode: string; count: number }>;
}

export interface ImportOptions {
  index: CommuneIndex;
  filter?: CommuneFilter;
  /** YYYY-MM-DD in Paris (default: today): a `date_maj` after it is refused. */
  today?: string;
}

const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

export function parisDate(d: Date): string {
  return PARIS_DATE.format(d);
}

/**
 * `date_maj`: YYYY-MM-DD as the standard says; also an ISO date-time (the ANCT's JSON serialises
 * dates so: the day in Paris is taken) and DD/MM/YYYY (a French spreadsheet's rewrite).
 */
export function parseUpdateDate(value: string, today: string): { ok: true; date: string } | { ok: false; message: string } {
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (iso && iso[7]) {
    const t = new Date(value.replace(' ', 'T'));
    if (Number.isNaN(t.getTime())) return { ok: false, message: `date_maj "${value}" is not a date` };
    [y, m, d] = parisDate(t).split('-').map(Number) as [number, number, number];
  } else if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (fr) {
    [d, m, y] = [Number(fr[1]), Number(fr[2]), Number(fr[3])];
  } else {
    return { ok: false, message: `date_maj "${value}" is not YYYY-MM-DD` };
  }
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return { ok: false, message: `date_maj "${value}" is not a real date` };
  const date = t.toISOString().slice(0, 10);
  if (y < 2000) return { ok: false, message: `date_maj "${value}" is before 2000 (a placeholder?)` };
  if (date > today) return { ok: false, message: `date_maj "${value}" is in the future` };
  return { ok: true, date };
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const NO_PUBLIC = ModaliteAcces.PasDePublic.toLowerCase().replace(/[’']/g, "'");

/** Fields whose problems this import already reports (or tolerates) itself. */
const OWN_CHECKS = new Set(['id', 'nom', 'voie', 'code_postal', 'code_insee', 'commune', 'services', 'telephone']);

/** The ANCT model's first complaint about the record, for fields the bot does not use. */
function anctComplaint(fields: Record<string, string>, services: string[]): string | undefined {
  const num = (v: string | undefined): number | undefined => (v === undefined || Number.isNaN(Number(v.replace(',', '.'))) ? undefined : Number(v.replace(',', '.')));
  const multi = (v: string | undefined): string | undefined => (v === undefined ? undefined : splitValues(v).join('|'));
  const record: SchemaLieuMediationNumerique = {
    id: fields.id ?? '',
    nom: fields.nom ?? '',
    pivot: fields.pivot ?? '',
    commune: fields.commune ?? '',
    code_postal: fields.code_postal ?? '',
    adresse: fields.adresse ?? '',
    date_maj: fields.date_maj ?? '',
    ...(fields.code_insee !== undefined && { code_insee: fields.code_insee }),
    ...(num(fields.latitude) !== undefined && { latitude: num(fields.latitude) }),
    ...(num(fields.longitude) !== undefined && { longitude: num(fields.longitude) }),
  };
  const optional = [
    'complement_adresse', 'typologie', 'telephone', 'courriels', 'site_web', 'horaires', 'presentation_resume', 'presentation_detail', 'source',
    'itinerance', 'structure_parente', 'services', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge',
    'dispositif_programmes_nationaux', 'formations_labels', 'autres_formations_labels', 'modalites_acces', 'modalites_accompagnement',
    'fiche_acces_libre', 'prise_rdv',
  ] as const;
  const multiValued = new Set<string>(['typologie', 'courriels', 'site_web', 'services', 'itinerance', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge', 'dispositif_programmes_nationaux', 'formations_labels', 'modalites_acces', 'modalites_accompagnement']);
  for (const k of optional) {
    const v = multiValued.has(k) ? multi(fields[k]) : fields[k];
    if (v !== undefined) record[k] = v;
  }
  // The services as read (0.x names translated, unknown ones dropped and noted already), so the
  // model goes on to check the fields after them.
  if (services.length > 0) record.services = services.join('|');
  else delete record.services;
  try {
    fromSchemaLieuDeMediationNumerique(record);
    return undefined;
  } catch (err) {
    if (err instanceof ModelError) {
      const key = String((err as ModelError<string>).key);
      return OWN_CHECKS.has(key) ? undefined : `${key}: ${err.message}`;
    }
    return `${(err as Error).message || 'refused'}`;
  }
}

export function importRecords(file: ReadFile, opts: ImportOptions): ImportReport {
  const today = opts.today ?? parisDate(new Date());
  const skipped = new Map<SkipReason, RowIssue[]>();
  const notes = new Map<NoteKind, RowIssue[]>();
  const skip = (reason: SkipReason, issue: RowIssue): void => {
    skipped.set(reason, [...(skipped.get(reason) ?? []), issue]);
  };
  const note = (kind: NoteKind, issue: RowIssue): void => {
    notes.set(kind, [...(notes.get(kind) ?? []), issue]);
  };
  let outside = 0;

  for (const m of file.malformed) skip('malformed-row', { where: m.where, detail: m.message });

  const kept: Array<{ place: HelpPlace; where: string }> = [];
  for (const record of file.records) {
    const r = checkRecord(record, opts, today);
    if (r.kind === 'outside') outside++;
    else if (r.kind === 'skip') skip(r.reason, { where: record.where, ...(record.fields.id && { id: record.fields.id }), detail: r.detail });
    else {
      for (const n of r.notes) note(n.kind, { where: record.where, id: r.place.id, detail: n.detail });
      kept.push({ place: r.place, where: record.where });
    }
  }

  // One place per id: the most recent date_maj (the first row on a tie).
  const byId = new Map<string, { place: HelpPlace; where: string }>();
  for (const k of kept) {
    const prev = byId.get(k.place.id);
    if (!prev) byId.set(k.place.id, k);
    else {
      const [winner, loser] = k.place.updatedAt > prev.place.updatedAt ? [k, prev] : [prev, k];
      byId.set(k.place.id, winner);
      skip('duplicate-id', { where: loser.where, id: loser.place.id, detail: `id "${loser.place.id}" is also at ${winner.where}` });
    }
  }
  const places = [...byId.values()].map((k) => k.place).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const counts = new Map<string, { commune: string; inseeCode: string; count: number }>();
  for (const p of places) {
    const c = counts.get(p.inseeCode) ?? { commune: p.commune, inseeCode: p.inseeCode, count: 0 };
    c.count++;
    counts.set(p.inseeCode, c);
  }
  const byCommune = [...counts.values()].sort((a, b) => b.count - a.count || (a.commune < b.commune ? -1 : 1));
  return { rows: file.records.length + file.malformed.length, places, skipped, notes, outside, byCommune };
}

type Checked =
  | { kind: 'outside' }
  | { kind: 'skip'; reason: SkipReason; detail: string }
  | { kind: 'place'; place: HelpPlace; notes: Array<{ kind: NoteKind; detail: string }> };

function checkRecord(record: SourceRecord, opts: ImportOptions, today: string): Checked {
  const f = record.fields;
  const { index, filter } = opts;
  if (filter && !mayBeInArea(index, filter, { insee: f.code_insee, postalCode: f.code_postal })) return { kind: 'outside' };
  const skip = (reason: SkipReason, detail: string): Checked => ({ kind: 'skip', reason, detail });

  if (!f.id) return skip('missing-id', 'no id');
  if (!f.nom) return skip('missing-name', 'no nom');
  if (!f.adresse) return skip('missing-address', 'no adresse');
  const where = resolveCommune(index, { insee: f.code_insee, postalCode: f.code_postal, name: f.commune });
  if (!where.ok) return skip(where.problem, where.message);
  if (filter && !inArea(filter, where.commune, where.postalCode)) return { kind: 'outside' };
  if (!f.source) return skip('missing-source', 'no source');
  if (!f.date_maj) return skip('missing-date', 'no date_maj');
  const date = parseUpdateDate(f.date_maj, today);
  if (!date.ok) return skip('bad-date', date.message);
  if (splitValues(f.modalites_acces).some((v) => v.toLowerCase().replace(/[’']/g, "'") === NO_PUBLIC)) {
    return skip('no-public', `modalites_acces says "${ModaliteAcces.PasDePublic}"`);
  }

  const notes: Array<{ kind: NoteKind; detail: string }> = [];
  if (where.note) notes.push({ kind: 'cedex', detail: where.note });

  let hours: string | undefined;
  if (f.horaires) {
    const error = openingHoursError(f.horaires);
    if (error) notes.push({ kind: 'bad-hours', detail: `horaires "${short(f.horaires, 60)}": ${short(error.split('; ')[0] ?? error, 140)}` });
    else {
      // The library also reads near-misses ("lundi 9h-12h"), with warnings: keep them as it
      // understood them, written in OpenStreetMap syntax ("Mo 09:00-12:00"), and say so.
      const parsed = openingHours(f.horaires);
      hours = parsed.getWarnings().length > 0 ? parsed.prettifyValue() : f.horaires;
      if (hours !== f.horaires) notes.push({ kind: 'hours-rewritten', detail: `horaires "${short(f.horaires, 60)}" read as "${short(hours, 60)}"` });
    }
  }

  let phone: string | undefined;
  if (f.telephone) {
    phone = splitValues(f.telephone).find((p) => isValidTelephone(p));
    if (!phone) notes.push({ kind: 'bad-phone', detail: `telephone "${f.telephone}"` });
  }

  let website: string | undefined;
  if (f.site_web) {
    website = splitValues(f.site_web).find((u) => /^https?:\/\//i.test(u) && isValidUrl(u));
    if (!website) notes.push({ kind: 'bad-website', detail: `site_web "${f.site_web}"` });
  }

  const services: string[] = [];
  for (const value of splitValues(f.services)) {
    const s = standardService(value);
    if (s === undefined) notes.push({ kind: 'unknown-service', detail: `services "${value}"` });
    else if (!services.includes(s)) services.push(s);
  }

  const complaint = anctComplaint(f, services);
  if (complaint) notes.push({ kind: 'not-conform', detail: complaint });

  const place: HelpPlace = {
    id: f.id,
    name: f.nom,
    commune: where.commune.name,
    inseeCode: where.commune.code,
    postalCode: where.postalCode,
    address: f.complement_adresse ? `${f.adresse}, ${f.complement_adresse}` : f.adresse,
    ...(phone !== undefined && { phone }),
    ...(website !== undefined && { website }),
    ...(hours !== undefined && { hours }),
    services,
    source: f.source,
    updatedAt: date.date,
    origin: 'import',
  };
  return { kind: 'place', place, notes };
}

// ---------------------------------------------------------------------------------------------
// The data file.

export interface ImportedPlacesFile {
  standard: string;
  /** Version of the standard the imported file's columns follow: "1.x", "0.x" or "unknown". */
  standardVersion: string;
  /** The imported file's name (without its folder). */
  importedFrom: string;
  /** SHA-256 of the imported file's bytes. */
  sha256: string;
  /** The `--communes` filter, when one was given: INSEE codes, and postal codes as "cp:59100". */
  communes?: string[];
  places: HelpPlace[];
}

/** Same input, same bytes: fixed key order, places sorted by id, no import time. */
export function importedPlacesJson(file: Omit<ImportedPlacesFile, 'standard'>): string {
  const ordered: ImportedPlacesFile = {
    standard: STANDARD_NAME,
    standardVersion: file.standardVersion,
    importedFrom: file.importedFrom,
    sha256: file.sha256,
    ...(file.communes !== undefined && { communes: file.communes }),
    places: [...file.places]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((p) => ({
        id: p.id,
        name: p.name,
        commune: p.commune,
        inseeCode: p.inseeCode,
        postalCode: p.postalCode,
        address: p.address,
        ...(p.phone !== undefined && { phone: p.phone }),
        ...(p.website !== undefined && { website: p.website }),
        ...(p.hours !== undefined && { hours: p.hours }),
        services: p.services,
        source: p.source,
        updatedAt: p.updatedAt,
        origin: p.origin,
      })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export function filterCodes(filter: CommuneFilter | undefined): string[] | undefined {
  if (!filter) return undefined;
  return [...[...filter.insee].sort(), ...[...filter.postal].sort().map((p) => `cp:${p}`)];
}

// ---------------------------------------------------------------------------------------------
// The summary the command prints.

const FIRST = 5;

function whereList(issues: RowIssue[]): string {
  const shown = issues.slice(0, FIRST).map((i) => i.where.replace(/^(line|record) /, ''));
  const unit = issues[0]?.where.startsWith('record') ? (issues.length > 1 ? 'records' : 'record') : issues.length > 1 ? 'lines' : 'line';
  return `${unit} ${shown.join(', ')}${issues.length > FIRST ? ', …' : ''}`;
}

export function summaryLines(report: ImportReport, opts: { verbose?: boolean } = {}): string[] {
  const out: string[] = [];
  const total = (m: Map<string, RowIssue[]>): number => [...m.values()].reduce((n, l) => n + l.length, 0);
  out.push(`Rows read: ${report.rows}`);
  if (report.outside > 0) out.push(`Outside --communes (not checked): ${report.outside}`);
  out.push(`Imported: ${report.places.length}`);
  out.push(`Skipped: ${total(report.skipped)}`);
  for (const [reason, label] of Object.entries(SKIP_REASONS) as Array<[SkipReason, string]>) {
    const issues = report.skipped.get(reason);
    if (!issues?.length) continue;
    out.push(`  ${label}: ${issues.length} (${whereList(issues)})`);
    for (const i of issues.slice(0, opts.verbose ? issues.length : 1)) out.push(`      ${i.where}${i.id ? ` (id ${i.id})` : ''}: ${i.detail}`);
  }
  const noted = total(report.notes);
  if (noted > 0) {
    out.push(`Kept with a note: ${noted}`);
    for (const [kind, label] of Object.entries(NOTE_KINDS) as Array<[NoteKind, string]>) {
      const issues = report.notes.get(kind);
      if (!issues?.length) continue;
      out.push(`  ${label}: ${issues.length} (${whereList(issues)})`);
      for (const i of issues.slice(0, opts.verbose ? issues.length : 1)) out.push(`      ${i.where}${i.id ? ` (id ${i.id})` : ''}: ${i.detail}`);
    }
  }
  if (report.byCommune.length > 0) {
    out.push('By commune:');
    for (const c of report.byCommune) out.push(`  ${c.commune} (${c.inseeCode}): ${c.count}`);
  }
  return out;
}
