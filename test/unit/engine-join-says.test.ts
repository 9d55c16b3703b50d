// A turn's plain texts leave as one message when they fit the reading budget; a question keeps its own.
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/engine/effects.js';
import { joinSays } from '../../src/engine/join-says.js';
import { step } from '../../src/engine/step.js';
import { newSessionState } from '../../src/engine/state.js';
import { parseDatePhrase } from '../../src/dates/parse.js';
import { fixtureContent } from '../support/content.js';

const say = (text: string, locale: 'fr' | 'ar' = 'fr'): Effect => ({ type: 'send', message: { text, locale } });
const texts = (effects: Effect[]): string[] => effects.flatMap((e) => (e.type === 'send' ? [e.message.text] : []));
const words = (n: number): string => Array.from({ length: n }, (_, i) => `mot${i}`).join(' ');

describe('joinSays', () => {
  it('two says that fit leave as one message, a blank line between', () => {
    expect(texts(joinSays([say("C'est noté."), say('On reprend où vous en étiez.')]))).toEqual(["C'est noté.\n\nOn reprend où vous en étiez."]);
  });

  it('two says that do not fit together leave as two', () => {
    expect(texts(joinSays([say(words(40)), say(words(30))]))).toEqual([words(40), words(30)]);
    const lines = Array.from({ length: 5 }, (_, i) => `ligne ${i}`).join('\n');
    expect(texts(joinSays([say(lines), say(lines)]))).toEqual([lines, lines]);
  });

  it('a say then a question leave as two: the question keeps its own message', () => {
    const question: Effect = { type: 'send', message: { text: 'Quelle couleur ?', locale: 'fr' } };
    expect(texts(joinSays([say('Bonjour.'), question], new Set([question])))).toEqual(['Bonjour.', 'Quelle couleur ?']);
    const buttons: Effect = { type: 'send', message: { text: 'Oui ou non ?', locale: 'fr', choices: [{ id: 'a', label: 'Oui' }] } };
    expect(texts(joinSays([say('Bonjour.'), buttons]))).toEqual(['Bonjour.', 'Oui ou non ?']);
  });

  it('texts of two languages, or around an action, stay apart; a flow end between does not separate', () => {
    expect(texts(joinSays([say('Bonjour.'), say('مرحبا.', 'ar')]))).toHaveLength(2);
    const action: Effect = { type: 'action', name: 'x', params: {}, flowId: 'f', stepId: 's' };
    expect(texts(joinSays([say('A.'), action, say('B.')]))).toEqual(['A.', 'B.']);
    const joined = joinSays([say('A.'), { type: 'flow-ended', flowId: 'f' }, say('B.')]);
    expect(texts(joined)).toEqual(['A.\n\nB.']);
    expect(joined).toContainEqual({ type: 'flow-ended', flowId: 'f' });
  });
});

describe('the engine sends joined texts', () => {
  it('a say before a question: two messages (the demo intro, then the colour question)', () => {
    const content = fixtureContent();
    const env = { ...content, now: new Date('2027-03-01T09:00:00Z'), timeZone: 'Europe/Paris', parseDate: parseDatePhrase };
    const state = step(env, newSessionState('fr'), { kind: 'text', text: 'bonjour' }).state;
    const result = step(env, state, { kind: 'text', text: '1' });
    expect(texts(result.effects)).toEqual(['Intro (fr).', 'Quelle couleur ? (fr)']);
  });
});
