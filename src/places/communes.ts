// The official list of communes (INSEE code, name, postal codes) from `@etalab/decoupage-administratif`
// (its data/communes.json, the COG of the year of the package's version), used to check that an
// imported place's commune, INSEE code and postal code agree, and to read `--communes`.
//
// Only its data file is read: the package's index.js reads its files relative to the working
// directory, so it cannot be imported from another folder.
import { createRequire } from 'node:module';

export interface OfficialCommune {
  /** INSEE code of a current commune ("commune actuelle"), e.g. 59350. */
  code: string;
  /** Its name as the official list writes it, e.g. "Lille". */
  name: string;
  postalCodes: string[];
  population: number;
}

interface RawCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  codesPostaux?: string[];
  population?: number;
  chefLieu?: string;
  commune?: string;
  anciensCodes?: string[];
}

/** A code that is not a current commune's but leads to one (Lomme → Lille, Paris 11e → Paris). */
interface Alias {
  parent: string;
  name: string;
  kind: 'associated commune' | 'delegated commune' | 'municipal arrondissement' | 'former code';
}

export interface CommuneIndex {
  /** The current commune of an INSEE code (itself, or the commune it belongs to now). */
  byCode(code: string): { commune: OfficialCommune; via?: Alias } | undefined;
  /** The current communes that use a postal code (arrondissements count for their city). */
  byPostalCode(postalCode: string): OfficialCommune[];
  /** Names that designate a current commune: its own and those of its associated/delegated communes. */
  namesOf(code: string): string[];
}

let cached: CommuneIndex | undefined;

export function communeIndex(): CommuneIndex {
  cached ??= buildIndex(createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as RawCommune[]);
  return cached;
}

export function buildIndex(raw: readonly RawCommune[]): CommuneIndex {
  const current = new Map<string, OfficialCommune>();
  for (const c of raw) {
    if (c.type === 'commune-actuelle') current.set(c.code, { code: c.code, name: c.nom, postalCodes: c.codesPostaux ?? [], population: c.population ?? 0 });
  }
  const aliases = new Map<string, Alias>();
  const names = new Map<string, string[]>();
  const postal = new Map<string, Set<string>>();
  const addPostal = (pc: string, code: string): void => {
    const set = postal.get(pc) ?? new Set<string>();
    set.add(code);
    postal.set(pc, set);
  };
  for (const c of current.values()) {
    names.set(c.code, [c.name]);
    for (const pc of c.postalCodes) addPostal(pc, c.code);
  }
  for (const c of raw) {
    if (c.type === 'commune-actuelle') {
      for (const old of c.anciensCodes ?? []) if (!current.has(old) && !aliases.has(old)) aliases.set(old, { parent: c.code, name: c.nom, kind: 'former code' });
      continue;
    }
    const parent = c.type === 'arrondissement-municipal' ? c.commune : c.chefLieu;
    if (!parent || !current.has(parent)) continue;
    names.get(parent)?.push(c.nom);
    for (const pc of c.codesPostaux ?? []) addPostal(pc, parent);
    // A delegated commune may share its code with the new commune: the current one wins.
    if (current.has(c.code)) continue;
    const kind = c.type === 'arrondissement-municipal' ? 'municipal arrondissement' : c.type === 'commune-associee' ? 'associated commune' : 'delegated commune';
    aliases.set(c.code, { parent, name: c.nom, kind });
  }
  return {
    byCode(code) {
      const own = current.get(code);
      if (own) return { commune: own };
      const alias = aliases.get(code);
      const commune = alias && current.get(alias.parent);
      return commune && alias ? { commune, via: alias } : undefined;
    },
    byPostalCode(pc) {
      return [...(postal.get(pc) ?? [])].flatMap((code) => current.get(code) ?? []);
    },
    namesOf(code) {
      return names.get(code) ?? [];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Codes and names as files write them.

const INSEE = /^(?:[013-9]\d|2[AB1-9])\d{3}$/;

/** "59350", " 59350 ", 59350, "1053" (a spreadsheet dropped the leading zero) → "01053"; else undefined. */
export function normaliseInsee(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let v = value.replace(/\s+/g, '').toUpperCase();
  if (/^\d{4}$/.test(v)) v = `0${v}`;
  return INSEE.test(v) ? v : undefined;
}

/** "59000", "59 000", "9000" (leading zero dropped) → 5 digits; else undefined. */
export function normalisePostalCode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let v = value.replace(/\s+/g, '');
  if (/^\d{4}$/.test(v)) v = `0${v}`;
  return /^\d{5}$/.test(v) ? v : undefined;
}

/** For comparing commune names: no case, accents, punctuation, "Cedex 9", and "St" is "Saint". */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bcedex(?: \d+)?\b/g, ' ')
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint')
    .replace(/\s+/g, ' ')
    .trim();
}

