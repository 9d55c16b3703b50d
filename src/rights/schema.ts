// Schemas for flows/data/rights.yaml, eservices.yaml and places.yaml. Every entry carries its
// source and the date it was verified, so stale facts can be listed and re-checked; the ids are
// closed lists because each one needs texts in locales/*/droits.yaml.
import { z } from 'zod';
import {
  AGE_BANDS,
  CHILD_AGE_BANDS,
  CHILD_COUNTS,
  HOUSEHOLDS,
  HOUSING_SITUATIONS,
  KNOWN_INCOME_BANDS,
  WORK_SITUATIONS,
  YES_NO,
} from './answers.js';

export const RIGHT_IDS = [
  'rsa',
  'prime_activite',
  'apl',
  'aah',
  'c2s',
  'cheque_energie',
  'allocations_familiales',
  'ars',
  'bourses_scolaires',
  'bourse_etudiant',
  'ilevia_jeunes',
  'ilevia_solidaire',
  'aide_alimentaire',
] as const;
export type RightId = (typeof RIGHT_IDS)[number];

export const SIMULATOR_IDS = ['un_jeune_une_solution', 'mesdroitssociaux'] as const;
export type SimulatorId = (typeof SIMULATOR_IDS)[number];

export const DOCUMENT_IDS = [
  'piece_identite',
  'numero_fiscal',
  'attestation_electricite',
  'certificat_medical',
  'formulaire_mdph',
  'compte_educonnect',
  'carte_pass_pass',
  'attestation_c2s_ame',
] as const;
export type DocumentId = (typeof DOCUMENT_IDS)[number];

export const ESERVICE_IDS = ['caf', 'impots', 'ameli', 'france_travail', 'ants', 'anef', 'france_services', 'aidants_connect'] as const;
export type EserviceId = (typeof ESERVICE_IDS)[number];

export const TOWNS = ['lille', 'roubaix', 'tourcoing', 'other'] as const;
export type Town = (typeof TOWNS)[number];

export const PLACE_KINDS = ['social_centre', 'france_services', 'caf', 'cpam', 'france_travail', 'ccas', 'youth', 'digital', 'partner_point'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const NATIONAL_IDS = ['caf', 'ameli', 'france_travail', 'impots', 'cheque_energie', 'annuaire'] as const;
export type NationalId = (typeof NATIONAL_IDS)[number];

export const PLACE_FIELDS = ['address', 'phone', 'hours', 'website', 'services'] as const;
export type PlaceField = (typeof PLACE_FIELDS)[number];

/** ✅ official, ☑️ two or more consistent secondary sources, ⚠️ uncertain (knowledge-file key). */
export const CONFIDENCE = ['official', 'secondary', 'uncertain'] as const;
export type Confidence = (typeof CONFIDENCE)[number];

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _ (it is also a text key)');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be a full web address starting with https://' });
const isoDate = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });
const text = z.string().trim().min(1);
const confidence = z.enum(CONFIDENCE);

export const CONDITION_KEYS = ['age', 'household', 'children', 'childAge', 'work', 'housing', 'disability', 'income'] as const;
export type ConditionKey = (typeof CONDITION_KEYS)[number];

const allowed = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).min(1).optional();

/** One way of qualifying: listed answers are allowed; `require` lists questions that must be answered. */
export const ruleSchema = z
  .strictObject({
    age: allowed(AGE_BANDS),
    household: allowed(HOUSEHOLDS),
    children: allowed(CHILD_COUNTS),
    childAge: allowed(CHILD_AGE_BANDS),
    work: allowed(WORK_SITUATIONS),
    housing: allowed(HOUSING_SITUATIONS),
    disability: allowed(YES_NO),
    income: allowed(KNOWN_INCOME_BANDS),
    require: z.array(z.enum(CONDITION_KEYS)).default([]),
  })
  .superRefine((rule, ctx) => {
    rule.require.forEach((key, i) => {
      if (rule[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['require', i], message: `"${key}" is required but the rule lists no answers for it` });
      }
    });
    if (CONDITION_KEYS.every((key) => rule[key] === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a rule must list answers for at least one question' });
    }
  });
