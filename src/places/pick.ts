// Which places to show: those of the person's area that offer the help they need, open ones first,
// three at most. Hand-written places (a centre's own facts) win over imported ones for the same
// place (same name and commune, compared without case, accents, punctuation or spaces).
import { normalise } from '../i18n/words.js';
import { hoursNow, type HoursNow } from './describe-hours.js';
import type { HelpPlace } from './model.js';
import { inArea, nameKey, type Area } from './town.js';

/**
 * The `services` values of the national standard of digital-help places (La MedNum / ANCT,
 * github.com/LaMednum/standard-mediation-num, schema.json v1.0.2, field `services`).
 */
export const STANDARD_SERVICES = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Parentalité et éducation avec le numérique',
  'Loisirs et créations numériques',
  'Compréhension du monde numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
] as const;
export type StandardService = (typeof STANDARD_SERVICES)[number];

export const ADMIN_HELP: StandardService = 'Aide aux démarches administratives';

/**
 * What the person needs: `admin` after the rights result (someone to help with the procedures);
 * `any` from "Lieux près de chez vous": a place that helps with procedures, a computer and the
 * internet, or everyday digital skills (leisure, parenting workshops and buying a computer are not
 * "help" on their own).
 */
export const NEEDS = {
  admin: [ADMIN_HELP],
  any: [ADMIN_HELP, 'Accès internet et matériel informatique', 'Maîtrise des outils numériques du quotidien', 'Utilisation sécurisée du numérique', 'Insertion professionnelle via le numérique'],
} as const satisfies Record<string, readonly StandardService[]>;
export type Need = keyof typeof NEEDS;
export const NEED_IDS = Object.keys(NEEDS) as Need[];

/** A place as the bot may show it: hand-written hours that are not opening_hours syntax stay as text. */
export interface CandidatePlace extends HelpPlace {
  /** Hours as a centre wrote them ("Lundi 13h30–17h…"), shown as they are; never computed. */
  hoursText?: string;
}

const serviceKey = (s: string): string => normalise(s);

/** Whether the place offers what the person needs. Hand-written places are help places by choice. */
export function offers(place: HelpPlace, need: Need): boolean {
  if (need === 'any' && place.origin === 'hand') return true;
  const wanted = new Set<string>(NEEDS[need].map(serviceKey));
  return place.services.some((s) => wanted.has(serviceKey(s)));
}

export function samePlaceKey(place: Pick<HelpPlace, 'name' | 'commune'>): string {
  return `${nameKey(place.name)}|${nameKey(place.commune)}`;
}

/**
 * Hand-written places, then the imported ones that are not the same place as a hand-written one.
 * The hand-written facts win; the imported record's services still count (hand-written entries
 * do not list the standard's services).
 */
export function mergePlaces(hand: readonly CandidatePlace[], imported: readonly HelpPlace[]): CandidatePlace[] {
  const importedByKey = new Map<string, HelpPlace>();
  for (const place of imported) if (!importedByKey.has(samePlaceKey(place))) importedByKey.set(samePlaceKey(place), place);
  const handKeys = new Set<string>();
  const merged: CandidatePlace[] = hand.map((place) => {
    const key = samePlaceKey(place);
    handKeys.add(key);
    const twin = importedByKey.get(key);
    return twin ? { ...place, services: [...new Set([...place.services, ...twin.services])] } : place;
  });
  const seen = new Set<string>();
  for (const place of imported) {
    if (handKeys.has(samePlaceKey(place)) || seen.has(place.id)) continue;
    seen.add(place.id);
    merged.push(place);
  }
  return merged;
}

export interface PickedPlace {
  place: CandidatePlace;
  hours: HoursNow;
}

export const MAX_PLACES = 3;

function rank(p: PickedPlace): number {
  return p.hours.state === 'open' ? 0 : p.hours.state === 'closed' ? 1 : 2;
}

/**
 * At most `max` places of the area offering what is needed: open now first (the one open longest
 * first), then closed ones by their next opening, then those with unknown hours; hand-written
 * before imported, then by name.
 */
export function pickPlaces(places: readonly CandidatePlace[], area: Area, need: Need, now: Date, timeZone: string, max = MAX_PLACES): PickedPlace[] {
  const far = Number.MAX_SAFE_INTEGER;
  const when = (p: PickedPlace): number => {
    if (p.hours.state === 'open') return -(p.hours.until?.getTime() ?? far);
    if (p.hours.state === 'closed') return p.hours.next?.getTime() ?? far;
    return 0;
  };
  return places
    .filter((place) => inArea(place, area) && offers(place, need))
    .map((place) => ({ place, hours: hoursNow(place.hours, now, timeZone) }))
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        when(a) - when(b) ||
        Number(b.place.origin === 'hand') - Number(a.place.origin === 'hand') ||
        a.place.name.localeCompare(b.place.name, 'fr'),
    )
    .slice(0, max);
}
