// flows:check's part of the reading budget (src/i18n/budget.ts): every locale text, alone, fits one
// message. A {placeholder} counts as one word: what fills it (a name, a date, a number) is short;
// longer fillings (a list of places, a rights result) are measured by the flow walker instead
// (test/flows-digits-walker.test.ts), on what is really sent.
import type { DataError } from '../data/load-yaml.js';
import { MESSAGE_MAX_LINES, MESSAGE_MAX_WORDS, measureMessage, type MessageSize } from './budget.js';
import { LOCALES, type Locale, type Texts } from './locales.js';
import { formatMessage, isMessageFormat, messageArguments } from './message-format.js';

/** Counts that reach every plural form (Arabic has six: zero, one, two, few, many, other). */
const COUNTS = [0, 1, 2, 3, 11, 100];

/**
 * A text as flows:check measures it: each {placeholder} one plain word. A plural or select text
 * (ICU) gives one version per plural form; its longest is measured.
 */
export function asMeasured(text: string, locale: Locale = 'fr'): string[] {
  const plain = (t: string): string => t.replace(/\{[a-zA-Z0-9_]+\}/g, 'x');
  if (!isMessageFormat(text)) return [plain(text)];
  let args;
  try {
    args = messageArguments(text);
  } catch {
    return [plain(text)]; // not valid ICU: checkLocales reports it
  }
  return COUNTS.map((n) => {
    const values = Object.fromEntries([...args.names].map((name) => [name, args.numeric.has(name) ? n : 'x']));
    return plain(formatMessage(text, locale, values) ?? text);
  });
}

/** What is over the budget in one message ("62 words (max 60)"), or [] when it fits. */
export function overBudget({ words, lines }: MessageSize): string[] {
  return [
    ...(words > MESSAGE_MAX_WORDS ? [`${words} words (max ${MESSAGE_MAX_WORDS})`] : []),
    ...(lines > MESSAGE_MAX_LINES ? [`${lines} lines (max ${MESSAGE_MAX_LINES})`] : []),
  ];
}

/** Every text of every locale over the budget, as file:line: key: "62 words (max 60)". */
export function checkTextBudget(texts: Texts): DataError[] {
  const errors: DataError[] = [];
  for (const locale of LOCALES) {
    for (const [key, entry] of texts[locale]) {
      const sizes = asMeasured(entry.text, locale).map(measureMessage);
      const over = overBudget({ words: Math.max(...sizes.map((x) => x.words)), lines: Math.max(...sizes.map((x) => x.lines)) });
      if (over.length > 0) errors.push({ file: entry.file, line: entry.line, path: key, message: over.join(', ') });
    }
  }
  return errors;
}
