// A question carried by a message the bot sends itself (a reminder with its buttons): `questionAt`
// gives that question exactly as the engine asks it, and entering the flow with `shown` moves the
// person there without sending it a second time.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/effects.js';
import { newSessionState, type SessionState } from '../../src/engine/state.js';
import { questionAt, step, type EngineEnv } from '../../src/engine/step.js';
import { parseDatePhrase } from '../../src/dates/parse.js';
import { translate } from '../../src/i18n/locales.js';
import { fixtureContent } from '../support/content.js';

const content = fixtureContent();
const env: EngineEnv = { ...content, now: new Date('2027-03-01T09:00:00Z'), timeZone: 'Europe/Paris', parseDate: parseDatePhrase };
const fr = (key: string): string => translate(content.texts, 'fr', key);

/** A person half-way through the demo flow: at its size question. */
function atSizeQuestion(): SessionState {
  let state: SessionState = { ...newSessionState('fr'), welcomed: true };
  state = step(env, state, { kind: 'enter-flow', flowId: 'demo' }).state;
  return step(env, state, { kind: 'text', text: '1' }).state;
}

describe('a question shown inside another message', () => {
  it('questionAt gives the question as entering the step sends it, and changes nothing', () => {
    const before = atSizeQuestion();
    const snapshot = structuredClone(before);
    const question = questionAt(env, before, 'demo', 'color');
    const entered = step(env, before, { kind: 'enter-flow', flowId: 'demo', stepId: 'color', interrupt: true });
    const sent = entered.effects.flatMap((e) => (e.type === 'send' ? [e.message] : []));
    expect(question?.text).toBe(fr('demo.ask_color'));
    expect(question?.choices?.map((c) => c.id)).toEqual(['demo:color:red', 'demo:color:blue', 'demo:color:elsewhere']);
    expect(sent.at(-1)).toEqual(question);
    expect(before).toEqual(snapshot);
  });

  it('a say step runs on to its question; a missing flow or step gives none, never the interrupted question', () => {
    // "intro" is a say: the flow runs on to its question, which is the one returned.
    expect(questionAt(env, atSizeQuestion(), 'demo', 'intro')?.text).toBe(fr('demo.ask_color'));
    expect(questionAt(env, atSizeQuestion(), 'no-such-flow', 'x')).toBeUndefined();
    expect(questionAt(env, atSizeQuestion(), 'demo', 'no-such-step')).toBeUndefined();
  });

  it('with `shown`, the person is at the step and nothing is sent; their answer is taken, then the interrupted question comes back', () => {
    const event: EngineEvent = { kind: 'enter-flow', flowId: 'demo', stepId: 'color', interrupt: true, shown: true };
    const entered = step(env, atSizeQuestion(), event);
    expect(entered.effects.filter((e) => e.type === 'send')).toEqual([]);
    expect(entered.state.position).toMatchObject({ flowId: 'demo', stepId: 'color' });
    expect(entered.state.waiting).toBe('input');
    // "2" is Bleu: the next question of the flow is asked.
    const answered = step(env, entered.state, { kind: 'text', text: '2' });
    expect(answered.state.vars.color).toBe('blue');
    expect(answered.effects.some((e) => e.type === 'send' && e.message.text === fr('demo.ask_size'))).toBe(true);
  });
});
