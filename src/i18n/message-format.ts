// Plurals and other choices in texts, in ICU MessageFormat: `{count, plural, one {# message} other
// {# messages}}`. Arabic has six plural forms (zero, one, two, few, many, other) that "{count}
// رسالة" cannot give; Intl.PluralRules picks the form, through formatjs. Only texts that hold such
// a choice are read as ICU: in ICU an apostrophe can quote, and plain texts keep every apostrophe.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';

const CHOICE = /\{\s*[\p{L}\p{N}_]+\s*,\s*(?:plural|selectordinal|select)\s*,/u;

/** True when the text holds a plural, selectordinal or select argument. */
export function isMessageFormat(text: string): boolean {
  return CHOICE.test(text);
}

// `<` is an ordinary character in our texts, not an ICU tag.
const PARSE_OPTIONS = { ignoreTag: true, requiresOtherClause: true } as const;

export interface MessageArguments {
  /** Every argument name, simple or choice. */
  names: Set<string>;
  /** Arguments read as numbers (plural, selectordinal). */
  numeric: Set<string>;
}

/** The arguments of an ICU text. Throws the parser's error ("MISSING_OTHER_CLAUSE") when it is not valid. */
export function messageArguments(text: string): MessageArguments {
  const out: MessageArguments = { names: new Set(), numeric: new Set() };
  const walk = (elements: MessageFormatElement[]): void => {
    for (const el of elements) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      if (el.type === TYPE.tag) {
        walk(el.children);
        continue;
      }
      out.names.add(el.value);
      if (el.type === TYPE.plural) out.numeric.add(el.value);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(parse(text, PARSE_OPTIONS));
  return out;
}

/** Why an ICU text cannot be used, or undefined when it can. */
export function messageFormatError(text: string): string | undefined {
  try {
    messageArguments(text);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return message.includes('MISSING_OTHER_CLAUSE') ? 'a plural or select text needs an "other" case' : `not valid ICU MessageFormat: ${message}`;
  }
}

// Western digits in every language: people answer with them, and the other texts write 119, 3114.
const NUMBER_LOCALE: Record<string, string> = { ar: 'ar-u-nu-latn' };

const compiled = new Map<string, { format: IntlMessageFormat; args: MessageArguments }>();

/**
 * Fills an ICU text. Simple arguments are shown as given (no number formatting), choice arguments
 * read as numbers. A missing or non-numeric count gives undefined: the caller falls back.
 */
export function formatMessage(text: string, locale: string, args: Readonly<Record<string, unknown>>): string | undefined {
  const cacheKey = `${locale}\u0000${text}`;
  let entry = compiled.get(cacheKey);
  if (!entry) {
    try {
      entry = { format: new IntlMessageFormat(text, NUMBER_LOCALE[locale] ?? locale, undefined, PARSE_OPTIONS), args: messageArguments(text) };
    } catch {
      return undefined;
    }
    compiled.set(cacheKey, entry);
  }
  const values: Record<string, string | number> = {};
  for (const name of entry.args.names) {
    const value = args[name];
    if (entry.args.numeric.has(name)) {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) return undefined;
      values[name] = n;
    } else {
      values[name] = value === undefined || value === null ? `{${name}}` : String(value);
    }
  }
  try {
    const out = entry.format.format(values);
    return typeof out === 'string' ? out : String(out);
  } catch {
    return undefined;
  }
}
