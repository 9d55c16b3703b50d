// Loads the three "accès aux droits" data files and reports what needs a human: stale facts
// (to re-check at the source) and place fields nobody has filled in yet. Warnings use the same
// file:line shape as load errors so people editing the YAML can jump straight to the line.
import { join } from 'node:path';
import { formatPath, loadYamlFile, type DataError, type LineLocator } from '../data/load-yaml.js';
import {
  PLACE_FIELDS,
  eservicesFileSchema,
  placesFileSchema,
  rightsFileSchema,
  type EservicesFile,
  type PlaceFieldValue,
  type PlacesFile,
  type RightsFile,
} from './schema.js';

export const RIGHTS_FILE = 'rights.yaml';
export const ESERVICES_FILE = 'eservices.yaml';
export const PLACES_FILE = 'places.yaml';

export interface LoadedFile<T> {
  file: string;
  value: T;
  lines: LineLocator;
}

export interface RightsData {
  rights: LoadedFile<RightsFile>;
  eservices: LoadedFile<EservicesFile>;
  places: LoadedFile<PlacesFile>;
}

/** Same shape as a load error; format with formatDataError for a one-line message. */
export type DataWarning = DataError;

export type RightsDataResult = { ok: true; value: RightsData } | { ok: false; errors: DataError[] };

export function loadRightsData(dir = 'flows/data'): RightsDataResult {
  const rightsFile = join(dir, RIGHTS_FILE);
  const eservicesFile = join(dir, ESERVICES_FILE);
  const placesFile = join(dir, PLACES_FILE);
  const rights = loadYamlFile(rightsFile, rightsFileSchema);
  const eservices = loadYamlFile(eservicesFile, eservicesFileSchema);
  const places = loadYamlFile(placesFile, placesFileSchema);
  // Report every file's problems at once rather than stopping at the first broken file.
  const errors = [rights, eservices, places].flatMap((r) => (r.ok ? [] : r.errors));
  if (!rights.ok || !eservices.ok || !places.ok) return { ok: false, errors };
  return {
    ok: true,
    value: {
      rights: { file: rightsFile, value: rights.value, lines: rights.lines },
      eservices: { file: eservicesFile, value: eservices.value, lines: eservices.lines },
      places: { file: placesFile, value: places.value, lines: places.lines },
    },
  };
}

interface Dated {
  id: string;
  path: (string | number)[];
  verified: string;
  source: string;
}

/** Every dated fact in the data, with its path in its file. */
function datedFacts(data: RightsData): { loaded: LoadedFile<unknown>; facts: Dated[] }[] {
  const r = data.rights.value;
  const e = data.eservices.value;
  const p = data.places.value;
  const fieldFacts = (id: string, base: (string | number)[], fields: Record<string, PlaceFieldValue>): Dated[] =>
    Object.entries(fields).flatMap(([name, f]) => (f ? [{ id: `${id}.${name}`, path: [...base, name], verified: f.verified, source: f.source }] : []));
  return [
    {
      loaded: data.rights,
      facts: [
        ...r.rights.map((x, i) => ({ id: x.id, path: ['rights', i], verified: x.verified, source: x.source })),
        ...r.simulators.map((x, i) => ({ id: x.id, path: ['simulators', i], verified: x.verified, source: x.source })),
      ],
    },
    { loaded: data.eservices, facts: e.eservices.map((x, i) => ({ id: x.id, path: ['eservices', i], verified: x.verified, source: x.source })) },
    {
      loaded: data.places,
      facts: [
        ...p.places.flatMap((x, i) => [
          { id: x.id, path: ['places', i], verified: x.verified, source: x.source },
          ...fieldFacts(x.id, ['places', i], { address: x.address, phone: x.phone, hours: x.hours, website: x.website, services: x.services }),
        ]),
        ...p.national.flatMap((x, i) => [
          { id: x.id, path: ['national', i], verified: x.verified, source: x.source },
          ...fieldFacts(x.id, ['national', i], { phone: x.phone, website: x.website, hours: x.hours }),
        ]),
      ],
    },
  ];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Facts verified more than maxAgeDays before `now`: they must be checked again at the source. */
export function staleEntries(data: RightsData, now: Date, maxAgeDays: number): DataWarning[] {
  const warnings: DataWarning[] = [];
  for (const { loaded, facts } of datedFacts(data)) {
    for (const fact of facts) {
      // Dates are calendar days: compare at UTC midnight so the time of day does not matter.
      const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
      const age = Math.floor((today - Date.parse(`${fact.verified}T00:00:00Z`)) / DAY_MS);
      if (age <= maxAgeDays) continue;
      warnings.push({
        file: loaded.file,
        line: loaded.lines([...fact.path, 'verified']),
        path: formatPath(fact.path),
        message: `${fact.id}: verified ${fact.verified}, ${age} days ago (limit ${maxAgeDays}): check it again at ${fact.source}`,
      });
    }
  }
  return warnings;
}

/** One warning per place that still has empty fields, to hand to the centres. */
export function missingPlaceFields(data: RightsData): DataWarning[] {
  const { file, value, lines } = data.places;
  return value.places.flatMap((place, i) => {
    const missing = PLACE_FIELDS.filter((f) => place[f] === null);
    if (missing.length === 0) return [];
    return [
      {
        file,
        line: lines(['places', i]),
        path: formatPath(['places', i]),
        message: `${place.id} (${place.name}): no verified ${missing.join(', ')} yet; to be filled in by a centre, with source and date`,
      },
    ];
  });
}
