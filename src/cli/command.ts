// What the content commands (flows:graph, report) share: their options, --help, and loading the
// flows and texts the way the bot starts, printing problems as flows:check does.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadContent, type Content } from '../content.js';
import { formatDataError } from '../data/load-yaml.js';
import { FEATURE_ACTIONS } from '../features.js';
import { isLocale, LOCALES, type Locale } from '../i18n/locales.js';

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

export interface CommandOptions<K extends string> {
  lang: Locale;
  out: string | undefined;
  /** The command's own string options (`--flow`, `--month`). */
  own: Partial<Record<K, string>>;
}

/** `--lang fr|en|ar` (default fr), `--out`, and `own` string options; `--help` prints `usage`. */
export function readOptions<K extends string>(usage: string, own: readonly K[]): CommandOptions<K> {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(own.map((name) => [name, { type: 'string' as const }]));
    values = parseArgs({ options: { ...options, lang: { type: 'string', default: 'fr' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    fail(`${(err as Error).message}\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const lang = values.lang;
  if (!isLocale(lang)) fail(`--lang: one of ${LOCALES.join(', ')} (got "${String(lang)}")\n${usage}`);
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const mine: Partial<Record<K, string>> = {};
  for (const name of own) {
    const value = text(values[name]);
    if (value !== undefined) mine[name] = value;
  }
  return { lang, out: text(values.out), own: mine };
}

/** The flows and texts as the bot loads them; on a problem, prints them all and exits 1. */
export function contentOrFail(flowsDir: string, localesDir: string, nothingDone: string): Content {
  const { content, errors } = loadContent({ flowsDir, localesDir, dataDir: join(flowsDir, 'data'), actions: FEATURE_ACTIONS });
  if (errors.length === 0) return content;
  for (const e of errors) console.error(formatDataError(e));
  return fail(`\n${errors.length} problem(s) found (npm run flows:check). ${nothingDone}`);
}
