// The schema of flows/data/crisis-words.yaml (read by the detector, loaded by data.ts).
import { z } from 'zod';
import { LOCALES, type Locale } from '../i18n/locales.js';

const phrases = z.array(z.string().min(1));
const perLocale = z.strictObject(Object.fromEntries(LOCALES.map((l) => [l, phrases.default([])])) as Record<Locale, z.ZodDefault<typeof phrases>>);
export const categoryId = z.string().regex(/^[a-z][a-z-]*$/, 'must be lowercase letters and "-"');
export const date = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-28'), z.date()]);

export const crisisWordsSchema = z.strictObject({
  source: z.string(),
  verified: date,
  groups: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), phrases).default({}),
  categories: z.record(
    categoryId,
    z.strictObject({
      /** Said by the person about themselves or someone close: a crisis wherever they appear. */
      phrases: perLocale,
      /** Naming the subject only ("le harcèlement"): a crisis unless the message is about school work or media. */
      topics: perLocale.optional(),
    }),
  ),
  /** School work, media, games: a message with one of these and only topic words is not a crisis. */
  about: perLocale,
  /** Look-alikes removed before matching ("mort de rire", "il m'a battu à FIFA"). */
  except: perLocale,
  /** Distress without a clear word: a gentle "est-ce que ça va ?". */
  check: perLocale,
  /** Real words one letter away from a crisis word, never taken for a typo of it ("courir"). */
  'real-words': perLocale.optional(),
  /** The classifier trained on crisis-examples/, used when no phrase matches (log-odds margins). */
  classifier: z
    .strictObject({ 'crisis-margin': z.number().positive(), 'check-margin': z.number().positive() })
    .refine((c) => c['check-margin'] <= c['crisis-margin'], 'check-margin must not exceed crisis-margin')
    .optional(),
});
export type CrisisWords = z.output<typeof crisisWordsSchema>;
