// Crisis words (flows/data/crisis-words.yaml): finds the categories a message falls in, whatever
// the conversation language (a French speaker may write in Arabic), so that help numbers go out
// at once. Phrases match whole words after the same normalisation as the menus.
import { z } from 'zod';
import { loadYamlFile, type DataError } from '../data/load-yaml.js';
import { normalise } from '../engine/match.js';
import { LOCALES, type Locale } from '../i18n/locales.js';

const numberKey = z.string().regex(/^[a-z0-9_]+$/, 'must be a key of promeneurs.numbers');
const perLocale = z.strictObject(Object.fromEntries(LOCALES.map((l) => [l, z.array(z.string().min(1))])) as Record<Locale, z.ZodArray<z.ZodString>>);

export const crisisSchema = z.strictObject({
  source: z.string(),
  verified: z.union([z.string(), z.date()]),
  categories: z.record(
    z.string().regex(/^[a-z][a-z-]*$/),
    z.strictObject({ numbers: z.array(numberKey).min(1), words: perLocale }),
  ),
  except: perLocale,
});
export type CrisisData = z.output<typeof crisisSchema>;

export interface CrisisMatch {
  /** Category ids, in the file's order. */
  categories: string[];
  /** Help number keys (promeneurs.numbers.*), each once, in the order the categories give them. */
  numbers: string[];
}

const ARABIC_PREFIXES = '(?:وال|فال|بال|لل|ال|و|ف|ب)?';

/** A phrase as a regexp over normalised text: whole words, "*" = any word ending. */
function phrasePattern(phrase: string): string | undefined {
  const star = phrase.trim().endsWith('*');
  const words = normalise(phrase.replace(/\*$/, ''));
  if (!words) return undefined;
  const escaped = words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Arabic attaches the article and some conjunctions to the word: "الانتحار", "وتنمر".
  const prefix = /^\p{Script=Arabic}/u.test(words) ? ARABIC_PREFIXES : '';
  return `(?:^| )${prefix}${escaped}${star ? '[^ ]*' : ''}(?= |$)`;
}

export class CrisisDetector {
  private readonly categories: Array<{ id: string; numbers: string[]; pattern: RegExp }>;
  private readonly except: RegExp | undefined;

  constructor(data: CrisisData) {
    this.categories = Object.entries(data.categories).map(([id, c]) => ({
      id,
      numbers: c.numbers,
      pattern: new RegExp(LOCALES.flatMap((l) => c.words[l]).flatMap((w) => phrasePattern(w) ?? []).join('|'), 'u'),
    }));
    const except = LOCALES.flatMap((l) => data.except[l]).flatMap((w) => phrasePattern(w) ?? []);
    this.except = except.length > 0 ? new RegExp(except.join('|'), 'gu') : undefined;
  }

  /** Undefined when the message holds no crisis phrase. */
  detect(text: string): CrisisMatch | undefined {
    let clean = normalise(text);
    if (this.except) clean = clean.replace(this.except, ' ').replace(/ +/g, ' ').trim();
    const hit = this.categories.filter((c) => c.pattern.test(clean));
    if (hit.length === 0) return undefined;
    return { categories: hit.map((c) => c.id), numbers: [...new Set(hit.flatMap((c) => c.numbers))] };
  }

  /** Every help number key the data names (checked against the locales). */
  numberKeys(): string[] {
    return [...new Set(this.categories.flatMap((c) => c.numbers))];
  }
}

export function loadCrisisWords(file: string): { detector?: CrisisDetector; errors: DataError[] } {
  const loaded = loadYamlFile(file, crisisSchema);
  return loaded.ok ? { detector: new CrisisDetector(loaded.value), errors: [] } : { errors: loaded.errors };
}
