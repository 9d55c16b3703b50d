// The pense-bête catalogue (flows/data/procedures.yaml): schema, loader, and turning an entry
// plus the user's answers into a concrete Rule.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadYamlFile, type LoadResult } from '../data/load-yaml.js';
import { wallTimeIn } from '../dates/wall-clock.js';
import type { Rule } from './rules.js';

export const PROCEDURES_FILE = 'procedures.yaml';
export const DEFAULT_CATALOGUE_PATH = fileURLToPath(new URL(`../../flows/data/${PROCEDURES_FILE}`, import.meta.url));

export const ASKS = ['month', 'date', 'datetime', 'expiry-date', 'end-of-rights-date', 'none', 'text'] as const;
export type Ask = (typeof ASKS)[number];

const confidenceSchema = z.enum(['official', 'secondary', 'uncertain']);
const hour = z.int().min(0).max(23);
const minute = z.int().min(0).max(59);
const httpsUrl = z.url({ protocol: /^https$/, message: 'must be an https:// address' });
const isoDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

const datedEventSchema = z.strictObject({
  date: isoDate,
  event: z.enum(['opens', 'online-deadline']),
  confidence: confidenceSchema,
  source: httpsUrl.optional(),
});

// Rule templates: only the fixed parameters; the rest comes from the answers to `asks`.
const ruleTemplateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('once') }),
  z.strictObject({ kind: z.literal('quarterly'), day: z.int().min(1).max(31), hour, minute }),
  z.strictObject({ kind: z.literal('monthly-window'), hour, minute }),
  z.strictObject({ kind: z.literal('yearly'), hour, minute }),
  z.strictObject({
    kind: z.literal('before-deadline'),
    offsetsDays: z.array(z.int().positive()).min(1),
    hour,
    minute,
  }),
  z.strictObject({
    kind: z.literal('yearly-dates'),
    dates: z.array(datedEventSchema).min(1),
    /** The day of a year whose dates are not known yet (e.g. mid-April for the tax return). */
    fallback: z.strictObject({ month: z.int().min(1).max(12), day: z.int().min(1).max(31) }).optional(),
    hour,
    minute,
  }),
]);
export type RuleTemplate = z.output<typeof ruleTemplateSchema>;

// Which answer each rule kind cannot do without.
const REQUIRED_ASK: Record<RuleTemplate['kind'], readonly Ask[]> = {
  once: ['datetime'],
  quarterly: ['month'],
  'monthly-window': ['none'],
  yearly: ['date'],
  'before-deadline': ['expiry-date', 'end-of-rights-date'],
  'yearly-dates': ['none'],
};

const procedureSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)'),
    asks: z.array(z.enum(ASKS)).min(1),
    rule: ruleTemplateSchema,
    link: httpsUrl.nullable(),
    source: httpsUrl.nullable(),
    verified: isoDate,
    confidence: confidenceSchema.optional(),
    gap: z.string().min(1).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.asks.includes('none') && p.asks.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['asks'], message: '"none" cannot be combined with other asks' });
    }
    if (!REQUIRED_ASK[p.rule.kind].some((a) => p.asks.includes(a))) {
      ctx.addIssue({
        code: 'custom',
        path: ['asks'],
        message: `a ${p.rule.kind} rule needs one of: ${REQUIRED_ASK[p.rule.kind].join(', ')}`,
      });
    }
    if ((p.link === null || p.source === null) && p.gap === undefined) {
      ctx.addIssue({ code: 'custom', path: ['gap'], message: 'say why link or source is missing' });
    }
  });
export type Procedure = z.output<typeof procedureSchema>;

export const catalogueSchema = z
  .strictObject({ procedures: z.array(procedureSchema).min(1) })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.procedures.forEach((p, i) => {
      if (seen.has(p.id)) {
        ctx.addIssue({ code: 'custom', path: ['procedures', i, 'id'], message: `duplicate id "${p.id}"` });
      }
      seen.add(p.id);
    });
  });
export type Catalogue = z.output<typeof catalogueSchema>;

export function loadCatalogue(path: string = DEFAULT_CATALOGUE_PATH): LoadResult<Catalogue> {
  return loadYamlFile(path, catalogueSchema);
}

/** The user's answers, as parsed by the conversation (dates already resolved to instants). */
export interface RuleAnswers {
  month?: number;
  date?: Date;
  datetime?: Date;
  expiryDate?: Date;
  endOfRightsDate?: Date;
}

export type InstantiateResult = { ok: true; rule: Rule } | { ok: false; missing: Ask };

/** Combines an entry's fixed parameters with the user's answers into a concrete Rule. */
export function instantiateRule(entry: Procedure, answers: RuleAnswers, timeZone: string): InstantiateResult {
  const t = entry.rule;
  switch (t.kind) {
    case 'once':
      return answers.datetime ? { ok: true, rule: { kind: 'once', at: answers.datetime } } : { ok: false, missing: 'datetime' };
    case 'quarterly': {
      const m = answers.month;
      if (m === undefined || !Number.isInteger(m) || m < 1 || m > 12) return { ok: false, missing: 'month' };
      return { ok: true, rule: { kind: 'quarterly', startMonth: m, day: t.day, hour: t.hour, minute: t.minute } };
    }
    case 'monthly-window':
      return { ok: true, rule: { kind: 'monthly-window', hour: t.hour, minute: t.minute } };
    case 'yearly': {
      if (!answers.date) return { ok: false, missing: 'date' };
      // The day the user sees in their own zone, not the UTC day.
      const w = wallTimeIn(answers.date, timeZone);
      return { ok: true, rule: { kind: 'yearly', month: w.month, day: w.day, hour: t.hour, minute: t.minute } };
    }
    case 'before-deadline': {
      const ask = entry.asks.includes('expiry-date') ? 'expiry-date' : 'end-of-rights-date';
      const deadline = ask === 'expiry-date' ? answers.expiryDate : answers.endOfRightsDate;
      if (!deadline) return { ok: false, missing: ask };
      return {
        ok: true,
        rule: { kind: 'before-deadline', deadline, offsetsDays: t.offsetsDays, hour: t.hour, minute: t.minute },
      };
    }
    case 'yearly-dates':
      return {
        ok: true,
        rule: { kind: 'yearly-dates', dates: t.dates.map((d) => d.date), ...(t.fallback ? { fallback: t.fallback } : {}), hour: t.hour, minute: t.minute },
      };
  }
}
