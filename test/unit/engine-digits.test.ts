// Digits first (issue #13): numbers written as words, counts numbered by their count, misses that
// say which numbers work, and a digit typed between flows acting on the main menu.
import { describe, expect, it } from 'vitest';
import { formatOutbound } from '../../src/channels/whatsapp/format.js';
import type { Choice } from '../../src/core/message.js';
import type { Effect, EngineEvent } from '../../src/engine/effects.js';
import type { LoadedFlow } from '../../src/engine/load.js';
import { matchChoice } from '../../src/engine/match.js';
import { flowSchema, type Flow } from '../../src/engine/schema.js';
import { newSessionState, type SessionState } from '../../src/engine/state.js';
import { step, type EngineEnv } from '../../src/engine/step.js';
import { validateAnswer } from '../../src/engine/validate.js';
import { parseDatePhrase } from '../../src/dates/parse.js';
import { loadLocales, translate, type Locale, type Texts } from '../../src/i18n/locales.js';
import { fixtureContent } from '../support/content.js';

const content = fixtureContent();

/** The fixture texts plus a few of this file's own, in every locale. */
function textsWith(extra: Record<string, string>): Texts {
  const copy = (l: Locale) => new Map([...content.texts[l], ...Object.entries(extra).map(([k, text]) => [k, { text, file: 'test', line: 1 }] as const)]);
  return { fr: copy('fr'), en: copy('en'), ar: copy('ar') };
}

const texts = textsWith({
  'kids.ask': "Nombre d'enfants :",
  'kids.none': 'Aucun',
  'kids.one': '1 enfant',
  'kids.two': '2 enfants',
  'kids.three': '3 enfants',
  'kids.more': '4 ou plus',
  'kids.skip': 'Passer',
  'kids.done': 'Noté : {kids}.',
});

function loaded(raw: unknown): [string, LoadedFlow] {
  const flow: Flow = flowSchema.parse(raw);
  return [flow.id, { flow, file: `${flow.id}.yaml`, steps: new Map(flow.steps.map((s) => [s.id, s])), startStep: flow.steps[0]?.id ?? '', lines: () => 1 }];
}

const kidsSteps = [
  {
    id: 'ask',
    type: 'ask-choice',
    text: 'kids.ask',
    var: 'kids',
    numbering: 'count',
    options: [
      { id: 'none', label: 'kids.none' },
      { id: 'one', label: 'kids.one' },
      { id: 'two', label: 'kids.two' },
      { id: 'three', label: 'kids.three' },
      { id: 'more', label: 'kids.more', 'or-more': true },
      { id: 'skip', label: 'kids.skip' },
    ],
    next: 'done',
  },
  { id: 'done', type: 'end', text: 'kids.done' },
];

const env: EngineEnv = {
  ...content,
  texts,
  flows: new Map([...content.flows, loaded({ id: 'kids', version: 1, steps: kidsSteps }), loaded({ id: 'promeneurs', version: 1, steps: kidsSteps })]),
  now: new Date('2027-03-01T09:00:00Z'),
  timeZone: 'Europe/Paris',
  parseDate: parseDatePhrase,
};
const fr = (key: string, args: Record<string, unknown> = {}): string => translate(texts, 'fr', key, args);

function run(state: SessionState, event: EngineEvent): { state: SessionState; sent: Array<{ text: string; choices?: Choice[] }>; effects: Effect[] } {
  const result = step(env, state, event);
  const sent = result.effects.flatMap((e) => (e.type === 'send' ? [{ text: e.message.text, ...(e.message.choices ? { choices: e.message.choices } : {}) }] : []));
  return { state: result.state, sent, effects: result.effects };
}

function at(flowId: string, locale: Locale = 'fr'): SessionState {
  return run({ ...newSessionState(locale), welcomed: true }, { kind: 'enter-flow', flowId }).state;
}

