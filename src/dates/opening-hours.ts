// OpenStreetMap opening_hours, read with the `opening_hours` library, for the Lille area: "PH off"
// (public holidays) needs a country and region to know the holidays, so every spec is parsed with
// the same place (the Nord, Hauts-de-France).
import OpeningHours from 'opening_hours';

const LILLE = { lat: 50.63, lon: 3.06, address: { country_code: 'fr', state: 'Hauts-de-France' } };

const cache = new Map<string, OpeningHours>();

/** Parses (and caches) a spec; throws with the library's message when it is not valid syntax. */
export function openingHours(spec: string): OpeningHours {
  let parsed = cache.get(spec);
  if (!parsed) {
    parsed = new OpeningHours(spec, LILLE);
    cache.set(spec, parsed);
  }
  return parsed;
}

/** The first line of the library's complaint, or undefined when the spec is valid. */
export function openingHoursError(spec: string): string | undefined {
  try {
    openingHours(spec);
    return undefined;
  } catch (err) {
    return String(err).split('\n')[0];
  }
}
