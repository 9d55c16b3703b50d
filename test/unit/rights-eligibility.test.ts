import { describe, expect, it } from 'vitest';
import { formatDataError } from '../../src/data/load-yaml.js';
import { asksYoungest, evaluateRule, Profile, suggestRights, suggestSimulators } from '../../src/rights/eligibility.js';
import { loadRightsData } from '../../src/rights/load.js';
import { ruleSchema, type RightId } from '../../src/rights/schema.js';

const loaded = loadRightsData();
if (!loaded.ok) throw new Error(loaded.errors.map(formatDataError).join('\n'));
const { rights, simulators } = loaded.value.rights.value;

function suggest(answers: Profile): RightId[] {
  return suggestRights(Profile.parse(answers), rights);
}

function expectRights(answers: Profile, listed: RightId[], notListed: RightId[]): void {
  const got = suggest(answers);
  for (const id of listed) expect(got, `${id} should be listed`).toContain(id);
  for (const id of notListed) expect(got, `${id} should not be listed`).not.toContain(id);
}

describe('suggestRights', () => {
  it('19-year-old student: student grant and 1jeune1solution, not the RSA', () => {
    const profile: Profile = { age: 'from18to24', household: 'alone', children: 'none', work: 'student', housing: 'hosted' };
    expectRights(profile, ['bourse_etudiant'], ['rsa', 'aah', 'allocations_familiales', 'ars', 'bourses_scolaires', 'ilevia_jeunes']);
    expect(suggestSimulators(profile, simulators)[0]).toBe('un_jeune_une_solution');
  });

  it('30-year-old jobseeker living alone, tenant, under €700: RSA, APL, C2S, chèque énergie', () => {
    expectRights(
      { age: 'from30to59', household: 'alone', children: 'none', work: 'jobseeker', housing: 'tenant', disability: 'no', income: 'under700' },
      ['rsa', 'apl', 'c2s', 'cheque_energie', 'aide_alimentaire', 'ilevia_solidaire'],
      ['prime_activite', 'aah', 'allocations_familiales', 'ars', 'bourse_etudiant', 'bourses_scolaires', 'ilevia_jeunes'],
    );
  });

  it('employee with a low income: prime d’activité', () => {
    expectRights(
      { age: 'from30to59', household: 'alone', children: 'none', work: 'employed', housing: 'tenant', income: 'from1200to1800' },
      ['prime_activite', 'apl'],
      ['rsa', 'c2s', 'cheque_energie', 'aah', 'bourse_etudiant'],
    );
    // Same job, high income: no means-tested right.
    expectRights({ age: 'from30to59', work: 'employed', income: 'over1800' }, [], ['prime_activite', 'rsa', 'apl', 'c2s', 'cheque_energie']);
    // Not working: no prime d'activité, whatever the income.
    expectRights({ work: 'jobseeker', income: 'under700' }, ['rsa'], ['prime_activite']);
  });

  it('two children, the youngest aged 6–15: allocations familiales and ARS', () => {
    expectRights(
      { age: 'from30to59', household: 'couple', children: 'two', youngest: 'from6to15', work: 'employed', housing: 'tenant', income: 'over1800' },
      ['allocations_familiales', 'ars', 'bourses_scolaires', 'ilevia_jeunes'],
      ['aah', 'rsa', 'c2s', 'bourse_etudiant'],
    );
  });

  it('children: one child under 3 gets no ARS; two children whose youngest is under 3 may', () => {
    expectRights({ children: 'one', youngest: 'under3' }, ['ilevia_jeunes'], ['allocations_familiales', 'ars', 'bourses_scolaires']);
    // The older child may be 6-18: not excluded, and having children is a real signal.
    expectRights({ children: 'two', youngest: 'under3' }, ['allocations_familiales', 'ars'], []);
    // Children answered "none": no family right even if the youngest answer is stale.
    expectRights({ children: 'none', youngest: 'from6to15' }, [], ['allocations_familiales', 'ars', 'bourses_scolaires', 'ilevia_jeunes']);
    expect(asksYoungest({ children: 'none' })).toBe(false);
    expect(asksYoungest({ children: 'two' })).toBe(true);
    expect(asksYoungest({})).toBe(false);
  });

  it('recognised disability: AAH; no or skipped: no AAH', () => {
    expectRights({ disability: 'yes' }, ['aah'], []);
    expectRights({ age: 'from30to59', disability: 'yes', income: 'over1800' }, ['aah'], ['rsa', 'c2s']);
    expectRights({ disability: 'no' }, [], ['aah']);
    expectRights({ age: 'from30to59' }, [], ['aah']);
  });

  it('everything skipped: the general safety-net list only', () => {
    expect(suggest({})).toEqual(['rsa', 'apl', 'c2s', 'cheque_energie', 'aide_alimentaire']);
    expect(suggestSimulators({}, simulators)).toEqual(['mesdroitssociaux']);
  });

  it('"don\'t know" income counts as skipped', () => {
    expect(suggest({ income: 'dont_know' })).toEqual(suggest({}));
    // Employed with unknown income: the prime d'activité is still suggested.
    expectRights({ work: 'employed', income: 'dont_know' }, ['prime_activite'], []);
  });

  it('a skipped question does not include a right whose only signal it is', () => {
    // Work skipped: no prime d'activité even with a matching income.
    expectRights({ age: 'from30to59', income: 'from1200to1800' }, [], ['prime_activite', 'bourse_etudiant']);
    // 18-24 living alone, children skipped: the lone-parent RSA rule needs the children answer.
    expectRights({ age: 'from18to24', household: 'alone', work: 'jobseeker', income: 'under700' }, ['c2s'], ['rsa']);
    // ...and with a child it applies.
    expectRights({ age: 'from18to24', household: 'alone', children: 'one', youngest: 'under3', income: 'under700' }, ['rsa'], []);
  });

  it('pupil under 18: free Ilévia and school grant, nothing for adults', () => {
    const profile: Profile = { age: 'under18', work: 'student' };
    expectRights(profile, ['ilevia_jeunes', 'bourses_scolaires'], ['rsa', 'prime_activite', 'bourse_etudiant']);
    expect(suggestSimulators(profile, simulators)).toEqual(['un_jeune_une_solution', 'mesdroitssociaux']);
  });

  it('homeless person: food aid, not housing benefit', () => {
    expectRights({ housing: 'homeless' }, ['aide_alimentaire', 'rsa', 'c2s'], ['apl']);
    expectRights({ housing: 'owner', income: 'under700' }, ['rsa', 'c2s'], ['apl']);
  });

  it('retired owner with a comfortable income: nothing', () => {
    expect(suggest({ age: 'over60', household: 'couple', children: 'none', work: 'retired', housing: 'owner', disability: 'no', income: 'over1800' })).toEqual([]);
  });

  it('keeps the order of rights.yaml', () => {
    const got = suggest({ age: 'from30to59', household: 'alone', children: 'two', youngest: 'from6to15', work: 'employed', housing: 'tenant', disability: 'yes', income: 'under700' });
    const order = rights.map((r) => r.id);
    expect(got).toEqual([...got].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  });
});

describe('Profile', () => {
  it('accepts an empty profile and refuses unknown answers or questions', () => {
    expect(Profile.safeParse({}).success).toBe(true);
    expect(Profile.safeParse({ age: '30' }).success).toBe(false);
    expect(Profile.safeParse({ town: 'lille' }).success).toBe(false);
  });
});

describe('evaluateRule', () => {
  const rule = ruleSchema.parse({ age: ['from25to29'], income: ['under700'], require: ['income'] });
  it('distinguishes ruled out, pointed to and open', () => {
    expect(evaluateRule({ age: 'from25to29', income: 'under700' }, rule)).toBe('signal');
    expect(evaluateRule({ age: 'from30to59', income: 'under700' }, rule)).toBe('no');
    // A required question skipped: not a match.
    expect(evaluateRule({ age: 'from25to29' }, rule)).toBe('no');
    const loose = ruleSchema.parse({ age: ['from25to29'], income: ['under700'] });
    expect(evaluateRule({}, loose)).toBe('open');
    expect(evaluateRule({ age: 'from25to29' }, loose)).toBe('signal');
  });

  it('refuses a rule that requires a question it does not list, or lists nothing', () => {
    expect(ruleSchema.safeParse({ age: ['from25to29'], require: ['income'] }).success).toBe(false);
    expect(ruleSchema.safeParse({}).success).toBe(false);
    expect(ruleSchema.safeParse({ income: ['dont_know'] }).success).toBe(false);
  });
});
