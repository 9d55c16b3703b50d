// Transcripts of the pure engine: what a person would read, turn by turn.
import { describe, expect, it } from 'vitest';
import type { Effect, EngineEvent } from '../../src/engine/effects.js';
import { newSessionState, type Json, type SessionState } from '../../src/engine/state.js';
import { step, type EngineEnv } from '../../src/engine/step.js';
import { translate } from '../../src/i18n/locales.js';
import { parseDatePhrase } from '../../src/dates/parse.js';
import { loadContent } from '../../src/content.js';
import { fixtureContent } from '../support/content.js';
import { FEATURE_ACTIONS } from '../../src/features.js';

const content = fixtureContent();
const NOW = new Date('2027-03-01T09:00:00Z');
const env: EngineEnv = { ...content, now: NOW, timeZone: 'Europe/Paris', parseDate: parseDatePhrase };
const fr = (key: string, args: Record<string, unknown> = {}): string => translate(content.texts, 'fr', key, args);

/** Plays the engine like the runner does, with test actions, and records what is shown. */
class Chat {
  state: SessionState = newSessionState('fr');
  effects: Effect[] = [];
  constructor(private readonly e: EngineEnv = env) {}

  send(event: EngineEvent): string[] {
    const shown: string[] = [];
    let next: EngineEvent | undefined = event;
    while (next) {
      const result = step(this.e, this.state, next);
      this.state = result.state;
      this.effects.push(...result.effects);
      next = undefined;
      for (const effect of result.effects) {
        if (effect.type === 'send') {
          shown.push(effect.message.text);
          effect.message.choices?.forEach((c, i) => shown.push(`${c.number ?? i + 1}. ${c.label}`));
        }
        if (effect.type === 'action') next = runTestAction(effect.params);
      }
    }
    return shown;
  }

  say(text: string): string[] {
    return this.send({ kind: 'text', text });
  }
}

function runTestAction(params: Record<string, Json>): EngineEvent {
  if (typeof params.locale === 'string') return { kind: 'action-result', outcome: 'ok', locale: params.locale };
  return params.pick === 'bad'
    ? { kind: 'action-result', outcome: 'failed' }
    : { kind: 'action-result', outcome: 'ok', vars: { echoed: params.note ?? null } };
}

const MENU = [fr('core.menu.prompt'), '1. Démo (fr)', '2. Second (fr)', '3. Compteur (fr)', `4. ${fr('core.menu.language')}`];

describe('first contact and the menu', () => {
  it('welcomes a new person and shows the menu built from the flows', () => {
    const chat = new Chat();
    expect(chat.say('bonjour')).toEqual([fr('core.welcome'), ...MENU]);
  });

  it('goes through the demo branch by digits, with a number, a date and yes/no', () => {
    const chat = new Chat();
    chat.say('salut');
    expect(chat.say('1')).toEqual(['Intro (fr).', 'Quelle couleur ? (fr)', '1. Rouge', '2. Bleu', '3. Ailleurs']);
    expect(chat.say('2')).toEqual(['Quelle taille ? (fr)']);
    expect(chat.say('12')).toEqual(['Grand blue de taille 12.', 'Quand ? (fr)']);
    expect(chat.say('demain à 10h')).toEqual(['Sûr ? (fr)', `1. ${fr('core.yes')}`, `2. ${fr('core.no')}`]);
    expect(chat.state.vars.when).toBe('2027-03-02T09:00:00.000Z');
    // The end of a flow brings the menu back: the next digit acts on the list the person sees.
    expect(chat.say('oui')).toEqual(['Fini (fr).', ...MENU]);
    expect(chat.state.position?.flowId).toBe('menu');
    expect(chat.state.vars.sure).toBe(true);
    expect(chat.effects).toContainEqual({ type: 'flow-ended', flowId: 'demo' });
  });

  it('accepts the label, a close spelling, or a button press instead of a digit', () => {
    const chat = new Chat();
    chat.say('salut');
    expect(chat.say('demo')[1]).toBe('Quelle couleur ? (fr)');
    expect(chat.say('rouje')).toEqual(['Quelle taille ? (fr)']);
    expect(chat.state.vars.color).toBe('red');
    const back = new Chat();
    back.say('salut');
    expect(back.send({ kind: 'choice', choiceId: 'menu:main:second' })[0]).toBe('Bon ou mauvais ? (fr)');
  });

  it('runs an action and follows its outcome, then returns to the menu', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('2');
    expect(chat.say('1')).toEqual(['Action réussie : picked good.', ...MENU]);
    chat.say('2');
    expect(chat.say('mauvais')).toEqual(['Action ratée.', ...MENU]);
  });

  it('switches to another flow from an option', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    expect(chat.say('3')).toEqual(['Envoyez un mot.']);
  });

  it('opens a flow from a deep link, even at first contact, without the general welcome in between', () => {
    const chat = new Chat();
    expect(chat.send({ kind: 'start', payload: 'demo' })).toEqual(['Intro (fr).', 'Quelle couleur ? (fr)', '1. Rouge', '2. Bleu', '3. Ailleurs']);
    const other = new Chat();
    other.say('hi');
    expect(other.send({ kind: 'start', payload: 'second' })).toEqual([fr('core.welcome_back'), ...MENU]); // not a deep-link flow
  });
});