function department(code: string): string {
  return code.startsWith('2A') || code.startsWith('2B') ? '20' : code.slice(0, code.startsWith('97') ? 3 : 2);
}

// ---------------------------------------------------------------------------------------------
// One place's commune.

export type CommuneProblem = 'bad-postal-code' | 'unknown-commune' | 'insee-postal-mismatch';

export type CommuneResolution =
  | { ok: true; commune: OfficialCommune; postalCode: string; note?: string }
  | { ok: false; problem: CommuneProblem; message: string };

/**
 * The current commune of a place from its `code_insee` (optional in the standard), `code_postal`
 * and `commune` name. With an INSEE code, the postal code must be one of that commune's (a code in
 * no commune's list, in the same department, is kept with a note: a CEDEX). Without one, the postal
 * code decides, and the name chooses when several communes share it.
 */
export function resolveCommune(index: CommuneIndex, input: { insee?: string; postalCode?: string; name?: string }): CommuneResolution {
  const postalCode = normalisePostalCode(input.postalCode);
  if (postalCode === undefined) {
    return { ok: false, problem: 'bad-postal-code', message: input.postalCode ? `code_postal "${input.postalCode}" is not 5 digits` : 'no code_postal' };
  }
  const sharing = index.byPostalCode(postalCode);
  const list = (cs: OfficialCommune[]): string => cs.map((c) => `${c.name} (${c.code})`).join(', ');

  if (input.insee !== undefined) {
    const insee = normaliseInsee(input.insee);
    const found = insee === undefined ? undefined : index.byCode(insee);
    if (!found) return { ok: false, problem: 'unknown-commune', message: `code_insee "${input.insee}" is not a commune in the official list` };
    const { commune } = found;
    if (sharing.some((c) => c.code === commune.code)) return { ok: true, commune, postalCode };
    if (sharing.length > 0) {
      return {
        ok: false,
        problem: 'insee-postal-mismatch',
        message: `code_postal ${postalCode} is that of ${list(sharing)}, not of ${commune.name} (code_insee ${insee})`,
      };
    }
    if (department(postalCode) === department(commune.code)) {
      return { ok: true, commune, postalCode, note: `code_postal ${postalCode} is in no commune's list (a CEDEX code?)` };
    }
    return { ok: false, problem: 'insee-postal-mismatch', message: `code_postal ${postalCode} is not in the department of ${commune.name} (code_insee ${insee})` };
  }

  if (sharing.length === 0) return { ok: false, problem: 'unknown-commune', message: `code_postal ${postalCode} is in no commune's list and there is no code_insee` };
  const key = input.name ? nameKey(input.name) : '';
  // The exact name (or an associated commune's: "Lomme"), else a unique shortened one ("Hellemmes").
  const exact = key ? sharing.filter((c) => index.namesOf(c.code).some((n) => nameKey(n) === key)) : [];
  const shortened = key ? sharing.filter((c) => index.namesOf(c.code).some((n) => nameKey(n).startsWith(`${key} `) || key.startsWith(`${nameKey(n)} `))) : [];
  const named = exact.length > 0 ? exact : shortened;
  if (named.length === 1 && named[0]) return { ok: true, commune: named[0], postalCode };
  if (sharing.length === 1 && sharing[0] && !key) return { ok: true, commune: sharing[0], postalCode };
  if (sharing.length === 1 && sharing[0]) {
    return { ok: false, problem: 'insee-postal-mismatch', message: `commune "${input.name}" does not have code_postal ${postalCode} (that of ${list(sharing)})` };
  }
  return {
    ok: false,
    problem: 'unknown-commune',
    message: `code_postal ${postalCode} is shared by ${list(sharing)}, and ${input.name ? `commune "${input.name}" is none of them` : 'there is no commune name'} (no code_insee)`,
  };
}

