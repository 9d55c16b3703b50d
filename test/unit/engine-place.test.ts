// Never losing the person's place: "langue", "mes données" and "oubli → Non" in the middle of a
// question come back to that question afterwards ("aide" already repeats it).
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content.js';
import type { EngineEvent } from '../../src/engine/effects.js';
import { newSessionState, type Json, type SessionState } from '../../src/engine/state.js';
import { step, type EngineEnv } from '../../src/engine/step.js';
import { parseDatePhrase } from '../../src/dates/parse.js';
import { formatDataError } from '../../src/data/load-yaml.js';
import { translate, type Locale } from '../../src/i18n/locales.js';
import { privacyStage } from '../../src/privacy/stage.js';
import type { TurnContext } from '../../src/conversation/pipeline.js';
import { fixtureDirs } from '../support/content.js';

const loaded = loadContent({ ...fixtureDirs([], [{ flow: 'donnees', texts: 'privacy' }]), actions: new Set(['locale.set', 'test.echo', 'privacy.describe', 'privacy.erase']) });
if (loaded.errors.length > 0) throw new Error(loaded.errors.map(formatDataError).join('\n'));
const content = loaded.content;
const env: EngineEnv = { ...content, now: new Date('2027-03-01T09:00:00Z'), timeZone: 'Europe/Paris', parseDate: parseDatePhrase };
const t = (locale: Locale, key: string): string => translate(content.texts, locale, key);

/** Plays turns like the runner: actions succeed (locale.set reports its locale). Returns what is sent. */
function play(state: SessionState, first: EngineEvent): { state: SessionState; sent: string[] } {
  const sent: string[] = [];
  let event: EngineEvent | undefined = first;
  while (event) {
    const result = step(env, state, event);
    state = result.state;
    event = undefined;
    for (const e of result.effects) {
      if (e.type === 'send') sent.push(e.message.text);
      if (e.type === 'action') {
        const locale = e.params.locale;
        event = typeof locale === 'string' ? { kind: 'action-result', outcome: 'ok', locale } : { kind: 'action-result', outcome: 'ok', vars: {} as Record<string, Json> };
      }
    }
  }
  return { state, sent };
}

function atColour(): SessionState {
  let state = play(newSessionState('fr'), { kind: 'text', text: 'bonjour' }).state;
  state = play(state, { kind: 'text', text: '1' }).state;
  expect(state.position?.stepId).toBe('color');
  return state;
}

describe('"langue" in the middle of a question', () => {
  it('comes back to the question, asked again in the new language', () => {
    const asked = play(atColour(), { kind: 'text', text: 'langue' });
    expect(asked.sent).toEqual([t('fr', 'core.language.prompt')]);
    const chosen = play(asked.state, { kind: 'text', text: '2' });
    expect(chosen.state.locale).toBe('en');
    expect(chosen.sent).toEqual([`${t('en', 'core.language.done')}\n\n${t('en', 'core.resume')}`, t('en', 'demo.ask_color')]);
    expect(play(chosen.state, { kind: 'text', text: '2' }).state.vars.color).toBe('blue');
  });

  it('from the menu, shows the menu again in the new language', () => {
    let state = play(newSessionState('fr'), { kind: 'text', text: 'bonjour' }).state;
    state = play(state, { kind: 'text', text: 'langue' }).state;
    const chosen = play(state, { kind: 'text', text: '3' });
    expect(chosen.sent).toEqual([t('ar', 'core.language.done'), t('ar', 'core.menu.prompt')]);
    expect(chosen.state.position?.flowId).toBe('menu');
  });
});

describe('"mes données" and "oubli" in the middle of a question', () => {
  /** The event the privacy stage makes of what the person typed. */
  async function privacyEvent(text: string, state: SessionState): Promise<EngineEvent> {
    const ctx = { inbound: { content: { kind: 'text', text } }, event: { kind: 'text', text }, isNew: false, forBot: false, state, reply: async () => undefined } as unknown as TurnContext;
    await privacyStage(content.texts)(ctx, async () => undefined);
    return ctx.event;
  }

  it('"mes données" shows what is kept, then the question again', async () => {
    const state = atColour();
    const shown = play(state, await privacyEvent('mes données', state));
    expect(shown.sent).toEqual([`${t('fr', 'privacy.after_summary')}\n\n${t('fr', 'core.resume')}`, t('fr', 'demo.ask_color')]);
    expect(shown.state.position?.stepId).toBe('color');
  });

  it('"oubli" answered "Non": nothing erased, back to the question', async () => {
    const state = atColour();
    const asked = play(state, await privacyEvent('oubli', state));
    expect(asked.sent).toEqual([t('fr', 'privacy.confirm_forget')]);
    const kept = play(asked.state, { kind: 'text', text: '2' });
    expect(kept.sent).toEqual([`${t('fr', 'privacy.kept_all')}\n\n${t('fr', 'core.resume')}`, t('fr', 'demo.ask_color')]);
    expect(play(kept.state, { kind: 'text', text: '1' }).state.vars.color).toBe('red');
  });

  it('"oubli" answered "Oui": everything erased, no question and no menu after', async () => {
    const state = atColour();
    const asked = play(state, await privacyEvent('oubli', state));
    const erased = play(asked.state, { kind: 'text', text: 'oui' });
    expect(erased.sent).toEqual([t('fr', 'privacy.erased')]);
    expect(erased.state.position).toBeNull();
    expect(erased.state.resume).toBeNull();
  });

  it('"aide" still explains and repeats the question', () => {
    const helped = play(atColour(), { kind: 'text', text: 'aide' });
    expect(helped.sent).toEqual([t('fr', 'core.help'), t('fr', 'demo.ask_color')]);
  });
});
