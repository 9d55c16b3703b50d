// The droits flow through the real conversation service, Redis and the real data: answers by
// digits (counts from 0), the list of rights given a little at a time (one line per right with its
// key note, then the papers, the places or a reminder on request), skipping every question.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDataError } from '../src/data/load-yaml.js';
import { ANSWER_MAX_MESSAGES, fitsMessage } from '../src/i18n/budget.js';
import { LOCALES, type Locale } from '../src/i18n/locales.js';
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
type Answers = Partial<Record<QuestionId, string>>;

/** The number shown before `label` in what the person reads ("0. Aucun", "3. Passer"). */
function numberOf(shown: readonly string[], label: string): string {
  const line = shown.find((l) => l.replace(/^\d+\. /, '') === label);
  if (!line) throw new Error(`no choice "${label}" in ${JSON.stringify(shown)}`);
  return line.split('.')[0] ?? '';
}

async function inLanguage(user: string, locale: Locale): Promise<void> {
  if (locale === 'fr') return;
  await chat.say(user, 'bonjour');
  await chat.say(user, 'langue');
  await chat.say(user, String(LOCALES.indexOf(locale) + 1));
}

const lines = (shown: readonly string[]) => shown.flatMap((m) => m.split('\n'));

/** The whole messages the person received since `before` (choices as "1. label"). */
function sentSince(user: string, before: number): string[] {
  return chat.channel.sent
    .slice(before)
    .filter((s) => s.to.userId === user)
    .map((s) => [s.message.text, ...(s.message.choices ?? []).map((c, i) => `${c.number ?? i + 1}. ${c.label}`)].join('\n'));
}

/**
 * Opens the flow by its deep link and answers every question asked by the number shown (skip when
 * no answer is given). `result`: the lines of the answer to the last one; `messages`: its messages.
 */
async function answerAll(user: string, answers: Answers, locale: Locale = 'fr'): Promise<{ asked: QuestionId[]; result: string[]; messages: string[] }> {
  await inLanguage(user, locale);
  let shown = await chat.open(user, 'droits');
  const asked: QuestionId[] = [];
  for (let turn = 0; turn < QUESTIONS.length + 1; turn++) {
    const question = QUESTIONS.find((q) => shown.includes(chat.t(locale, `droits.question.${q.id}.text`)));
    if (!question) throw new Error(`no question in ${JSON.stringify(shown)}`);
    asked.push(question.id);
    // The children question has no "Passer" (its digits are counts): unanswered means none.
    const answer = answers[question.id] ?? (question.id === 'children' ? 'none' : undefined);
    const label = answer ? chat.t(locale, `droits.question.${question.id}.option.${answer}`) : chat.t(locale, 'droits.skip');
    const before = chat.channel.sent.length;
    shown = await chat.say(user, numberOf(shown, label));
    if (shown.includes(chat.t(locale, 'droits.next.prompt'))) return { asked, result: lines(shown), messages: sentSince(user, before) };
  }
  throw new Error('the questionnaire did not end');
}

/** Sends `text`; returns the lines read and the whole messages of the answer. */
async function answerTo(user: string, text: string): Promise<{ shown: string[]; messages: string[] }> {
  const before = chat.channel.sent.length;
  const shown = await chat.say(user, text);
  return { shown: lines(shown), messages: sentSince(user, before) };
}

const rightName = (id: RightId, locale: Locale = 'fr') => chat.t(locale, `droits.right.${id}.name`);
/** "• RSA (revenu de solidarité active) :", how a right's line begins. */
const linePrefix = (id: RightId, locale: Locale = 'fr') => chat.t(locale, 'droits.result.line', { name: rightName(id, locale), note: '' }).trimEnd();
const lineOf = (shown: readonly string[], id: RightId, locale: Locale = 'fr') => lines(shown).find((l) => l.startsWith(linePrefix(id, locale)));
const listed = (shown: readonly string[], locale: Locale = 'fr') => RIGHT_IDS.filter((id) => lineOf(shown, id, locale) !== undefined);
const noRawKeys = (shown: string[]) => expect(shown.filter((l) => /\bdroits\.[a-z_]+\./.test(l))).toEqual([]);
/** The key note of a right, as its line shows it (its first letter may be lowered after the name). */
const noteOf = (id: RightId, locale: Locale = 'fr') => chat.t(locale, `droits.right.${id}.note`).slice(1);

