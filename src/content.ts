// Loads everything people read and every conversation (locales + flows) and checks it as one.
// Start-up and `npm run flows:check` both use this, so they never disagree.
import { formatDataError, type DataError } from './data/load-yaml.js';
import { loadFlows, type FlowSet } from './engine/load.js';
import { buildWordSets, type WordSets } from './engine/words.js';
import { checkLocales, loadLocales, type Texts } from './i18n/locales.js';
import { checkTextBudget } from './i18n/budget-check.js';
import { loadRightsData } from './rights/load.js';
import { checkHandoffData } from './handoff/check.js';
import { checkCrisisData } from './crisis/check.js';
import { checkProcedures } from './reminders/check.js';

export interface Content {
  flows: FlowSet;
  texts: Texts;
  words: WordSets;
}

export interface ContentCheck {
  content: Content;
  errors: DataError[];
}

/** `dataDir` (usually flows/data): also check the rights, e-services and places data files there. */
/** `actions`: the action names flows may use (`FEATURE_ACTIONS` from src/features.ts for the service). */
export function loadContent(opts: { flowsDir: string; localesDir: string; actions: ReadonlySet<string>; dataDir?: string }): ContentCheck {
  const { texts, errors: localeErrors } = loadLocales(opts.localesDir);
  const { flows, errors: flowErrors } = loadFlows({ dir: opts.flowsDir, texts, actions: opts.actions });
  const rights = opts.dataDir === undefined ? undefined : loadRightsData(opts.dataDir);
  const handoff = opts.dataDir === undefined ? [] : [...checkHandoffData(opts.dataDir), ...checkCrisisData(opts.dataDir, texts), ...checkProcedures(opts.dataDir)];
  const errors = [...localeErrors, ...checkLocales(texts), ...checkTextBudget(texts), ...flowErrors, ...(rights && !rights.ok ? rights.errors : []), ...handoff];
  return { content: { flows, texts, words: buildWordSets(texts) }, errors };
}

export class ContentError extends Error {
  constructor(readonly errors: DataError[]) {
    super(`${errors.length} problem(s) in flows or locales:\n${errors.map(formatDataError).join('\n')}`);
    this.name = 'ContentError';
  }
}
