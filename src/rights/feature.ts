// The "accès aux droits" feature: loads flows/data/{rights,eservices,places}.yaml and the imported
// places (places-imported.json) once, when the app is built, and gives the droits, lieux and
// demarches flows their actions. Broken YAML data stops the start with every problem as
// file:line, like a broken flow does.
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { formatDataError } from '../data/load-yaml.js';
import { declareFeature, type FeatureFactory } from '../core/feature.js';
import { hasText, LOCALES, translate } from '../i18n/locales.js';
import { loadImportedPlaces } from '../places/load.js';
import { KNOWN_TOWN_IDS } from '../places/town.js';
import { RIGHTS_ACTIONS, rightsActions } from './actions.js';
import { loadRightsData, staleEntries } from './load.js';
import { helpPlaces, type ImportedPlacesLoader } from './places.js';

export class RightsDataError extends ConfigError {
  constructor(readonly errors: ReturnType<typeof formatDataError>[]) {
    super(`${errors.length} problem(s) in the rights data:\n${errors.join('\n')}`);
    this.name = 'RightsDataError';
  }
}

/** The feature, reading the imported places with `loadImported` (tests give their own places). */
export function createRightsFeature(loadImported: ImportedPlacesLoader): FeatureFactory {
  return declareFeature({ name: 'rights', actions: RIGHTS_ACTIONS }, ({ config, content, log, usage }) => {
    const dataDir = join(config.FLOWS_DIR, 'data');
    const loaded = loadRightsData(dataDir);
    if (!loaded.ok) throw new RightsDataError(loaded.errors.map(formatDataError));
    const stale = staleEntries(loaded.value, new Date(), config.RIGHTS_MAX_AGE_DAYS).length;
    if (stale > 0) log.warn({ stale, maxAgeDays: config.RIGHTS_MAX_AGE_DAYS }, 'rights data has facts to check again at their source (npm run flows:check lists them)');
    // Imported places are a bonus: a problem there leaves the hand-written places and the directory.
    const imported = loadImported(dataDir);
    if (imported.errors.length > 0) {
      const first = imported.errors[0];
      log.warn({ errors: imported.errors.length, loaded: imported.places.length, first: first && formatDataError(first) }, 'some imported places could not be read (npm run flows:check lists them)');
    }
    const places = helpPlaces(loaded.value.places.value.places, imported.places);
    const townNames = new Map(KNOWN_TOWN_IDS.map((id) => [id, LOCALES.map((l) => translate(content.texts, l, `droits.places.town.${id}`))]));
    log.debug({ places: places.length, imported: imported.places.length }, 'places to go loaded');
    return {
      name: 'rights',
      actions: rightsActions(loaded.value, (key) => hasText(content.texts, key), { places, timeZone: config.BOT_TIMEZONE, townNames, usage }),
    };
  });
}

/** The bot's: flows/data/places-imported.json, written by `npm run places:import`. */
export const rightsFeature: FeatureFactory = createRightsFeature(loadImportedPlaces);