/** What a person with little reading can take in: at most 4 messages, each within 60 words and 8 lines. */
function expectWithinBudget(messages: readonly string[]): void {
  expect(messages.length, messages.join('\n---\n')).toBeLessThanOrEqual(ANSWER_MAX_MESSAGES);
  for (const message of messages) expect(fitsMessage(message), message).toBe(true);
}

/** The "what next" choice whose label is droits.next.<id>. */
const option = (shown: readonly string[], id: string, locale: Locale = 'fr') => numberOf(shown, chat.t(locale, `droits.next.${id}`));

const COUPLE_TWO_CHILDREN: Answers = {
  age: 'from30to59',
  household: 'couple',
  children: 'two',
  youngest: 'from6to15',
  work: 'employed',
  housing: 'tenant',
  disability: 'no',
  income: 'from1200to1800',
};

describe('droits: the result, a little at a time', () => {
  it('a couple with two children: one line per right with its key note, in at most 4 messages within the budget', async () => {
    const { asked, result, messages } = await answerAll('p1', COUPLE_TWO_CHILDREN);
    expect(asked).toContain('youngest');
    expectWithinBudget(messages);
    // "may have": never a promise, never an amount, no papers or places yet.
    expect(result[0]).toBe(chat.t('fr', 'droits.result.header'));
    expect(result.join('\n')).not.toMatch(/€|euro/i);
    expect(result.join('\n')).not.toContain(chat.t('fr', 'droits.papers.header'));
    // The family rights are there, each with its key note on its line.
    const first = listed(result);
    expect(first.length).toBeGreaterThanOrEqual(4);
    for (const id of first) expect(lineOf(result, id), id).toContain(noteOf(id));
    // Then: 1. the papers 2. where to get help 3. a reminder, and the rest of the list.
    expect(option(result, 'papers')).toBe('1');
    expect(option(result, 'places')).toBe('2');
    expect(option(result, 'reminder')).toBe('3');
    const more = await answerTo('p1', option(result, 'more'));
    expectWithinBudget(more.messages);
    const rest = listed(more.shown);
    for (const id of rest) expect(lineOf(more.shown, id), id).toContain(noteOf(id));
    // Between the two pages, every family right once, in the data's order.
    const all = [...first, ...rest];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(['allocations_familiales', 'ars', 'bourses_scolaires', 'ilevia_jeunes']));
    // Nothing left: no "voir la suite" any more.
    expect(more.shown.some((l) => l.endsWith(chat.t('fr', 'droits.next.more')))).toBe(false);
    noRawKeys([...result, ...more.shown]);
  });

  it('"1" gives the papers per right with the official sites and the simulator, within the budget', async () => {
    const { result } = await answerAll('p2', { age: 'from30to59', household: 'alone', children: 'none', work: 'jobseeker', housing: 'tenant', disability: 'no', income: 'under700' });
    expect(listed(result)).toEqual(['rsa', 'apl', 'c2s', 'cheque_energie', 'ilevia_solidaire', 'aide_alimentaire']);
    // An uncertain fact says so on its line.
    expect(lineOf(result, 'ilevia_solidaire')).toContain(chat.t('fr', 'droits.result.uncertain'));
    const papers = await answerTo('p2', '1');
    expectWithinBudget(papers.messages);
    const text = papers.shown.join('\n');
    expect(papers.shown[0]).toMatch(new RegExp(`^${chat.t('fr', 'droits.papers.header')}`));
    expect(text).toContain(chat.t('fr', 'droits.document.attestation_electricite'));
    expect(text).toContain('https://chequeenergie.gouv.fr');
    expect(text).toContain(chat.t('fr', 'droits.right.cheque_energie.warning'));
    // Rights without a list of papers in the data: where to ask, with their official site.
    expect(text).toContain(chat.t('fr', 'droits.papers.ask', { names: `${rightName('rsa')} et ${rightName('apl')}`, url: 'https://caf.fr' }));
    // The official simulator; 1jeune1solution only for under-30s.
    expect(text).toContain('https://mesdroitssociaux.gouv.fr');
    expect(text).not.toContain('1jeune1solution.gouv.fr');
    expect(text).not.toMatch(/€|euro/i);
    noRawKeys(papers.shown);
    // Then the question again, without the papers the person has just read: "1" is now the places.
    expect(papers.shown).toContain(chat.t('fr', 'droits.next.prompt'));
    expect(papers.shown.some((l) => l.endsWith(chat.t('fr', 'droits.next.papers')))).toBe(false);
    expect(option(papers.shown, 'places')).toBe('1');
  });

  it('"2" asks the town for the places that help; "3" opens the Pense-bête', async () => {
    const { result } = await answerAll('p3', { income: 'under700' });
    expect((await chat.say('p3', option(result, 'places')))[0]).toBe(chat.t('fr', 'droits.places.ask_town'));
    expect((await chat.state('p3'))?.position).toMatchObject({ flowId: 'droits', stepId: 'places-town' });

    const again = await answerAll('p4', { work: 'jobseeker' });
    const shown = await chat.say('p4', option(again.result, 'reminder'));
    const state = await chat.state('p4');
    expect(state?.position?.flowId).toBe('rappels');
    expect(state?.waiting).toBe('input');
    // What the person reads next is the Pense-bête's own first question.
    const rappels = chat.content.flows.get('rappels');
    const start = rappels?.steps.get(rappels.startStep);
    const startText = start && 'text' in start ? start.text : undefined;
    expect(startText).toBeDefined();
    expect(shown).toContain(chat.t('fr', startText ?? ''));
    // Leaving forgets even the ids of the rights found.
    for (const v of ['droits_found', 'droits_left', 'droits_simulators', 'droits_next_options']) expect(state?.vars[v] ?? null, v).toBeNull();
    noRawKeys(shown);
  });

  it('in English and Arabic too: at most 4 messages within the budget; Arabic lines start right-to-left', async () => {
    for (const locale of ['en', 'ar'] as const) {
      const user = `p5-${locale}`;
      const { result, messages } = await answerAll(user, COUPLE_TWO_CHILDREN, locale);
      expectWithinBudget(messages);
      for (const id of listed(result, locale)) expect(lineOf(result, id, locale), id).toContain(noteOf(id, locale));
      const papers = await answerTo(user, '1');
      expectWithinBudget(papers.messages);
      noRawKeys([...result, ...papers.shown]);
      if (locale === 'ar') {
        // Each line's first letter is Arabic (a bullet or a digit may come first).
        for (const line of lines([...messages, ...papers.messages]).filter((l) => !/^\d+\. /.test(l))) {
          expect(line, line).toMatch(/^[^A-Za-z\u00C0-\u024F]*[\u0600-\u06FF]/u);
        }
      }
    }
  });

  it('speaks English to a young student: 1jeune1solution first among the simulators', async () => {
    const { result } = await answerAll('p6', { age: 'from18to24', household: 'alone', children: 'none', work: 'student', housing: 'hosted' }, 'en');
    expect(result[0]).toBe(chat.t('en', 'droits.result.header'));
    expect(result).toContain(chat.t('en', 'droits.result.partial'));
    expect(listed(result, 'en')).toContain('bourse_etudiant');
    expect(listed(result, 'en')).not.toContain('rsa');
    const papers = (await answerTo('p6', '1')).shown.join('\n');
    expect(papers).toContain('https://1jeune1solution.gouv.fr');
    expect(papers.indexOf('1jeune1solution')).toBeLessThan(papers.indexOf('mesdroitssociaux'));
    expect(papers).toContain(chat.t('en', 'droits.result.simulation_note'));
  });

  it('skips every question: the safety-net rights, a note that the list is wider, the answers not kept', async () => {
    const { asked, result } = await answerAll('p7', {});
    expect(asked).toEqual(['age', 'household', 'children', 'work', 'housing', 'disability', 'income']);
    const general = data.rights.value.rights.filter((r) => r.conditions.general).map((r) => r.id);
    const more = result.some((l) => l.endsWith(chat.t('fr', 'droits.next.more'))) ? (await answerTo('p7', option(result, 'more'))).shown : [];
    expect([...listed(result), ...listed(more)]).toEqual(general);
    expect(result).toContain(chat.t('fr', 'droits.result.partial'));
    expect(result.join('\n')).not.toMatch(/€|euro/i);
    // The answers are not kept once the list is shown; only the ids of the rights found.
    const state = await chat.state('p7');
    for (const q of QUESTIONS) expect(state?.vars[`droits_${q.id}`] ?? null, q.id).toBeNull();
    expect(state?.vars.droits_found).toBe(general.join(' '));
  });

  it('says so when no right fits, points to the official simulator, and offers no papers', async () => {
    const { result, messages } = await answerAll('p8', { age: 'from30to59', household: 'alone', children: 'none', work: 'employed', housing: 'owner', disability: 'no', income: 'over1800' });
    expect(result[0]).toBe(chat.t('fr', 'droits.result.none'));
    expect(listed(result)).toEqual([]);
    expect(messages[0]).toContain('https://mesdroitssociaux.gouv.fr');
    expect(result.some((l) => l.endsWith(chat.t('fr', 'droits.next.papers')))).toBe(false);
    expect(option(result, 'places')).toBe('1');
  });
});