describe('numbers written as words', () => {
  it('a number question takes "deux", "three", "ثلاثة" and Arabic-Indic digits', () => {
    const ctx = { now: env.now, timeZone: env.timeZone, locale: 'fr' as const, words: env.words, parseDate: parseDatePhrase };
    expect(validateAnswer('number', 'deux', ctx)).toEqual({ ok: true, value: 2 });
    expect(validateAnswer('number', 'Trois', ctx)).toEqual({ ok: true, value: 3 });
    expect(validateAnswer('number', 'zéro', ctx)).toEqual({ ok: true, value: 0 });
    expect(validateAnswer('number', 'three', { ...ctx, locale: 'en' })).toEqual({ ok: true, value: 3 });
    expect(validateAnswer('number', 'ثلاثة', { ...ctx, locale: 'ar' })).toEqual({ ok: true, value: 3 });
    expect(validateAnswer('number', 'اثنان', { ...ctx, locale: 'ar' })).toEqual({ ok: true, value: 2 });
    expect(validateAnswer('number', '٣', { ...ctx, locale: 'ar' })).toEqual({ ok: true, value: 3 });
    expect(validateAnswer('number', 'beaucoup', ctx)).toEqual({ ok: false, hint: 'core.validate.number' });
  });

  it('a choice is picked by its number in words', () => {
    const labels = ['Rouge', 'Bleu', 'Vert'];
    const numbers = env.words.numbers;
    expect(matchChoice('deux', labels, [], { numbers })).toBe(1);
    expect(matchChoice('un', labels, [], { numbers })).toBe(0);
    expect(matchChoice('three', labels, [], { numbers })).toBe(2);
    expect(matchChoice('اثنين', labels, [], { numbers })).toBe(1);
    expect(matchChoice('quatre', labels, [], { numbers })).toBe(-1);
    expect(matchChoice('deux', labels)).toBe(-1); // without the words, as before
  });

  it('the answer in words goes through the engine: "deux" at the demo colour question is Bleu', () => {
    const { state } = run(at('demo'), { kind: 'text', text: 'deux' });
    expect(state.vars.color).toBe('blue');
  });
});

describe('counts numbered by their count', () => {
  it('shows 0 to 4 and takes the digit as the count: a parent of one child types 1', () => {
    const asked = run({ ...newSessionState('fr'), welcomed: true }, { kind: 'enter-flow', flowId: 'kids' });
    expect(asked.sent[0]?.choices?.map((c) => `${c.number}. ${c.label}`)).toEqual(['0. Aucun', '1. 1 enfant', '2. 2 enfants', '3. 3 enfants', '4. 4 ou plus', '5. Passer']);
    expect(run(at('kids'), { kind: 'text', text: '1' }).state.vars.kids).toBe('one');
    expect(run(at('kids'), { kind: 'text', text: '0' }).state.vars.kids).toBe('none');
    expect(run(at('kids'), { kind: 'text', text: 'aucun' }).state.vars.kids).toBe('none');
    expect(run(at('kids'), { kind: 'text', text: 'deux' }).state.vars.kids).toBe('two');
    expect(run(at('kids'), { kind: 'text', text: 'deux enfants' }).state.vars.kids).toBe('two');
    expect(run(at('kids'), { kind: 'text', text: '4' }).state.vars.kids).toBe('more');
    // A number above those shown is "4 ou plus"; the shown 5 is "Passer", as the person reads it.
    expect(run(at('kids'), { kind: 'text', text: '7' }).state.vars.kids).toBe('more');
    expect(run(at('kids'), { kind: 'text', text: 'dix' }).state.vars.kids).toBe('more');
    expect(run(at('kids'), { kind: 'text', text: '5' }).state.vars.kids).toBe('skip');
  });

  it('without an "or-more" option a number above those shown is a miss; "or-more" needs counts', () => {
    expect(matchChoice('7', ['Aucun', '1', '2'], [], { first: 0 })).toBe(-1);
    expect(matchChoice('2', ['Aucun', '1', '2'], [], { first: 0 })).toBe(2);
    const options = [{ id: 'a', label: 'kids.none', 'or-more': true }];
    expect(flowSchema.safeParse({ id: 'x', version: 1, steps: [{ id: 's', type: 'ask-choice', text: 'kids.ask', options }] }).success).toBe(false);
    expect(flowSchema.safeParse({ id: 'x', version: 1, steps: [{ id: 's', type: 'ask-choice', text: 'kids.ask', numbering: 'count', options }] }).success).toBe(true);
  });

  it('WhatsApp shows the same numbers, in the lines and in the prompt', () => {
    const asked = run({ ...newSessionState('fr'), welcomed: true }, { kind: 'enter-flow', flowId: 'kids' });
    const question = asked.effects.find((e) => e.type === 'send');
    if (question?.type !== 'send') throw new Error('no question');
    const shown = formatOutbound(question.message, loadLocales('locales').texts, 'fr');
    expect(shown).toContain('0. Aucun\n1. 1 enfant');
    expect(shown).toContain('Répondez 0, 1, 2, 3, 4 ou 5.');
  });

  it('a miss names the range from 0', () => {
    expect(run(at('kids'), { kind: 'text', text: 'plein' }).sent[0]?.text).toBe("Je n'ai pas compris. Tapez un chiffre de 0 à 5.");
  });
});

