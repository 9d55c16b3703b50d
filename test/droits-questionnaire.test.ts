// The droits flow through the real conversation service, Redis and the real data: answers by
// digits, the list of rights, skipping every question, and what the person can do next.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDataError } from '../src/data/load-yaml.js';
import type { Locale } from '../src/i18n/locales.js';
import { QUESTIONS, type Profile } from '../src/rights/eligibility.js';
import { loadRightsData } from '../src/rights/load.js';
import type { FeatureFactory } from '../src/features.js';
import { rightsFeature } from '../src/rights/feature.js';
import { RIGHT_IDS, type RightId } from '../src/rights/schema.js';
import { DroitsChat } from './support/droits-chat.js';

const loaded = loadRightsData();
if (!loaded.ok) throw new Error(loaded.errors.map(formatDataError).join('\n'));
const data = loaded.value;

let chat: DroitsChat;
beforeEach(async () => {
  chat = await DroitsChat.start();
});
afterEach(async () => {
  await chat.stop();
});

type QuestionId = (typeof QUESTIONS)[number]['id'];

/** The digit a person types for `answer` to `question` (skip: the last option). */
function digit(question: QuestionId, answer: string | 'skip'): string {
  const options: readonly string[] = QUESTIONS.find((q) => q.id === question)?.options ?? [];
  const index = answer === 'skip' ? options.length : options.indexOf(answer);
  if (index < 0) throw new Error(`${question} has no answer ${answer}`);
  return String(index + 1);
}

/** Opens the flow by its deep link and answers every question asked, by digits. */
async function answerAll(user: string, answers: Partial<Record<QuestionId, string>>, locale: Locale = 'fr'): Promise<{ asked: QuestionId[]; result: string[] }> {
  if (locale !== 'fr') {
    await chat.say(user, 'bonjour');
    await chat.say(user, 'langue');
    await chat.say(user, locale === 'en' ? '2' : '3');
  }
  let shown = await chat.open(user, 'droits');
  const asked: QuestionId[] = [];
  for (let turn = 0; turn < QUESTIONS.length + 1; turn++) {
    const question = QUESTIONS.find((q) => shown.includes(chat.t(locale, `droits.question.${q.id}.text`)));
    if (!question) return { asked, result: shown };
    asked.push(question.id);
    shown = await chat.say(user, digit(question.id, answers[question.id] ?? 'skip'));
  }
  throw new Error('the questionnaire did not end');
}

const rightName = (id: RightId, locale: Locale = 'fr') => chat.t(locale, `droits.right.${id}.name`);
const listed = (result: string[], locale: Locale = 'fr') => RIGHT_IDS.filter((id) => result.some((line) => line.startsWith(rightName(id, locale))));
const noRawKeys = (lines: string[]) => expect(lines.filter((l) => /\bdroits\.[a-z_]+\./.test(l))).toEqual([]);

