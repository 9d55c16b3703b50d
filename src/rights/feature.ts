// The "accès aux droits" feature: loads flows/data/{rights,eservices,places}.yaml once, when the
// app is built, and gives the droits, lieux and demarches flows their actions. Broken data stops
// the start with every problem as file:line, like a broken flow does.
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { formatDataError } from '../data/load-yaml.js';
import { declareFeature, type FeatureFactory } from '../core/feature.js';
import { hasText } from '../i18n/locales.js';
import { RIGHTS_ACTIONS, rightsActions } from './actions.js';
import { loadRightsData, staleEntries } from './load.js';

export class RightsDataError extends ConfigError {
  constructor(readonly errors: ReturnType<typeof formatDataError>[]) {
    super(`${errors.length} problem(s) in the rights data:\n${errors.join('\n')}`);
    this.name = 'RightsDataError';
  }
}

export const rightsFeature: FeatureFactory = declareFeature({ name: 'rights', actions: RIGHTS_ACTIONS }, ({ config, content, log }) => {
  const loaded = loadRightsData(join(config.FLOWS_DIR, 'data'));
  if (!loaded.ok) throw new RightsDataError(loaded.errors.map(formatDataError));
  const stale = staleEntries(loaded.value, new Date(), config.RIGHTS_MAX_AGE_DAYS).length;
  if (stale > 0) log.warn({ stale, maxAgeDays: config.RIGHTS_MAX_AGE_DAYS }, 'rights data has facts to check again at their source (npm run flows:check lists them)');
  return { name: 'rights', actions: rightsActions(loaded.value, (key) => hasText(content.texts, key)) };
});
