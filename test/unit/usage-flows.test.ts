// Which flow events one engine step gives (src/usage/flows.ts), with the real flows: started,
// step, finished, and "left" only when something other than the flow's own path took the person out.
import { describe, expect, it } from 'vitest';
import { parseDatePhrase } from '../../src/dates/parse.js';
import type { EngineEvent } from '../../src/engine/effects.js';
import { newSessionState, type SessionState } from '../../src/engine/state.js';
import { step } from '../../src/engine/step.js';
import type { UsageEvent } from '../../src/usage/model.js';
import { flowEvents } from '../../src/usage/flows.js';
import { realContent } from '../support/real-content.js';

const content = realContent();
const env = { flows: content.flows, texts: content.texts, words: content.words, timeZone: 'Europe/Paris', parseDate: parseDatePhrase, now: new Date('2026-12-02T09:00:00Z') };

/** One engine step and the usage events it gives. */
function turn(state: SessionState, event: EngineEvent): { state: SessionState; events: UsageEvent[] } {
  const result = step(env, state, event);
  return { state: result.state, events: flowEvents({ before: state, after: result.state, event, effects: result.effects }, content) };
}

const text = (t: string): EngineEvent => ({ kind: 'text', text: t });
/** A person at the first question of "droits" (already welcomed). */
const atDroits = (): SessionState => turn({ ...newSessionState('fr'), welcomed: true }, { kind: 'enter-flow', flowId: 'droits' }).state;

describe('flow usage events', () => {
  it('entering a flow: started and its first question; the main menu is never counted', () => {
    const first = turn(newSessionState('fr'), text('bonjour'));
    expect(first.state.position?.flowId).toBe('menu');
    expect(first.events).toEqual([]);
    const lieux = turn(first.state, text('4'));
    expect(lieux.state.position?.flowId).toBe('lieux');
    expect(lieux.events).toEqual([
      { kind: 'flow.started', label: 'lieux' },
      { kind: 'flow.step', label: 'lieux/town' },
    ]);
  });

  it('"stop" leaves the flow at its question (not finished); "menu" too, the menu itself not counted', () => {
    expect(turn(atDroits(), text('stop')).events).toEqual([{ kind: 'flow.left', label: 'droits/age' }]);
    expect(turn(atDroits(), text('menu')).events).toEqual([{ kind: 'flow.left', label: 'droits/age' }]);
  });

  it('an answer not understood counts nothing; an answer counts the next step', () => {
    expect(turn(atDroits(), text('banane')).events).toEqual([]);
    expect(turn(atDroits(), text('1')).events).toEqual([{ kind: 'flow.step', label: 'droits/household' }]);
  });

  it('"langue" over a question suspends it: not left; back to it afterwards is neither started nor a new step', () => {
    const langue = turn(atDroits(), text('langue'));
    expect(langue.events).toEqual([
      { kind: 'flow.started', label: 'langue' },
      { kind: 'flow.step', label: 'langue/choose' },
    ]);
    const back = turn(langue.state, text('1'));
    // The locale action first (a step), then the flow ends and the question comes back.
    const all = [...back.events, ...(back.state.waiting === 'action' ? turn(back.state, { kind: 'action-result', outcome: 'ok' }).events : [])];
    expect(all.filter((e) => e.label?.startsWith('droits'))).toEqual([]);
    expect(all).toContainEqual({ kind: 'flow.finished', label: 'langue' });
  });

  it('a new /start over a question leaves it', () => {
    expect(turn(atDroits(), { kind: 'start' }).events).toEqual([{ kind: 'flow.left', label: 'droits/age' }]);
  });
});