describe('droits: the questionnaire', () => {
  it('lists the expected rights for a jobseeker living alone on a low income, without any amount', async () => {
    const profile: Profile = { age: 'from30to59', household: 'alone', children: 'none', work: 'jobseeker', housing: 'tenant', disability: 'no', income: 'under700' };
    const { asked, result } = await answerAll('p1', profile);
    // No children: the youngest child's age is not asked.
    expect(asked).toEqual(['age', 'household', 'children', 'work', 'housing', 'disability', 'income']);
    expect(listed(result)).toEqual(['rsa', 'apl', 'c2s', 'cheque_energie', 'ilevia_solidaire', 'aide_alimentaire']);
    expect(result[0]).toBe(chat.t('fr', 'droits.result.header'));
    // Each right: its sentence, its official site (from the data), the papers or where to ask.
    const rsa = result.find((m) => m.startsWith(rightName('rsa'))) ?? '';
    expect(rsa).toContain(chat.t('fr', 'droits.right.rsa.sentence'));
    expect(rsa).toContain(chat.t('fr', 'droits.result.site', { url: 'https://caf.fr' }));
    // Where the data lists no papers, one line at the end says where to ask, with the disclaimer.
    expect(rsa).not.toContain(chat.t('fr', 'droits.result.documents'));
    expect(result).toContain(`${chat.t('fr', 'droits.result.documents_unknown')}\n${chat.t('fr', 'droits.result.disclaimer')}`);
    const cheque = result.find((m) => m.startsWith(rightName('cheque_energie'))) ?? '';
    expect(cheque).toContain(chat.t('fr', 'droits.document.attestation_electricite'));
    expect(cheque).toContain(chat.t('fr', 'droits.right.cheque_energie.warning'));
    // An uncertain fact says so.
    expect(result.find((m) => m.startsWith(rightName('ilevia_solidaire')))).toContain(chat.t('fr', 'droits.result.uncertain'));
    // The official simulator; 1jeune1solution only for under-30s.
    expect(result.join('\n')).toContain('https://mesdroitssociaux.gouv.fr');
    expect(result.join('\n')).not.toContain('1jeune1solution.gouv.fr');
    // The organisation decides, and never an amount.
    expect(result.join('\n')).toContain(chat.t('fr', 'droits.result.disclaimer'));
    expect(result.join('\n')).not.toMatch(/€|euro/i);
    expect(result).not.toContain(chat.t('fr', 'droits.result.partial'));
    noRawKeys(result);
    // Then what next.
    expect(result).toContain(chat.t('fr', 'droits.next.prompt'));
  });

  it('asks the youngest child and lists the family rights for a couple with two children', async () => {
    const { asked, result } = await answerAll('p2', {
      age: 'from30to59',
      household: 'couple',
      children: 'two',
      youngest: 'from6to15',
      work: 'employed',
      housing: 'tenant',
      disability: 'no',
      income: 'over1800',
    });
    expect(asked).toContain('youngest');
    const got = listed(result);
    expect(got).toEqual(expect.arrayContaining(['allocations_familiales', 'ars', 'bourses_scolaires', 'ilevia_jeunes']));
    for (const id of ['rsa', 'c2s', 'aah', 'prime_activite', 'apl', 'bourse_etudiant'] as const) expect(got).not.toContain(id);
    expect(result.join('\n')).not.toMatch(/€|euro/i);
  });

  it('speaks English to a young student and offers 1jeune1solution first', async () => {
    const { result } = await answerAll('p3', { age: 'from18to24', household: 'alone', children: 'none', work: 'student', housing: 'hosted' }, 'en');
    expect(result[0]).toBe(`${chat.t('en', 'droits.result.header')}\n${chat.t('en', 'droits.result.partial')}`);
    expect(listed(result, 'en')).toContain('bourse_etudiant');
    expect(listed(result, 'en')).not.toContain('rsa');
    const simulators = result.find((m) => m.includes(chat.t('en', 'droits.result.simulation_note'))) ?? '';
    expect(simulators).toContain('https://1jeune1solution.gouv.fr');
    expect(simulators.indexOf('1jeune1solution')).toBeLessThan(simulators.indexOf('mesdroitssociaux'));
    expect(result.join('\n')).toContain(chat.t('en', 'droits.result.disclaimer'));
    noRawKeys(result);
  });

  it('skips every question: the safety-net rights, a note that the list is wider, no amount', async () => {
    const { asked, result } = await answerAll('p4', {});
    expect(asked).toEqual(['age', 'household', 'children', 'work', 'housing', 'disability', 'income']);
    const general = data.rights.value.rights.filter((r) => r.conditions.general).map((r) => r.id);
    expect(listed(result)).toEqual(general);
    expect(result[0]).toContain(chat.t('fr', 'droits.result.partial'));
    expect(result.join('\n')).toContain('https://mesdroitssociaux.gouv.fr');
    expect(result.join('\n')).not.toContain('1jeune1solution.gouv.fr');
    expect(result.join('\n')).toContain(chat.t('fr', 'droits.result.disclaimer'));
    expect(result.join('\n')).not.toMatch(/€|euro/i);
    // The answers are not kept once the list is shown.
    const state = await chat.state('p4');
    for (const q of QUESTIONS) expect(state?.vars[`droits_${q.id}`] ?? null, q.id).toBeNull();
  });

  it('says so when no right fits, and still points to the official simulator', async () => {
    const { result } = await answerAll('p10', { age: 'from30to59', household: 'alone', children: 'none', work: 'employed', housing: 'owner', disability: 'no', income: 'over1800' });
    expect(result[0]).toBe(chat.t('fr', 'droits.result.none'));
    expect(listed(result)).toEqual([]);
    expect(result.join('\n')).toContain('https://mesdroitssociaux.gouv.fr');
    expect(result).toContain(chat.t('fr', 'droits.result.disclaimer'));
  });

  it('takes the word "passer" as a skip, and an answer by its words', async () => {
    await chat.open('p5', 'droits');
    const next = await chat.say('p5', 'passer');
    expect(next[0]).toBe(chat.t('fr', 'droits.question.household.text'));
    const after = await chat.say('p5', 'en couple');
    expect(after[0]).toBe(chat.t('fr', 'droits.question.children.text'));
    expect((await chat.state('p5'))?.vars).toMatchObject({ droits_age: 'skip', droits_household: 'couple' });
  });

  it('does not reuse the youngest child of an earlier run once the person says "no children"', async () => {
    await answerAll('p6', { children: 'two', youngest: 'from6to15' });
    const { asked, result } = await answerAll('p6', { children: 'none' });
    expect(asked).not.toContain('youngest');
    expect(listed(result)).not.toContain('ars');
    expect(listed(result)).not.toContain('allocations_familiales');
  });

  it('offers places nearby next, and goes there', async () => {
    const { result } = await answerAll('p7', { income: 'under700' });
    const options = result.slice(result.indexOf(chat.t('fr', 'droits.next.prompt')) + 1);
    const places = options.find((o) => o.endsWith(chat.t('fr', 'droits.next.places'))) ?? '';
    const shown = await chat.say('p7', places.split('.')[0] ?? '');
    expect(shown[0]).toBe(chat.t('fr', 'droits.places.ask_town'));
    // Its own places question: the places shown are those helping with procedures (droits-places.test.ts).
    expect((await chat.state('p7'))?.position).toMatchObject({ flowId: 'droits', stepId: 'places-town' });
  });
});