describe('misses say their reason, in the person\'s register', () => {
  it('says "tu" to young people (the promeneurs flow), in every miss', () => {
    const first = run(at('promeneurs'), { kind: 'text', text: 'plein' });
    expect(first.sent[0]?.text).toBe("Je n'ai pas compris. Tape un chiffre de 0 à 5.");
    const second = run(first.state, { kind: 'text', text: 'encore' });
    expect(second.sent[0]?.text).toBe("Je n'ai pas compris. Tape un chiffre de 0 à 5. Pour parler à une personne, écris « quelqu'un ».");
  });

  it('keeps the reason in English and Arabic too, with the range', () => {
    const en = run(at('demo', 'en'), { kind: 'text', text: 'purple' });
    expect(en.sent[0]?.text).toBe(translate(texts, 'en', 'core.miss.range', { first: 1, last: 3 }));
    expect(en.sent[0]?.text).toContain('1');
    expect(en.sent[0]?.text).toContain('3');
    const ar = run(at('demo', 'ar'), { kind: 'text', text: 'بنفسجي' });
    expect(ar.sent[0]?.text).toBe(translate(texts, 'ar', 'core.miss.range', { first: 1, last: 3 }));
  });

  it('a two-option question says both numbers', () => {
    expect(run(at('second'), { kind: 'text', text: 'moyen' }).sent[0]?.text).toBe("Je n'ai pas compris. Tapez 1 ou 2.");
  });

  it('a one-option question says the one number', () => {
    const one = new Map(env.flows);
    one.set(...loaded({ id: 'single', version: 1, steps: [{ id: 'ask', type: 'ask-choice', text: 'kids.ask', options: [{ id: 'ok', label: 'kids.none' }] }] }));
    const e: EngineEnv = { ...env, flows: one };
    const state = step(e, { ...newSessionState('fr'), welcomed: true }, { kind: 'enter-flow', flowId: 'single' }).state;
    const missed = step(e, state, { kind: 'text', text: 'non' }).effects[0];
    expect(missed?.type === 'send' && missed.message.text).toBe("Je n'ai pas compris. Tapez 1.");
  });
});

describe('a digit between flows acts on the main menu', () => {
  const menuLabels = (s: { sent: Array<{ choices?: Choice[] }> }): string[] | undefined => s.sent.find((m) => m.choices)?.choices?.map((c) => c.label);

  it('after "stop", "2" opens the second entry of the menu instead of being lost', () => {
    const stopped = run(at('demo'), { kind: 'text', text: 'stop' });
    expect(stopped.state.position).toBeNull();
    const opened = run(stopped.state, { kind: 'text', text: '2' });
    expect(opened.sent[0]?.text).toBe(fr('second.ask'));
    expect(opened.state.position?.flowId).toBe('second');
    // "retour" goes back to the menu it acted on.
    expect(menuLabels(run(opened.state, { kind: 'text', text: 'retour' }))?.[0]).toBe('Démo (fr)');
  });

  it('a word of an entry works too; anything else shows the menu', () => {
    const stopped = run(at('demo'), { kind: 'text', text: 'stop' }).state;
    expect(run(stopped, { kind: 'text', text: 'compteur' }).state.position?.flowId).toBe('count');
    const shown = run(stopped, { kind: 'text', text: 'coucou' });
    expect(shown.state.position?.flowId).toBe('menu');
    expect(menuLabels(shown)?.[0]).toBe('Démo (fr)');
  });

  it('the end of a flow shows the menu, so the next digit acts on what the person sees', () => {
    const ended = run(at('kids'), { kind: 'text', text: '2' });
    expect(ended.sent.map((m) => m.text)).toEqual(['Noté : two.', fr('core.menu.prompt')]);
    expect(run(ended.state, { kind: 'text', text: '1' }).state.position?.flowId).toBe('demo');
  });
});
