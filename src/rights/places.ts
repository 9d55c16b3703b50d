// The places the "lieux" and "droits" flows can show, as HelpPlace (src/places/model.ts): the
// hand-written entries of flows/data/places.yaml that have an address (the others are not places
// to go: the bot gives the national numbers and the official directory instead), merged with the
// imported national open data, the hand-written facts winning for the same place.
import type { DataError } from '../data/load-yaml.js';
import { openingHours, openingHoursError } from '../dates/opening-hours.js';
import type { HelpPlace } from '../places/model.js';
import { ADMIN_HELP, mergePlaces, type CandidatePlace, type StandardService } from '../places/pick.js';
import { KNOWN_TOWNS } from '../places/town.js';
import type { Place, PlaceFieldValue, PlaceKind } from './schema.js';

/** What the importer's loader gives (src/places/load.ts: `loadImportedPlaces(dataDir)`); tests give their own. */
export type ImportedPlacesLoader = (dataDir: string) => { places: HelpPlace[]; errors: readonly DataError[] };

/**
 * The standard's services a hand-written place offers by what it is: public offices and social
 * centres help with procedures (that is their job, or the "centres sociaux connectés" project's);
 * for the other kinds nothing is assumed.
 */
const KIND_SERVICES: Record<PlaceKind, readonly StandardService[]> = {
  social_centre: [ADMIN_HELP],
  france_services: [ADMIN_HELP],
  caf: [ADMIN_HELP],
  cpam: [ADMIN_HELP],
  france_travail: [ADMIN_HELP],
  ccas: [ADMIN_HELP],
  partner_point: [ADMIN_HELP],
  youth: [],
  digital: [],
};

/** "Faches-Thumesnil (près de Lille-Sud)" → "Faches-Thumesnil". */
function communeOf(place: Place): { commune: string; inseeCode: string } | undefined {
  const town = KNOWN_TOWNS.find((t) => t.id === place.town);
  if (town) return { commune: town.name, inseeCode: town.inseeCode };
  const area = place.area?.replace(/\s*\(.*$/, '').trim();
  return area ? { commune: area, inseeCode: '' } : undefined;
}

/** A hand-written place with an address, as the bot shows it; undefined without an address. */
export function handPlace(place: Place): CandidatePlace | undefined {
  if (!place.address) return undefined;
  const where = communeOf(place);
  if (!where) return undefined;
  const shown: NonNullable<PlaceFieldValue>[] = [place.address, place.phone, place.hours, place.website].filter((f): f is NonNullable<PlaceFieldValue> => f !== null);
  const hours = place.hours?.value;
  // Hours in strict opening_hours syntax are computed; a centre's own words ("Lundi 13h30–17h…",
  // which the library would half-read with warnings) are shown as they are.
  const computable = hours !== undefined && openingHoursError(hours) === undefined && openingHours(hours).getWarnings().length === 0;
  return {
    id: place.id,
    name: place.name,
    commune: where.commune,
    inseeCode: where.inseeCode,
    // Only when the address itself gives it: never guessed from the town.
    postalCode: /\b(\d{5})\b/.exec(place.address.value)?.[1] ?? '',
    address: place.address.value,
    ...(place.phone ? { phone: place.phone.value } : {}),
    ...(place.website ? { website: place.website.value } : {}),
    ...(computable ? { hours } : {}),
    ...(hours !== undefined && !computable ? { hoursText: hours } : {}),
    services: [...KIND_SERVICES[place.kind]],
    source: place.source,
    // The oldest of the facts shown: the whole entry is only as fresh as that.
    updatedAt: shown.map((f) => f.verified).sort()[0] ?? place.verified,
    origin: 'hand',
  };
}

/** Every place the bot may show, loaded once at start. */
export function helpPlaces(places: readonly Place[], imported: readonly HelpPlace[]): CandidatePlace[] {
  const hand = places.flatMap((p) => handPlace(p) ?? []);
  return mergePlaces(hand, imported);
}