describe('droits: the questions', () => {
  it('takes the word "passer" as a skip, and an answer by its words', async () => {
    await chat.open('q1', 'droits');
    const next = await chat.say('q1', 'passer');
    expect(next[0]).toBe(chat.t('fr', 'droits.question.household.text'));
    const after = await chat.say('q1', 'en couple');
    expect(after[0]).toBe(chat.t('fr', 'droits.question.children.text'));
    expect((await chat.state('q1'))?.vars).toMatchObject({ droits_age: 'skip', droits_household: 'couple' });
  });

  it('children: the digit typed is the count ("0. Aucun", "1. 1 enfant"), "1" records one child once', async () => {
    await chat.open('q2', 'droits');
    await chat.say('q2', 'passer');
    const shown = await chat.say('q2', 'passer');
    expect(shown[0]).toBe(chat.t('fr', 'droits.question.children.text'));
    expect(shown.slice(1)).toEqual(['0. Aucun', '1. 1 enfant', '2. 2 enfants', '3. 3 enfants', '4. 4 enfants ou plus']);
    expect((await chat.say('q2', '1'))[0]).toBe(chat.t('fr', 'droits.question.youngest.text'));
    expect((await chat.state('q2'))?.vars.droits_children).toBe('one');
    // "0": no children, so the youngest child's age is not asked.
    await chat.open('q3', 'droits');
    await chat.say('q3', 'passer');
    await chat.say('q3', 'passer');
    expect((await chat.say('q3', '0'))[0]).toBe(chat.t('fr', 'droits.question.work.text'));
    expect((await chat.state('q3'))?.vars.droits_children).toBe('none');
    // A parent of five types 5 (or "cinq"): "4 ou plus", never a skip.
    for (const [user, typed] of [['q3b', '5'], ['q3c', 'cinq'], ['q3d', '7']] as const) {
      await chat.open(user, 'droits');
      await chat.say(user, 'passer');
      await chat.say(user, 'passer');
      expect((await chat.say(user, typed))[0]).toBe(chat.t('fr', 'droits.question.youngest.text'));
      expect((await chat.state(user))?.vars.droits_children, typed).toBe('four_plus');
    }
  });

  it('3 and "4 ou plus" children count as three or more for the rules', async () => {
    for (const children of ['three', 'four_plus']) {
      const { result } = await answerAll(`q4-${children}`, { children, youngest: 'from6to15', income: 'from1200to1800' });
      const more = result.some((l) => l.endsWith(chat.t('fr', 'droits.next.more'))) ? (await answerTo(`q4-${children}`, option(result, 'more'))).shown : [];
      expect([...listed(result), ...listed(more)], children).toContain('allocations_familiales');
    }
  });

  it('does not reuse the youngest child of an earlier run once the person says "no children"', async () => {
    await answerAll('q5', { children: 'two', youngest: 'from6to15' });
    const { asked, result } = await answerAll('q5', { children: 'none' });
    expect(asked).not.toContain('youngest');
    expect(listed(result)).not.toContain('ars');
    expect(listed(result)).not.toContain('allocations_familiales');
  });
});

describe('droits: talk to someone', () => {
  it('opens the reception team\'s flow (adults), not the Promeneurs', async () => {
    await chat.stop();
    // The hand-off feature is another team's: a stand-in for its first action is enough here.
    const handoff: FeatureFactory = () => ({ name: 'handoff-stand-in', actions: { 'handoff.prepare': async () => ({}) } });
    chat = await DroitsChat.start({ features: [rightsFeature, handoff] });
    const { result } = await answerAll('t1', { age: 'from18to24' });
    const shown = await chat.say('t1', option(result, 'talk'));
    expect((await chat.state('t1'))?.position?.flowId).toBe('accueil');
    expect(shown.length).toBeGreaterThan(0);
    noRawKeys(shown);
  });
});
