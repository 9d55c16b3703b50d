// "Accès aux droits": turns the (skippable) questionnaire answers into a list of rights the
// person MAY be entitled to. Pure functions, no I/O. The organisation always decides; these
// are hints to open the right door, so they are deliberately generous.
import { z } from 'zod';
import type { ConditionKey, Conditions, Right, RightId, Rule, Simulator, SimulatorId } from './schema.js';

import {
  AGE_BANDS,
  CHILD_AGE_BANDS,
  CHILD_ANSWERS,
  CHILD_COUNTS,
  HOUSEHOLDS,
  HOUSING_SITUATIONS,
  INCOME_BANDS,
  WORK_ANSWERS,
  WORK_SITUATIONS,
  YES_NO,
  type ChildAgeBand,
} from './answers.js';

export * from './answers.js';

/** Every field is optional: a skipped question is simply absent. */
export const Profile = z.strictObject({
  age: z.enum(AGE_BANDS).optional(),
  household: z.enum(HOUSEHOLDS).optional(),
  children: z.enum(CHILD_COUNTS).optional(),
  youngest: z.enum(CHILD_AGE_BANDS).optional(),
  work: z.enum(WORK_SITUATIONS).optional(),
  housing: z.enum(HOUSING_SITUATIONS).optional(),
  disability: z.enum(YES_NO).optional(),
  income: z.enum(INCOME_BANDS).optional(),
});
export type Profile = z.infer<typeof Profile>;

/** Questionnaire order and options, for the flow (texts: droits.question.<id>.text / .option.<option>). */
export const QUESTIONS = [
  { id: 'age', options: AGE_BANDS },
  { id: 'household', options: HOUSEHOLDS },
  { id: 'children', options: CHILD_ANSWERS },
  // Only asked when `children` is not none.
  { id: 'youngest', options: CHILD_AGE_BANDS },
  { id: 'work', options: WORK_ANSWERS },
  { id: 'housing', options: HOUSING_SITUATIONS },
  { id: 'disability', options: YES_NO },
  { id: 'income', options: INCOME_BANDS },
] as const satisfies ReadonlyArray<{ id: keyof Profile; options: readonly string[] }>;

/** Whether the youngest-child question applies to this profile. */
export function asksYoungest(profile: Profile): boolean {
  return profile.children !== undefined && profile.children !== 'none';
}

type Check = 'yes' | 'no' | 'unknown';

/** The answer for a plain condition key, or undefined when unknown. */
function answer(profile: Profile, key: Exclude<ConditionKey, 'childAge'>): string | undefined {
  if (key === 'income') return profile.income === 'dont_know' ? undefined : profile.income;
  return profile[key];
}

/**
 * `childAge` means "at least one child in one of these bands". We only ask for the youngest
 * child's band, so with two or more children an older child may be in a higher band: that
 * case is unknown (not excluded, not a signal) rather than a no.
 */
function childAgeStatus(profile: Profile, bands: readonly ChildAgeBand[]): Check {
  if (profile.children === 'none') return 'no';
  const youngest = profile.youngest;
  if (youngest === undefined) return 'unknown';
  if (bands.includes(youngest)) return 'yes';
  const severalOrUnknown = profile.children !== 'one';
  const youngestIndex = CHILD_AGE_BANDS.indexOf(youngest);
  const olderBandWanted = bands.some((b) => CHILD_AGE_BANDS.indexOf(b) > youngestIndex);
  return severalOrUnknown && olderBandWanted ? 'unknown' : 'no';
}

function check(profile: Profile, rule: Rule, key: ConditionKey): Check | undefined {
  if (key === 'childAge') return rule.childAge ? childAgeStatus(profile, rule.childAge) : undefined;
  const allowed: readonly string[] | undefined = rule[key];
  if (!allowed) return undefined;
  const value = answer(profile, key);
  if (value === undefined) return 'unknown';
  return allowed.includes(value) ? 'yes' : 'no';
}

const CONDITION_KEYS: readonly ConditionKey[] = ['age', 'household', 'children', 'childAge', 'work', 'housing', 'disability', 'income'];

/**
 * 'no': an answer rules it out, or a `require`d question was skipped.
 * 'signal': no answer rules it out and at least one answer points to it.
 * 'open': no answer rules it out, but none points to it either (all skipped).
 */
export function evaluateRule(profile: Profile, rule: Rule): 'no' | 'signal' | 'open' {
  let signal = false;
  for (const key of CONDITION_KEYS) {
    const status = check(profile, rule, key);
    if (status === undefined) continue;
    if (status === 'no') return 'no';
    if (status === 'unknown' && rule.require.includes(key)) return 'no';
    if (status === 'yes') signal = true;
  }
  return signal ? 'signal' : 'open';
}

/**
 * Skipped questions: a skipped (or "don't know") answer never excludes a right, but it is not
 * a reason to show one either. A right is shown when one of its rules gets a positive signal
 * from an actual answer. The only exception is rights marked `general` in rights.yaml (the
 * safety-net rights everyone with modest means should check): they are shown as long as no
 * answer rules them out, so a fully skipped questionnaire still gives a useful list. Rights
 * that depend on one specific situation (disability, children, work) are not general, so they
 * never appear only because that question was skipped.
 */
export function matches(profile: Profile, conditions: Conditions | undefined): boolean {
  if (!conditions) return true;
  const results = conditions.anyOf.map((rule) => evaluateRule(profile, rule));
  if (results.includes('signal')) return true;
  return conditions.general && results.includes('open');
}

/** Rights to suggest, in the order of rights.yaml. */
export function suggestRights(profile: Profile, rights: readonly Right[]): RightId[] {
  return rights.filter((r) => matches(profile, r.conditions)).map((r) => r.id);
}

/** Simulators to suggest (e.g. 1jeune1solution first for under-30s), in file order. */
export function suggestSimulators(profile: Profile, simulators: readonly Simulator[]): SimulatorId[] {
  return simulators.filter((s) => matches(profile, s.conditions)).map((s) => s.id);
}