describe('global words', () => {
  it('"menu" goes back to the menu from the middle of a flow', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    expect(chat.say('Menu')).toEqual(MENU);
  });

  it('"retour" asks the previous question again', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    chat.say('1');
    expect(chat.say('retour')).toEqual(['Quelle couleur ? (fr)', '1. Rouge', '2. Bleu', '3. Ailleurs']);
    expect(chat.say('retour')).toEqual(MENU);
    expect(chat.say('retour')).toEqual([fr('core.nothing_to_go_back_to'), ...MENU]);
  });

  it('"aide" explains and repeats the question', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    expect(chat.say('aide')).toEqual([fr('core.help'), 'Quelle couleur ? (fr)', '1. Rouge', '2. Bleu', '3. Ailleurs']);
  });

  it('"langue" changes the language, and words work in every language', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('langue');
    const shown = chat.say('3');
    expect(shown[0]).toBe(translate(content.texts, 'ar', 'core.language.done'));
    expect(chat.state.locale).toBe('ar');
    expect(chat.say('menu')[0]).toBe(translate(content.texts, 'ar', 'core.menu.prompt'));
    expect(chat.say('قائمة')[0]).toBe(translate(content.texts, 'ar', 'core.menu.prompt'));
  });

  it('"stop" ends the conversation; the next message brings the menu back', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    expect(chat.say('stop')).toEqual([fr('core.goodbye')]);
    expect(chat.state.position).toBeNull();
    expect(chat.say('coucou')).toEqual(MENU);
  });
});

describe('answers the bot does not understand', () => {
  it('says which numbers work, and from the second miss on adds the way to a person', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    const question = ['Quelle couleur ? (fr)', '1. Rouge', '2. Bleu', '3. Ailleurs'];
    const reason = "Je n'ai pas compris. Tapez un chiffre de 1 à 3.";
    const wayOut = "Pour parler à une personne, écrivez « quelqu'un ».";
    expect(chat.say('violet')).toEqual([reason, ...question]);
    expect(chat.say('9')).toEqual([`${reason} ${wayOut}`, ...question]);
    expect(chat.say('0')).toEqual([`${reason} ${wayOut}`, ...question]);
    expect(chat.say('1')).toEqual(['Quelle taille ? (fr)']);
    expect(chat.say('beaucoup')).toEqual([fr('core.validate.number'), 'Quelle taille ? (fr)']);
  });

  it('a yes/no question says which digit is yes and which is no', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    chat.say('1');
    chat.say('2');
    chat.say('demain à 10h');
    const question = ['Sûr ? (fr)', `1. ${fr('core.yes')}`, `2. ${fr('core.no')}`];
    expect(chat.say('peut-être')).toEqual(["Je n'ai pas compris. Tapez 1 pour oui, 2 pour non.", ...question]);
    expect(chat.say('ouais')[0]).toBe('Fini (fr).');
    expect(chat.state.vars.sure).toBe(true);
  });

  it('refuses a past or impossible date kindly, with an example', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    chat.say('1');
    chat.say('2');
    expect(chat.say('12/01/2020')).toEqual([fr('core.validate.date_past'), 'Quand ? (fr)']);
    const wayOut = fr('core.miss.way_out');
    expect(chat.say('31/02/2028')).toEqual([`${fr('core.validate.date_impossible')} ${wayOut}`, 'Quand ? (fr)']);
    expect(chat.say('31/02/2028')).toEqual([`${fr('core.validate.date_impossible')} ${wayOut}`, 'Quand ? (fr)']);
    expect(chat.say('pas un nombre')).not.toContain('Sûr ? (fr)');
  });

  it('answers a voice note or a photo kindly and repeats the question', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    expect(chat.send({ kind: 'unsupported', what: 'voice' })).toEqual([fr('core.unsupported'), 'Quelle couleur ? (fr)', '1. Rouge', '2. Bleu', '3. Ailleurs']);
  });

  it('answers a press on an old button with the current question', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    chat.say('1');
    expect(chat.send({ kind: 'choice', choiceId: 'demo:color:blue' })).toEqual([fr('core.stale_button'), 'Quelle taille ? (fr)']);
    expect(chat.state.vars.color).toBe('red');
  });
});