// ---------------------------------------------------------------------------------------------
// `--communes 59350,59512,cp:59100`

export interface CommuneFilter {
  /** INSEE codes of current communes: a place of that commune is kept. */
  insee: Set<string>;
  /** Postal codes: a place with that postal code is kept. */
  postal: Set<string>;
  /** One line per code, saying how it was read. */
  described: string[];
}

/**
 * Reads each code as an INSEE code or a postal code. Many codes are both (59350 is Lille's INSEE code
 * and Saint-André-lez-Lille's postal code; 59100 is Roubaix's postal code and Bousignies' INSEE
 * code): the reading that covers more inhabitants wins, and `insee:` or `cp:` in front decides.
 */
export function parseCommuneFilter(index: CommuneIndex, codes: readonly string[]): { ok: true; filter: CommuneFilter } | { ok: false; message: string } {
  const filter: CommuneFilter = { insee: new Set(), postal: new Set(), described: [] };
  for (const raw of codes) {
    const token = raw.trim();
    if (!token) continue;
    const m = /^(insee|cp|postal):(.*)$/i.exec(token);
    const forced = m ? (m[1]?.toLowerCase() === 'insee' ? 'insee' : 'postal') : undefined;
    const value = m ? (m[2] ?? '') : token;
    const insee = forced !== 'postal' ? normaliseInsee(value) : undefined;
    const asCommune = insee === undefined ? undefined : index.byCode(insee);
    const pc = forced !== 'insee' ? normalisePostalCode(value) : undefined;
    const asPostal = pc === undefined ? [] : index.byPostalCode(pc);
    if (!asCommune && asPostal.length === 0) {
      return { ok: false, message: `--communes: "${token}" is neither a commune's INSEE code nor a postal code in the official list` };
    }
    const postalPeople = asPostal.reduce((n, c) => n + c.population, 0);
    const names = asPostal.map((c) => c.name).join(', ');
    if (asCommune && insee && (asPostal.length === 0 || asCommune.commune.population >= postalPeople)) {
      filter.insee.add(asCommune.commune.code);
      const via = asCommune.via ? ` (${asCommune.via.name}, ${asCommune.via.kind})` : '';
      const also = asPostal.length > 0 ? `; also the postal code of ${names}: write cp:${pc} for that` : '';
      filter.described.push(`${token} = ${asCommune.commune.name}${via}, INSEE ${asCommune.commune.code}${also}`);
    } else if (pc) {
      filter.postal.add(pc);
      const also = asCommune ? `; also the INSEE code of ${asCommune.commune.name}: write insee:${insee} for that` : '';
      filter.described.push(`${token} = postal code of ${names}${also}`);
    }
  }
  if (filter.insee.size + filter.postal.size === 0) return { ok: false, message: '--communes: no code given' };
  return { ok: true, filter };
}

/** Loose test before validation: could this row be in the filter's area (so its problems matter)? */
export function mayBeInArea(index: CommuneIndex, filter: CommuneFilter, input: { insee?: string; postalCode?: string }): boolean {
  const insee = normaliseInsee(input.insee);
  const commune = insee === undefined ? undefined : index.byCode(insee)?.commune;
  if (commune && filter.insee.has(commune.code)) return true;
  const pc = normalisePostalCode(input.postalCode);
  if (pc === undefined) return false;
  return filter.postal.has(pc) || index.byPostalCode(pc).some((c) => filter.insee.has(c.code));
}

export function inArea(filter: CommuneFilter, commune: OfficialCommune, postalCode: string): boolean {
  return filter.insee.has(commune.code) || filter.postal.has(postalCode);
}
