// Reads the data file `npm run places:import` writes (flows/data/places-imported.json), for the bot
// and for `npm run flows:check`. No file means no imported places, and no error. Problems are
// DataErrors (file:line: field: message) naming the place's id; `checkImportedPlaces` adds what the
// JSON shape cannot say: a commune not in the official list, a postal code of another commune,
// hours the opening_hours library refuses, the same id twice.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatPath, type DataError } from '../data/load-yaml.js';
import { openingHoursError } from '../dates/opening-hours.js';
import { communeIndex, resolveCommune } from './communes.js';
import { IMPORTED_PLACES_FILE, type HelpPlace } from './model.js';
import { jsonErrorLine, jsonErrorMessage } from './read.js';

const text = z.string().trim().min(1, 'must not be empty');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date');

export const helpPlaceSchema = z.object({
  id: text,
  name: text,
  commune: text,
  inseeCode: z.string().regex(/^(?:[013-9]\d|2[AB1-9])\d{3}$/, 'must be an INSEE code (5 characters)'),
  postalCode: z.string().regex(/^\d{5}$/, 'must be 5 digits'),
  address: text,
  phone: text.optional(),
  website: z.string().regex(/^https?:\/\/\S+$/, 'must start with http:// or https://').optional(),
  hours: text.optional(),
  services: z.array(text),
  source: z.string({ error: 'is missing: every imported place says where it comes from' }).trim().min(1, 'must not be empty: every imported place says where it comes from'),
  updatedAt: day,
  origin: z.literal('import', { error: 'must be "import" in the imported file' }),
}) satisfies z.ZodType<HelpPlace>;

export const importedPlacesFileSchema = z.object({
  standard: z.string(),
  standardVersion: z.string().optional(),
  importedFrom: z.string(),
  sha256: z.string().optional(),
  importedAt: z.string().optional(),
  communes: z.array(z.string()).optional(),
  places: z.array(z.unknown()),
});

export interface ImportedPlaces {
  places: HelpPlace[];
  errors: DataError[];
}

/** Line of `"key": ` after a place's id in the file as written (id first in each place); 1 when unknown. */
function locator(source: string): (id: string | undefined, key?: string) => number {
  const lineAt = (pos: number): number => source.slice(0, pos).split('\n').length;
  return (id, key) => {
    const start = id === undefined ? -1 : source.indexOf(`"id": ${JSON.stringify(id)}`);
    if (start < 0) return 1;
    if (key === undefined || key === 'id') return lineAt(start);
    const next = source.indexOf('"id": ', start + 1);
    const at = source.indexOf(`"${key}": `, start);
    return at >= 0 && (next < 0 || at < next) ? lineAt(at) : lineAt(start);
  };
}

/** The places of `<dataDir>/places-imported.json`; each broken place is an error and is left out. */
export function loadImportedPlaces(dataDir: string): ImportedPlaces {
  const file = join(dataDir, IMPORTED_PLACES_FILE);
  if (!existsSync(file)) return { places: [], errors: [] };
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    return { places: [], errors: [{ file, line: 1, path: '(file)', message: `cannot read: ${(err as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (err) {
    const message = jsonErrorMessage(err);
    return { places: [], errors: [{ file, line: jsonErrorLine(source) ?? 1, path: '(syntax)', message: `not valid JSON (${message}); run npm run places:import again` }] };
  }
  const header = importedPlacesFileSchema.safeParse(json);
  if (!header.success) {
    return { places: [], errors: header.error.issues.map((i) => ({ file, line: 1, path: formatPath(i.path), message: i.message })) };
  }
  const lineOf = locator(source);
  const places: HelpPlace[] = [];
  const errors: DataError[] = [];
  header.data.places.forEach((raw, i) => {
    const parsed = helpPlaceSchema.safeParse(raw);
    if (parsed.success) {
      places.push(parsed.data);
      return;
    }
    const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === undefined ? undefined : String(issue.path[0]);
      errors.push({ file, line: lineOf(id, field), path: formatPath(['places', i, ...issue.path]), message: `${id === undefined ? '' : `place "${id}": `}${issue.message}` });
    }
  });
  return { places, errors };
}

/** `npm run flows:check` (src/cli/flows-check.ts): the imported places file, when there is one. At start-up only `loadImportedPlaces` runs, and a broken place is left out with a warning (src/rights/feature.ts). */
export function checkImportedPlaces(dataDir: string): DataError[] {
  const file = join(dataDir, IMPORTED_PLACES_FILE);
  const { places, errors } = loadImportedPlaces(dataDir);
  if (places.length === 0) return errors;
  const lineOf = locator(readFileSync(file, 'utf8'));
  const index = communeIndex();
  const seen = new Set<string>();
  const err = (p: HelpPlace, field: keyof HelpPlace, message: string): DataError => ({
    file,
    line: lineOf(p.id, field),
    path: `places[id=${p.id}].${field}`,
    message: `place "${p.id}": ${message}`,
  });
  for (const p of places) {
    const where = resolveCommune(index, { insee: p.inseeCode, postalCode: p.postalCode });
    if (!where.ok) errors.push(err(p, where.problem === 'unknown-commune' ? 'inseeCode' : 'postalCode', where.message.replace('code_insee', 'inseeCode').replace(/code_postal/g, 'postalCode')));
    else if (where.commune.code !== p.inseeCode) errors.push(err(p, 'inseeCode', `${p.inseeCode} is not a current commune's code (now ${where.commune.name}, ${where.commune.code})`));
    else if (where.commune.name !== p.commune) errors.push(err(p, 'commune', `"${p.commune}" is not the official name of ${p.inseeCode} ("${where.commune.name}")`));
    if (p.hours !== undefined) {
      const error = openingHoursError(p.hours);
      if (error) errors.push(err(p, 'hours', `hours "${p.hours}" are not OpenStreetMap opening_hours: ${error}`));
    }
    if (seen.has(p.id)) errors.push(err(p, 'id', 'the same id appears more than once'));
    seen.add(p.id);
  }
  return errors;
}
