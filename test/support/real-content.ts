// The real flows and texts, loaded once per test file, and a shortcut to read a text.
import { ContentError, loadContent, type Content } from '../../src/content.js';
import { translate, type Locale } from '../../src/i18n/locales.js';

let cached: Content | undefined;

export function realContent(): Content {
  if (cached) return cached;
  const { content, errors } = loadContent({ flowsDir: 'flows', localesDir: 'locales' });
  if (errors.length > 0) throw new ContentError(errors);
  cached = content;
  return content;
}

export function text(locale: Locale, key: string, args: Record<string, unknown> = {}): string {
  return translate(realContent().texts, locale, key, args);
}
