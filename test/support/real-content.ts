// The real flows and texts, loaded once per test file, and a shortcut to read a text.
import { ContentError, loadContent, type Content } from '../../src/content.js';
import { translate, type Locale } from '../../src/i18n/locales.js';
import { loadCatalogue, type Procedure } from '../../src/reminders/catalogue.js';
import { FEATURE_ACTIONS } from '../../src/features.js';

let cached: Content | undefined;

export function realContent(): Content {
  if (cached) return cached;
  const { content, errors } = loadContent({ flowsDir: 'flows', localesDir: 'locales', actions: FEATURE_ACTIONS });
  if (errors.length > 0) throw new ContentError(errors);
  cached = content;
  return content;
}

export function text(locale: Locale, key: string, args: Record<string, unknown> = {}): string {
  return translate(realContent().texts, locale, key, args);
}

/** A procedure of the real catalogue (flows/data/procedures.yaml), by id. */
export function procedureById(id: string): Procedure {
  const loaded = loadCatalogue();
  const p = loaded.ok ? loaded.value.procedures.find((x) => x.id === id) : undefined;
  if (!p) throw new Error(`no "${id}" procedure in the catalogue`);
  return p;
}
