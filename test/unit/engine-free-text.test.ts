// An ask-choice with `free-text: true`: its options as buttons or digits, and any other answer kept
// as typed (a town given by its button or typed as a postal code), for the next step to read.
import { describe, expect, it } from 'vitest';
import { parseDatePhrase } from '../../src/dates/parse.js';
import type { LoadedFlow } from '../../src/engine/load.js';
import { flowSchema } from '../../src/engine/schema.js';
import { newSessionState, type SessionState } from '../../src/engine/state.js';
import { step, type EngineEnv } from '../../src/engine/step.js';
import { translate } from '../../src/i18n/locales.js';
import { fixtureContent } from '../support/content.js';

const content = fixtureContent();
const flow = flowSchema.parse({
  id: 'pick',
  version: 1,
  steps: [
    {
      id: 'ask',
      type: 'ask-choice',
      text: 'demo.ask_color',
      var: 'picked',
      'free-text': true,
      options: [
        { id: 'red', label: 'demo.red' },
        { id: 'blue', label: 'demo.blue', next: 'other' },
      ],
      next: 'done',
    },
    { id: 'other', type: 'end', text: 'demo.ask_size' },
    { id: 'done', type: 'end', text: 'demo.done' },
  ],
});
const loaded: LoadedFlow = { flow, file: 'pick.yaml', steps: new Map(flow.steps.map((s) => [s.id, s])), startStep: 'ask', lines: () => 1 };
const env: EngineEnv = { ...content, flows: new Map([...content.flows, ['pick', loaded]]), now: new Date('2027-03-01T09:00:00Z'), timeZone: 'Europe/Paris', parseDate: parseDatePhrase };
const fr = (key: string): string => translate(content.texts, 'fr', key);

function asked(): SessionState {
  const state = { ...newSessionState('fr'), welcomed: true };
  return step(env, state, { kind: 'enter-flow', flowId: 'pick' }).state;
}

function answer(text: string): { shown: string[]; state: SessionState } {
  const result = step(env, asked(), { kind: 'text', text });
  return { shown: result.effects.flatMap((e) => (e.type === 'send' ? [e.message.text] : [])), state: result.state };
}

describe('ask-choice with free-text', () => {
  it('an option by its digit, label or button works as before', () => {
    expect(answer('1').state.vars.picked).toBe('red');
    // The flow ends there, and the menu follows: the next digit acts on what the person sees.
    expect(answer('Bleu').shown).toEqual([fr('demo.ask_size'), fr('core.menu.prompt')]);
    const pressed = step(env, asked(), { kind: 'choice', choiceId: 'pick:ask:blue' });
    expect(pressed.state.vars.picked).toBe('blue');
  });

  it('any other answer is kept as typed and the flow goes on to next', () => {
    const { shown, state } = answer('  59100 ');
    expect(state.vars.picked).toBe('59100');
    expect(shown).toEqual([fr('demo.done'), fr('core.menu.prompt')]);
    expect(answer('5').state.vars.picked).toBe('5');
  });

  it('global words keep their meaning', () => {
    expect(answer('menu').shown[0]).toBe(fr('core.menu.prompt'));
  });

  it('needs a var and a next', () => {
    const bad = flowSchema.safeParse({ id: 'x', version: 1, steps: [{ id: 'a', type: 'ask-choice', text: 'demo.ask_color', 'free-text': true, options: [{ id: 'r', label: 'demo.red' }] }] });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('free-text');
  });
});