describe('droits: hand-over to the reminders', () => {
  it('opens the Pense-bête flow when the person asks for a reminder', async () => {
    const { result } = await answerAll('p8', { work: 'jobseeker' });
    const options = result.slice(result.indexOf(chat.t('fr', 'droits.next.prompt')) + 1);
    const reminder = options.find((o) => o.endsWith(chat.t('fr', 'droits.next.reminder'))) ?? '';
    expect(reminder).toMatch(/^1\. /);
    const shown = await chat.say('p8', '1');
    const state = await chat.state('p8');
    expect(state?.position?.flowId).toBe('rappels');
    expect(state?.waiting).toBe('input');
    // What the person reads next is the Pense-bête's own first question.
    const rappels = chat.content.flows.get('rappels');
    const start = rappels?.steps.get(rappels.startStep);
    const startText = start && 'text' in start ? start.text : undefined;
    expect(startText).toBeDefined();
    expect(shown).toContain(chat.t('fr', startText ?? ''));
    noRawKeys(shown);
  });
});

describe('droits: talk to someone', () => {
  it('opens the reception team\'s flow (adults), not the Promeneurs', async () => {
    await chat.stop();
    // The hand-off feature is another team's: a stand-in for its first action is enough here.
    const handoff: FeatureFactory = () => ({ name: 'handoff-stand-in', actions: { 'handoff.prepare': async () => ({}) } });
    chat = await DroitsChat.start({ features: [rightsFeature, handoff] });
    const { result } = await answerAll('p9', { age: 'from18to24' });
    const options = result.slice(result.indexOf(chat.t('fr', 'droits.next.prompt')) + 1);
    const talk = options.find((o) => o.endsWith(chat.t('fr', 'droits.next.talk'))) ?? '';
    expect(talk).toMatch(/^\d\. /);
    const shown = await chat.say('p9', talk.split('.')[0] ?? '');
    expect((await chat.state('p9'))?.position?.flowId).toBe('accueil');
    expect(shown.length).toBeGreaterThan(0);
    noRawKeys(shown);
  });
});