export type Rule = z.output<typeof ruleSchema>;

export const conditionsSchema = z.strictObject({
  /** Shown even when the questions that point to it were skipped (see eligibility.ts). */
  general: z.boolean().default(false),
  anyOf: z.array(ruleSchema).min(1),
});
export type Conditions = z.output<typeof conditionsSchema>;

/** Rejects a second entry with the same id, pointing at the duplicate. */
function uniqueIds<T extends { id: string }>(items: readonly T[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id "${item.id}"` });
    seen.add(item.id);
  });
}

const sourced = {
  source: httpUrl,
  verified: isoDate,
  confidence,
  /** Why the source is what it is (e.g. the fact came from press whose full URL we lack). */
  note: text.optional(),
};

export const rightSchema = z.strictObject({
  id: z.enum(RIGHT_IDS),
  site: httpUrl.nullable(),
  simulator: httpUrl.nullable(),
  documents: z.array(z.enum(DOCUMENT_IDS)),
  conditions: conditionsSchema,
  ...sourced,
});
export type Right = z.output<typeof rightSchema>;

export const simulatorSchema = z.strictObject({
  id: z.enum(SIMULATOR_IDS),
  url: httpUrl,
  /** Absent: offered to everyone. */
  conditions: conditionsSchema.optional(),
  ...sourced,
});
export type Simulator = z.output<typeof simulatorSchema>;

export const rightsFileSchema = z.strictObject({
  rights: z.array(rightSchema).min(1).superRefine(uniqueIds),
  simulators: z.array(simulatorSchema).min(1).superRefine(uniqueIds),
});
export type RightsFile = z.output<typeof rightsFileSchema>;

export const eserviceSchema = z.strictObject({
  id: z.enum(ESERVICE_IDS),
  url: httpUrl,
  ...sourced,
});
export type Eservice = z.output<typeof eserviceSchema>;

export const eservicesFileSchema = z.strictObject({
  eservices: z.array(eserviceSchema).min(1).superRefine(uniqueIds),
});
export type EservicesFile = z.output<typeof eservicesFileSchema>;

// Places: many facts come from press articles without a usable URL, so a place source may be
// a citation ("La Voix du Nord, 2016-04-28") as well as a URL.
const placeSource = text;

/** A fact about a place; null until someone finds it in a source (or a centre fills it in). */
export const placeFieldSchema = z
  .strictObject({
    value: text,
    source: placeSource,
    verified: isoDate,
    confidence: confidence.optional(),
  })
  .nullable();
export type PlaceFieldValue = z.output<typeof placeFieldSchema>;

const placeFields = {
  address: placeFieldSchema,
  phone: placeFieldSchema,
  hours: placeFieldSchema,
  website: placeFieldSchema,
  services: placeFieldSchema,
};

export const placeSchema = z.strictObject({
  id,
  /** Proper name, not translated. */
  name: text,
  town: z.enum(TOWNS),
  /** Neighbourhood or town as the source gives it (e.g. "Lille-Sud", "Faches-Thumesnil"). */
  area: text.optional(),
  kind: z.enum(PLACE_KINDS),
  ...placeFields,
  /** National number / locator to offer while the place has no verified contact. */
  fallback: z.enum(NATIONAL_IDS).optional(),
  source: placeSource,
  verified: isoDate,
  confidence,
  note: text.optional(),
});
export type Place = z.output<typeof placeSchema>;

export const nationalSchema = z.strictObject({
  id: z.enum(NATIONAL_IDS),
  phone: placeFieldSchema,
  website: placeFieldSchema,
  hours: placeFieldSchema,
  source: placeSource,
  verified: isoDate,
  confidence,
  note: text.optional(),
});
export type National = z.output<typeof nationalSchema>;

export const placesFileSchema = z.strictObject({
  places: z.array(placeSchema).superRefine(uniqueIds),
  national: z.array(nationalSchema).min(1).superRefine(uniqueIds),
});
export type PlacesFile = z.output<typeof placesFileSchema>;
