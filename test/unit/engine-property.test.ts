// Whatever a person types (emoji, Arabic, very long text, control characters), the engine
// never throws and always answers: there is no input that leaves someone without a reply.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDatePhrase } from '../../src/dates/parse.js';
import { loadContent } from '../../src/content.js';
import type { EngineEvent } from '../../src/engine/effects.js';
import { newSessionState, sessionStateSchema, type SessionState } from '../../src/engine/state.js';
import { step, type EngineEnv } from '../../src/engine/step.js';
import { matchChoice } from '../../src/engine/match.js';
import { FEATURE_ACTIONS } from '../../src/features.js';

const real = loadContent({ flowsDir: 'flows', localesDir: 'locales', actions: FEATURE_ACTIONS });
const env: EngineEnv = { ...real.content, now: new Date('2027-05-10T08:00:00Z'), timeZone: 'Europe/Paris', parseDate: parseDatePhrase };

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('مرحبا، أريد تذكيرا', '👍', '🙏🏽🙏🏽', '\u0000\u0007\u001b[31m', '\u202Eabc', '   ', '1', '٣', '0', '-1', 'menu', 'retour', 'stop', 'langue', 'aide'),
  fc.string({ minLength: 2000, maxLength: 6000 }),
);

const event: fc.Arbitrary<EngineEvent> = fc.oneof(
  { weight: 6, arbitrary: text.map((t): EngineEvent => ({ kind: 'text', text: t })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 70 }).map((id): EngineEvent => ({ kind: 'choice', choiceId: id })) },
  { weight: 1, arbitrary: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }).map((p): EngineEvent => (p === undefined ? { kind: 'start' } : { kind: 'start', payload: p })) },
  { weight: 1, arbitrary: fc.constantFrom<EngineEvent>({ kind: 'unsupported', what: 'voice' }, { kind: 'open' }) },
);

/** Plays a conversation; actions are answered "ok" as the runner would after a handler. */
function play(events: EngineEvent[]): void {
  let state: SessionState = newSessionState('fr');
  for (const e of events) {
    let next: EngineEvent | undefined = e;
    let sent = 0;
    let actions = 0;
    let rounds = 0;
    while (next && rounds++ < 10) {
      const result = step(env, state, next);
      state = result.state;
      next = undefined;
      for (const effect of result.effects) {
        if (effect.type === 'send') {
          sent++;
          expect(effect.message.text.length).toBeGreaterThan(0);
          expect(effect.message.text).not.toMatch(/^[a-z]+(\.[a-z_]+)+$/); // never a raw locale key
        }
        // An action answers through its handler (e.g. handoff.request's "someone will answer").
        if (effect.type === 'action') {
          next = { kind: 'action-result', outcome: 'ok' };
          actions++;
        }
      }
    }
    expect(sent + actions).toBeGreaterThan(0);
    expect(sessionStateSchema.safeParse(state).success).toBe(true);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  }
}

describe('the engine on arbitrary input', () => {
  it('answers every message of any conversation and keeps a valid state', () => {
    expect(real.errors).toEqual([]);
    fc.assert(fc.property(fc.array(event, { minLength: 1, maxLength: 12 }), (events) => play(events)), { numRuns: 300 });
  });

  it('never picks a choice out of range, whatever is typed', () => {
    fc.assert(
      fc.property(text, fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 9 }), (typed, labels) => {
        const i = matchChoice(typed, labels);
        expect(i).toBeGreaterThanOrEqual(-1);
        expect(i).toBeLessThan(labels.length);
      }),
      { numRuns: 500 },
    );
  });
});
