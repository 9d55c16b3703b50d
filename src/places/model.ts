// A help place as the bot uses it, whatever its origin: imported from the national open data of
// digital-help places (standard "Schéma de données des lieux de médiation numérique", La MedNum /
// ANCT; `npm run places:import`) or written by hand by a centre (flows/data/places.yaml, which wins
// for the same place). Every fact has the source and the date of the record it came from.
export interface HelpPlace {
  /** Stable id: the standard's `id` for imported places, the hand-written id otherwise. */
  id: string;
  name: string;
  /** Commune name as the official list writes it (e.g. "Roubaix"), its INSEE code and postal code. */
  commune: string;
  inseeCode: string;
  postalCode: string;
  /** Street address (and complement), as the source gives it. */
  address: string;
  phone?: string;
  website?: string;
  /** OpenStreetMap opening_hours syntax (src/dates/opening-hours.ts reads it); absent = unknown. */
  hours?: string;
  /** The standard's service values, e.g. "Aide aux démarches administratives". */
  services: string[];
  /** Where the record comes from (the standard's `source`, or a URL for hand-written entries). */
  source: string;
  /** The record's last update (the standard's `date_maj`), YYYY-MM-DD. */
  updatedAt: string;
  origin: 'import' | 'hand';
}

/** The data file `npm run places:import` writes and the bot loads. */
export const IMPORTED_PLACES_FILE = 'places-imported.json';
