// Test content: the fixture flows (test/fixtures/flows) with the real core texts plus the
// fixture texts, assembled in a temp dir so tests do not depend on the real flows' wording.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent, type Content } from '../../src/content.js';
import { formatDataError } from '../../src/data/load-yaml.js';
import { LOCALES } from '../../src/i18n/locales.js';

export interface FixtureDirs {
  flowsDir: string;
  localesDir: string;
}

/** `withoutFlows`: fixture flows to leave out (e.g. one naming a test-only action). */
/** `withFeatures`: real flows (and their texts) to add, e.g. 'donnees' with 'privacy'. */
export function fixtureDirs(withoutFlows: string[] = [], withFeatures: Array<{ flow: string; texts: string }> = []): FixtureDirs {
  const root = mkdtempSync(join(tmpdir(), 'passerelle-content-'));
  const flowsDir = join(root, 'flows');
  const localesDir = join(root, 'locales');
  cpSync('test/fixtures/flows', flowsDir, { recursive: true, filter: (src) => !withoutFlows.some((f) => src.endsWith(`/${f}.yaml`)) });
  for (const locale of LOCALES) {
    cpSync(join('test/fixtures/locales', locale), join(localesDir, locale), { recursive: true });
    cpSync(join('locales', locale, 'core.yaml'), join(localesDir, locale, 'core.yaml'));
    for (const f of withFeatures) cpSync(join('locales', locale, `${f.texts}.yaml`), join(localesDir, locale, `${f.texts}.yaml`));
  }
  for (const f of withFeatures) cpSync(join('flows', `${f.flow}.yaml`), join(flowsDir, `${f.flow}.yaml`));
  // Data files (procedures, rights, places) are the real ones: features load them at start.
  cpSync(join('flows', 'data'), join(flowsDir, 'data'), { recursive: true });
  return { flowsDir, localesDir };
}

export function fixtureContent(actions: ReadonlySet<string> = new Set(['locale.set', 'test.echo'])): Content {
  const dirs = fixtureDirs();
  const { content, errors } = loadContent({ ...dirs, actions });
  if (errors.length > 0) throw new Error(errors.map(formatDataError).join('\n'));
  return content;
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir);
}
