// The questionnaire's answer ids, shared by the data schema and the eligibility rules.
// Answer ids. They are also locale keys (droits.question.<question>.option.<id>), so they
// avoid leading digits, which YAML tools disagree on.
export const AGE_BANDS = ['under18', 'from18to24', 'from25to29', 'from30to59', 'over60'] as const;
export const HOUSEHOLDS = ['alone', 'couple'] as const;
/** Bands of the number of children the rules use (flows/data/rights.yaml): three or more is one band. */
export const CHILD_COUNTS = ['none', 'one', 'two', 'three_plus'] as const;
/**
 * The answers to "how many children", numbered from 0 in the flow so that the digit typed is the
 * count (flows/droits.yaml, `numbering: count`): 0 to "4 or more".
 */
export const CHILD_ANSWERS = ['none', 'one', 'two', 'three', 'four_plus'] as const;
/** The rules' band for an answer (or a band stored before the answers were counts). */
export function childBand(answer: string): string {
  return answer === 'three' || answer === 'four_plus' ? 'three_plus' : answer;
}
/** Age band of the youngest child, youngest band first (the order matters, see childAgeStatus). */
export const CHILD_AGE_BANDS = ['under3', 'from3to5', 'from6to15', 'from16to19'] as const;
export const WORK_SITUATIONS = ['employed', 'self_employed', 'jobseeker', 'student', 'retired', 'none'] as const;
/**
 * The work answers asked: working for an employer or on one's own account is one answer (the rules
 * never tell them apart), so that the question fits on one screen with "Passer" (8 lines).
 */
export const WORK_ANSWERS = ['employed', 'jobseeker', 'student', 'retired', 'none'] as const;
export const HOUSING_SITUATIONS = ['tenant', 'owner', 'hosted', 'homeless'] as const;
export const YES_NO = ['yes', 'no'] as const;
/** Rough monthly household income. `dont_know` is an answer, but counts as unknown. */
export const INCOME_BANDS = ['under700', 'from700to1200', 'from1200to1800', 'over1800', 'dont_know'] as const;
/** The bands a rule may name (a rule cannot ask for "don't know"). */
export const KNOWN_INCOME_BANDS = ['under700', 'from700to1200', 'from1200to1800', 'over1800'] as const;

export type AgeBand = (typeof AGE_BANDS)[number];
export type ChildAgeBand = (typeof CHILD_AGE_BANDS)[number];
export type ChildCount = (typeof CHILD_COUNTS)[number];
