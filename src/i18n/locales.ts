// Every text a user reads lives in locales/<lang>/<area>.yaml. Nested keys are flattened and
// prefixed with the file name: locales/fr/core.yaml `menu: { title: … }` → key `core.menu.title`.
// Placeholders are written {name} and filled from the arguments (often the session's variables).
// A text with a count is written in ICU MessageFormat, `{count, plural, one {…} other {…}}`
// (message-format.ts). Arabic lines get their right-to-left mark here (bidi.ts).
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { loadYamlFile, type DataError } from '../data/load-yaml.js';
import { markRightToLeft } from './bidi.js';
import { formatMessage, isMessageFormat, messageArguments, messageFormatError } from './message-format.js';

export const LOCALES = ['fr', 'en', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const REFERENCE_LOCALE: Locale = 'fr';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A platform's language code ("fr", "ar-MA", "en_GB") as one of ours, when we speak it. */
export function localeFromCode(code: string | undefined): Locale | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : undefined;
}

type Tree = string | { [key: string]: Tree };
const treeSchema: z.ZodType<Tree> = z.lazy(() => z.union([z.string(), z.record(z.string(), treeSchema)]));
const fileSchema = z.record(z.string(), treeSchema);

export interface TextEntry {
  text: string;
  file: string;
  line: number;
}

export type Texts = Record<Locale, Map<string, TextEntry>>;

export interface LoadedTexts {
  texts: Texts;
  errors: DataError[];
}

export function loadLocales(dir: string): LoadedTexts {
  const errors: DataError[] = [];
  const texts = {} as Texts;
  for (const locale of LOCALES) {
    const map = new Map<string, TextEntry>();
    texts[locale] = map;
    const localeDir = join(dir, locale);
    let files: string[];
    try {
      files = readdirSync(localeDir).filter((f) => f.endsWith('.yaml')).sort();
    } catch {
      errors.push({ file: localeDir, line: 1, path: '(folder)', message: `missing locale folder for "${locale}"` });
      continue;
    }
    for (const name of files) {
      const file = join(localeDir, name);
      const loaded = loadYamlFile(file, fileSchema);
      if (!loaded.ok) {
        errors.push(...loaded.errors);
        continue;
      }
      const walk = (tree: Tree, path: string[]): void => {
        if (typeof tree === 'string') {
          map.set([basename(name, '.yaml'), ...path].join('.'), { text: tree, file, line: loaded.lines(path) });
          return;
        }
        for (const [k, v] of Object.entries(tree)) walk(v, [...path, k]);
      };
      walk(loaded.value, []);
    }
  }
  return { texts, errors };
}

const placeholderPattern = /\{([a-zA-Z0-9_]+)\}/g;
const choicePattern = /\{\s*([a-zA-Z0-9_]+)\s*,\s*(?:plural|selectordinal|select)\s*,/g;

/** The argument names of a text, once each and sorted: {name}, and the count of a plural. */
export function placeholders(text: string): string[] {
  if (isMessageFormat(text)) {
    try {
      return [...messageArguments(text).names].sort();
    } catch {
      // Reported by checkLocales; meanwhile read the choice arguments by their opening brace.
      return [...new Set([...text.matchAll(choicePattern), ...text.matchAll(placeholderPattern)].map((m) => m[1] ?? ''))].sort();
    }
  }
  return [...new Set([...text.matchAll(placeholderPattern)].map((m) => m[1] ?? ''))].sort();
}

/**
 * Every key of the reference locale must exist in every locale, with the same placeholders, and
 * every plural or select text must be valid ICU with an `other` case.
 */
export function checkLocales(texts: Texts): DataError[] {
  const errors: DataError[] = [];
  for (const locale of LOCALES) {
    for (const [key, entry] of texts[locale]) {
      const problem = isMessageFormat(entry.text) ? messageFormatError(entry.text) : undefined;
      if (problem) errors.push({ file: entry.file, line: entry.line, path: key, message: problem });
    }
  }
  const reference = texts[REFERENCE_LOCALE];
  for (const locale of LOCALES) {
    if (locale === REFERENCE_LOCALE) continue;
    const other = texts[locale];
    for (const [key, ref] of reference) {
      const entry = other.get(key);
      if (!entry) {
        errors.push({ file: ref.file, line: ref.line, path: key, message: `missing in locale "${locale}"` });
        continue;
      }
      const want = placeholders(ref.text).join(',');
      const got = placeholders(entry.text).join(',');
      if (want !== got) {
        errors.push({ file: entry.file, line: entry.line, path: key, message: `placeholders {${got}} differ from "${REFERENCE_LOCALE}" {${want}}` });
      }
    }
    for (const [key, entry] of other) {
      if (!reference.has(key)) {
        errors.push({ file: entry.file, line: entry.line, path: key, message: `not in the reference locale "${REFERENCE_LOCALE}"` });
      }
    }
  }
  return errors;
}

export type TextArgs = Readonly<Record<string, unknown>>;

function fill(text: string, args: TextArgs): string {
  return text.replace(placeholderPattern, (whole, name: string) => {
    const value = args[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/**
 * Looks a key up (falling back to the reference locale) and fills {placeholders}, plurals by the
 * locale's rules. In Arabic, a line that would start left-to-right gets the right-to-left mark.
 */
export function translate(texts: Texts, locale: Locale, key: string, args: TextArgs = {}): string {
  const entry = texts[locale].get(key) ?? texts[REFERENCE_LOCALE].get(key);
  if (!entry) return key;
  const filled = (isMessageFormat(entry.text) ? formatMessage(entry.text, locale, args) : undefined) ?? fill(entry.text, args);
  // After filling: a Latin name or a list put in a placeholder sets its line's direction too.
  return locale === 'ar' ? markRightToLeft(filled) : filled;
}

export function hasText(texts: Texts, key: string): boolean {
  return texts[REFERENCE_LOCALE].has(key);
}
