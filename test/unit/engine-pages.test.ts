// Long lists a page at a time (issue #13): a message holds the question and at most 7 choices, so
// 8 lines. The digit typed is the one on the page on screen; a name is taken from any page.
import { describe, expect, it } from 'vitest';
import type { Choice } from '../../src/core/message.js';
import type { EngineEvent } from '../../src/engine/effects.js';
import type { LoadedFlow } from '../../src/engine/load.js';
import { optionsOnPage } from '../../src/engine/pages.js';
import { flowSchema, type Flow } from '../../src/engine/schema.js';
import { newSessionState, type SessionState } from '../../src/engine/state.js';
import { step, type EngineEnv } from '../../src/engine/step.js';
import { validateAnswer } from '../../src/engine/validate.js';
import { parseDatePhrase } from '../../src/dates/parse.js';
import { parseMonth } from '../../src/dates/month-names.js';
import { translate, type Locale, type Texts } from '../../src/i18n/locales.js';
import { fixtureContent } from '../support/content.js';

const content = fixtureContent();
const FRUITS = ['pomme', 'poire', 'prune', 'cerise', 'fraise', 'banane', 'mangue', 'kiwi', 'ananas'];

const extra: Record<string, string> = { 'fruit.ask': 'Quel fruit ?', 'fruit.done': 'Noté : {fruit}.' };
for (const f of FRUITS) extra[`fruit.${f}`] = f[0]?.toUpperCase() + f.slice(1);
const copy = (l: Locale) => new Map([...content.texts[l], ...Object.entries(extra).map(([k, text]) => [k, { text, file: 'test', line: 1 }] as const)]);
const texts: Texts = { fr: copy('fr'), en: copy('en'), ar: copy('ar') };

const flow: Flow = flowSchema.parse({
  id: 'fruits',
  version: 1,
  steps: [
    { id: 'ask', type: 'ask-choice', text: 'fruit.ask', var: 'fruit', options: FRUITS.map((f) => ({ id: f, label: `fruit.${f}` })), next: 'done' },
    { id: 'done', type: 'end', text: 'fruit.done' },
  ],
});
const loaded: LoadedFlow = { flow, file: 'fruits.yaml', steps: new Map(flow.steps.map((s) => [s.id, s])), startStep: 'ask', lines: () => 1 };
const env: EngineEnv = { ...content, texts, flows: new Map([...content.flows, ['fruits', loaded]]), now: new Date('2027-03-01T09:00:00Z'), timeZone: 'Europe/Paris', parseDate: parseDatePhrase };
const fr = (key: string): string => translate(texts, 'fr', key);

function run(state: SessionState, event: EngineEvent): { state: SessionState; sent: Array<{ text: string; choices?: Choice[] }> } {
  const result = step(env, state, event);
  const sent = result.effects.flatMap((e) => (e.type === 'send' ? [{ text: e.message.text, ...(e.message.choices ? { choices: e.message.choices } : {}) }] : []));
  return { state: result.state, sent };
}
const labels = (m: { choices?: Choice[] } | undefined): string[] => (m?.choices ?? []).map((c) => c.label);

describe('a list of 9 choices, a page at a time', () => {
  const start = run({ ...newSessionState('fr'), welcomed: true }, { kind: 'enter-flow', flowId: 'fruits' });

  it('shows 6 choices and "Autres choix" as the 7th, then the rest and "Début de la liste"', () => {
    expect(labels(start.sent[0])).toEqual(['Pomme', 'Poire', 'Prune', 'Cerise', 'Fraise', 'Banane', fr('core.choose.more')]);
    const next = run(start.state, { kind: 'text', text: '7' });
    expect(labels(next.sent[0])).toEqual(['Mangue', 'Kiwi', 'Ananas', fr('core.choose.first')]);
    expect(next.sent[0]?.text).toBe('Quel fruit ?');
    const back = run(next.state, { kind: 'text', text: '4' });
    expect(labels(back.sent[0])).toEqual(labels(start.sent[0]));
  });

  it('the digit typed is the one on screen: "2" on the second page is Kiwi', () => {
    const next = run(start.state, { kind: 'text', text: '7' });
    const chosen = run(next.state, { kind: 'text', text: '2' });
    expect(chosen.state.vars.fruit).toBe('kiwi');
    expect(chosen.sent[0]?.text).toBe('Noté : kiwi.');
  });

  it('a name is taken from any page, a digit only from the page shown', () => {
    expect(run(start.state, { kind: 'text', text: 'ananas' }).state.vars.fruit).toBe('ananas');
    const miss = run(start.state, { kind: 'text', text: '9' });
    expect(miss.state.vars.fruit).toBeUndefined();
    expect(miss.sent[0]?.text).toBe("Je n'ai pas compris. Tapez un chiffre de 1 à 7.");
    const page2 = run(start.state, { kind: 'text', text: '7' });
    expect(run(page2.state, { kind: 'text', text: '5' }).sent[0]?.text).toBe("Je n'ai pas compris. Tapez un chiffre de 1 à 4.");
  });

  it('the buttons turn the page too, and a button of the first page still works on the second', () => {
    const more = start.sent[0]?.choices?.at(-1)?.id ?? '';
    const next = run(start.state, { kind: 'choice', choiceId: more });
    expect(labels(next.sent[0])[0]).toBe('Mangue');
    const old = start.sent[0]?.choices?.[1]?.id ?? '';
    expect(run(next.state, { kind: 'choice', choiceId: old }).state.vars.fruit).toBe('poire');
  });

  it('7 choices or fewer: one page, no turner', () => {
    const seven = FRUITS.slice(0, 7).map((f) => ({ optionId: f, label: f }));
    expect(optionsOnPage(seven, 0, { more: 'm', first: 'f' })).toEqual(seven);
    expect(optionsOnPage(FRUITS.map((f) => ({ optionId: f, label: f })), 5, { more: 'm', first: 'f' }).map((o) => o.label)).toEqual(['mangue', 'kiwi', 'ananas', 'f']);
  });
});

describe('a month typed by its number or its name', () => {
  const ctx = { now: env.now, timeZone: env.timeZone, locale: 'fr' as const, words: env.words, parseDate: parseDatePhrase };
  it.each([
    ['3', 3],
    ['12', 12],
    ['٣', 3],
    ['trois', 3],
    ['mars', 3],
    ['Décembre', 12],
    ['decembre', 12],
    ['fevier', 2],
    // "sept" is seven before it is short for septembre: the question asks for the month's number.
    ['sept', 7],
    ['Sep', 9],
    ['March', 3],
    ['مارس', 3],
    ['جانفي', 1],
    ['كانون الثاني', 1],
  ])('"%s" is month %i', (typed, month) => {
    expect(parseMonth(typed, env.words.numbers)).toBe(month);
    expect(validateAnswer('month', typed, ctx)).toEqual({ ok: true, value: month });
  });

  it.each(['0', '13', 'bientôt', 'mai 2027', ''])('"%s" is refused with the hint that says 1 to 12', (typed) => {
    expect(validateAnswer('month', typed, ctx)).toEqual({ ok: false, hint: 'core.validate.month' });
  });
});
