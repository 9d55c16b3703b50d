// The conversation state kept per person (in Redis, by the session store). Plain JSON.
import { z } from 'zod';
import { LOCALES, type Locale } from '../i18n/locales.js';

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export const positionSchema = z.object({
  flowId: z.string(),
  version: z.number().int(),
  stepId: z.string(),
  /** The page of a long list of choices on screen (src/engine/pages.ts); absent: the first. */
  page: z.number().int().min(0).optional(),
});
export type Position = z.output<typeof positionSchema>;

export const sessionStateSchema = z.object({
  locale: z.enum(LOCALES),
  /** The person chose the language themselves (then the platform's code no longer overrides it). */
  localeChosen: z.boolean(),
  /** Where the person is; null between flows. */
  position: positionSchema.nullable(),
  /** What the current step waits for: the person's answer or an action's result. */
  waiting: z.enum(['input', 'action']).nullable(),
  vars: z.record(z.string(), json),
  /** Answers not understood in a row at the current question. */
  misses: z.number().int(),
  /** Questions answered, most recent last, for the "retour" word. */
  history: z.array(positionSchema),
  welcomed: z.boolean(),
  /** A question interrupted by the bot (a reminder arriving): asked again when the interruption ends. */
  resume: positionSchema.nullable().optional(),
  /** The local day of the person's last message (YYYY-MM-DD): the first one of a day starts a conversation in the usage counts. */
  seenOn: z.string().optional(),
});
export type SessionState = z.output<typeof sessionStateSchema>;

export function newSessionState(locale: Locale): SessionState {
  return { locale, localeChosen: false, position: null, waiting: null, vars: {}, misses: 0, history: [], welcomed: false };
}