describe('a global word that is also a choice of the question', () => {
  it('"stop" under a question offering "stop" takes that choice, not the global stop', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    chat.send({ kind: 'enter-flow', flowId: 'ping', interrupt: true });
    expect(chat.say('STOP')).toEqual([`Rappel arrêté (fr).\n\n${fr('core.resume')}`, 'Quelle couleur ? (fr)', '1. Rouge', '2. Bleu', '3. Ailleurs']);
    expect(chat.say('stop')).toEqual([fr('core.goodbye')]);
  });

  it('"-1" is not understood as choice 1', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    expect(chat.say('-1')[0]).toBe(fr('core.miss.range', { first: 1, last: 3 }));
  });
});

describe('flows edited while people are in them', () => {
  it('apologises and restarts the flow when the stored step vanished', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    chat.state.position = { flowId: 'demo', version: 0, stepId: 'removed-step' };
    expect(chat.say('1')).toEqual([`${fr('core.flow_changed')}\n\nIntro (fr).`, 'Quelle couleur ? (fr)', '1. Rouge', '2. Bleu', '3. Ailleurs']);
  });

  it('goes back to the menu when the whole flow vanished', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.state.position = { flowId: 'gone', version: 1, stepId: 'x' };
    expect(chat.say('1')).toEqual([fr('core.flow_changed'), ...MENU]);
  });

  it('keeps going after a version change when the step still exists', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    chat.state.position = { flowId: 'demo', version: 0, stepId: 'color' };
    expect(chat.say('2')).toEqual(['Quelle taille ? (fr)']);
  });
});

describe('interruptions by the bot', () => {
  const COLOR = ['Quelle couleur ? (fr)', '1. Rouge', '2. Bleu', '3. Ailleurs'];

  it('asks the interrupted question again once the interruption ends', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    expect(chat.send({ kind: 'enter-flow', flowId: 'ping', interrupt: true })).toEqual(['Rappel ! Fait ? (fr)', "1. C'est fait", '2. Arrête ce rappel']);
    expect(chat.say('1')).toEqual([`Bravo (fr).\n\n${fr('core.resume')}`, ...COLOR]);
    expect(chat.say('2')).toEqual(['Quelle taille ? (fr)']);
  });

  it('forgets the interrupted question when the person goes to the menu', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.say('1');
    chat.send({ kind: 'enter-flow', flowId: 'ping', interrupt: true });
    expect(chat.say('menu')).toEqual(MENU);
    expect(chat.state.resume).toBeNull();
    expect(chat.say('1')[0]).toBe('Intro (fr).');
  });

  it('brings back the menu, without "on reprend", after an interruption between flows', () => {
    const chat = new Chat();
    chat.say('salut');
    chat.send({ kind: 'enter-flow', flowId: 'ping', interrupt: true });
    expect(chat.say('1')).toEqual(['Bravo (fr).', ...MENU]);
  });
});

describe('the real flows', () => {
  it('every main-menu entry opens without an error', () => {
    const real = loadContent({ flowsDir: 'flows', localesDir: 'locales', actions: FEATURE_ACTIONS });
    expect(real.errors).toEqual([]);
    const realEnv: EngineEnv = { ...real.content, now: NOW, timeZone: 'Europe/Paris', parseDate: parseDatePhrase };
    const entries = [...real.content.flows.values()].filter((f) => f.flow.menu);
    expect(entries.length).toBeGreaterThan(0);
    entries.forEach((_, i) => {
      const chat = new Chat(realEnv);
      chat.say('bonjour');
      const shown = chat.say(String(i + 1));
      expect(shown.length).toBeGreaterThan(0);
      expect(chat.effects.filter((e) => e.type === 'error')).toEqual([]);
      expect(shown.some((text) => text.startsWith(translate(real.content.texts, 'fr', 'core.not_understood')))).toBe(false);
    });
  });
});
