// The conversation engine: a pure function (flows, state, event) → (new state, effects).
// No I/O and no clock: time, texts and the date parser come in through `env`.
import { z } from 'zod';
import type { Choice, Outbound } from '../core/message.js';
import { audienceOf } from '../crisis/audience.js';
import { isLocale, translate, type Texts } from '../i18n/locales.js';
import { normalise } from '../i18n/words.js';
import type { Effect, EngineEvent } from './effects.js';
import { joinSays } from './join-says.js';
import type { FlowSet, LoadedFlow } from './load.js';
import { matchChoice, type MatchOptions } from './match.js';
import { FIRST_PAGE, isPageTurn, NEXT_PAGE, optionsOnPage } from './pages.js';
import type { Step } from './schema.js';
import type { Json, Position, SessionState } from './state.js';
import { validateAnswer, type DateParser, type ValidateContext } from './validate.js';
import { globalWordOf, type WordSets } from './words.js';

export interface EngineEnv {
  flows: FlowSet;
  texts: Texts;
  words: WordSets;
  now: Date;
  timeZone: string;
  parseDate: DateParser;
}

export interface StepResult {
  state: SessionState;
  effects: Effect[];
}

/** Enough for any sane flow; more means steps that loop on each other without a question. */
const MAX_HOPS = 100;
const MAX_HISTORY = 20;
const MENU_FLOW = 'menu';

/** What follows the end of a flow when no interrupted question is waiting. */
type AfterEnd = 'menu' | 'nothing' | 'final';

const dynamicOptions = z.array(z.object({ id: z.string(), label: z.string(), args: z.record(z.string(), z.unknown()).optional() }));

export function step(env: EngineEnv, state: SessionState, event: EngineEvent): StepResult {
  const turn = new Turn(env, structuredClone(state));
  turn.handle(event);
  return { state: turn.state, effects: joinSays(turn.effects, turn.questions) };
}

/**
 * The question a person in `state` would be asked on entering `flowId` at `stepId`, as the engine
 * sends it (text, choices and their ids), or undefined when that step asks nothing. Pure: the state
 * is not changed. A reminder puts it in its own message, then enters the flow with `shown`.
 */
export function questionAt(env: EngineEnv, state: SessionState, flowId: string, stepId: string, vars: Record<string, Json> = {}): Outbound | undefined {
  const turn = new Turn(env, structuredClone(state));
  turn.handle({ kind: 'enter-flow', flowId, stepId, vars, interrupt: true });
  // A missing flow or step ends in an error and brings back the interrupted question: not this one.
  if (turn.effects.some((e) => e.type === 'error') || turn.state.position?.flowId !== flowId) return undefined;
  const question = [...turn.questions][0];
  return question?.type === 'send' ? question.message : undefined;
}

/** One turn of conversation: mutates its own copy of the state and collects effects. */
class Turn {
  readonly effects: Effect[] = [];
  /** The sends that ask a question: each keeps its own message. */
  readonly questions = new Set<Effect>();
  constructor(
    private readonly env: EngineEnv,
    readonly state: SessionState,
  ) {}

  handle(event: EngineEvent): void {
    if (event.kind === 'action-result') return this.onActionResult(event);
    if (event.kind === 'enter-flow') {
      // Opened by the bot (a reminder, a privacy word): the person's next answer goes to this flow.
      this.state.welcomed = true;
      Object.assign(this.state.vars, event.vars ?? {});
      if (event.interrupt) this.interrupt(event.flowId, event.stepId);
      else {
        this.state.resume = null;
        this.state.history = [];
        this.enterFlow(event.flowId, event.stepId);
      }
      if (event.shown) this.unsayQuestions();
      return;
    }
    if (!this.state.welcomed) {
      this.state.welcomed = true;
      // A deep link (?start=promeneurs) goes straight to its flow: the general welcome would only
      // stand between a person and what they came for (the privacy notice still comes first).
      const deepLink = event.kind === 'start' ? this.deepLinkFlow(event.payload) : undefined;
      if (deepLink) return this.enterFlow(deepLink);
      this.say('core.welcome');
      return this.enterFlow('menu');
    }
    switch (event.kind) {
      case 'start': {
        const deepLink = this.deepLinkFlow(event.payload);
        this.state.history = [];
        this.state.resume = null;
        if (deepLink) return this.enterFlow(deepLink);
        this.say('core.welcome_back');
        return this.enterFlow('menu');
      }
      case 'open':
        this.say('core.welcome_back');
        return this.repeatQuestion();
      case 'resume':
        this.say('core.resume');
        return this.repeatQuestion();
      case 'pause':
        this.state.position = null;
        this.state.waiting = null;
        this.state.resume = null;
        return;
      case 'unsupported':
        this.say('core.unsupported');
        return this.repeatQuestion();
      case 'choice':
        return this.onChoice(event.choiceId);
      case 'text':
        return this.onText(event.text);
    }
  }

  // ---- inputs ----

  private onText(text: string): void {
    const word = globalWordOf(text, this.env.words);
    if (word) {
      // A question that offers that very choice takes it ("stop" under a reminder stops the reminder).
      const own = this.optionNamed(word);
      if (own) return this.choose(own.loaded, own.step, word);
      return this.onGlobalWord(word);
    }
    // Nowhere (a flow ended, or "stop"): a digit or a word of the main menu opens that entry.
    if (!this.state.position && this.chooseFromMenu(text)) return;
    const current = this.stepOrRecover();
    if (!current) return;
    const { loaded, step } = current;
    if (this.state.waiting !== 'input') return this.enterStep(loaded, step.id);
    if (step.type === 'ask-text' && step.validate === 'yes-no') {
      const typed = normalise(text);
      if (this.env.words.yes.has(typed)) return this.choose(loaded, step, 'yes');
      if (this.env.words.no.has(typed)) return this.choose(loaded, step, 'no');
    }
    if (step.type === 'ask-choice' || step.type === 'menu' || (step.type === 'ask-text' && step.validate === 'yes-no')) {
      const options = this.shownOptions(loaded, step);
      if (!options) return;
      // A digit is the one on the page on screen; a label is taken from any page.
      const chosen = options[this.match(text, step, options)] ?? this.byLabelOnAnyPage(loaded, step, text);
      if (chosen) return this.choose(loaded, step, chosen.optionId);
      if (step.type === 'ask-choice' && step['free-text'] && step.var) return this.freeText(loaded, step, step.var, text);
      return this.missChoice(step, options.length);
    }
    if (step.type === 'ask-text') {
      const result = validateAnswer(step.validate, text, this.validateContext());
      if (!result.ok) return this.miss(step.hint ?? result.hint);
      this.state.vars[step.var] = result.value;
      return this.advance(loaded, step.next);
    }
    return this.miss('core.not_understood');
  }

  /** An answer that is none of the options, at a question that takes free text too. */
  private freeText(loaded: LoadedFlow, step: Step & { type: 'ask-choice' }, variable: string, text: string): void {
    const result = validateAnswer('text', text, this.validateContext());
    if (!result.ok) return this.missChoice(step, this.shownOptions(loaded, step)?.length ?? 0);
    this.remember();
    this.state.vars[variable] = result.value;
    return this.advance(loaded, step.next);
  }

  /** Index of the option `text` designates, or -1: by its shown number (in digits or words) or label. */
  private match(text: string, step: Step, options: ReadonlyArray<{ optionId: string; label: string }>): number {
    return matchChoice(
      text,
      options.map((o) => o.label),
      options.map((o) => o.optionId),
      this.matchOptions(step),
    );
  }

  private matchOptions(step: Step): MatchOptions {
    if (step.type !== 'ask-choice' || step.numbering !== 'count') return { numbers: this.env.words.numbers };
    const orMore = step.options?.findIndex((o) => o['or-more']) ?? -1;
    return { numbers: this.env.words.numbers, first: 0, ...(orMore >= 0 ? { orMore } : {}) };
  }

  /**
   * Opens the main-menu entry `text` names, as if the menu had been shown: the person is between
   * flows, and the menu is the list they chose from last. False when it names none.
   */
  private chooseFromMenu(text: string): boolean {
    const menu = this.env.flows.get(MENU_FLOW);
    const main = menu?.steps.get(menu.startStep);
    if (!menu || !main) return false;
    const options = this.shownOptions(menu, main) ?? [];
    const chosen = options[this.match(text, main, options)];
    if (!chosen) return false;
    this.state.position = { flowId: MENU_FLOW, version: menu.flow.version, stepId: main.id };
    this.state.waiting = 'input';
    this.choose(menu, main, chosen.optionId);
    return true;
  }

  /**
   * Opens `flowId` over the question the person is answering, which is asked again when that flow
   * ends (a reminder arriving, "langue", "mes données").
   */
  private interrupt(flowId: string, stepId?: string): void {
    const pos = this.state.position;
    if (pos && this.state.waiting === 'input' && pos.flowId !== flowId && pos.flowId !== MENU_FLOW) this.state.resume = pos;
    this.state.history = [];
    this.enterFlow(flowId, stepId);
  }

  private validateContext(): ValidateContext {
    return { now: this.env.now, timeZone: this.env.timeZone, locale: this.state.locale, words: this.env.words, parseDate: this.env.parseDate };
  }

  /** The current question's option whose id is `id`, if the person is being asked one. */
  private optionNamed(id: string): { loaded: LoadedFlow; step: Step } | undefined {
    const pos = this.state.position;
    if (!pos || this.state.waiting !== 'input') return undefined;
    const loaded = this.env.flows.get(pos.flowId);
    const step = loaded?.steps.get(pos.stepId);
    if (!loaded || step?.type !== 'ask-choice' || !step.options?.some((o) => o.id === id)) return undefined;
    return { loaded, step };
  }

  private onChoice(choiceId: string): void {
    const [flowId, stepId, optionId] = choiceId.split(':');
    const pos = this.state.position;
    if (!pos || pos.flowId !== flowId || pos.stepId !== stepId || this.state.waiting !== 'input' || optionId === undefined) {
      this.say('core.stale_button');
      return this.repeatQuestion();
    }
    const current = this.stepOrRecover();
    if (!current) return;
    const options = this.optionsOf(current.loaded, current.step);
    if (!isPageTurn(optionId) && !options?.some((o) => o.optionId === optionId)) {
      this.say('core.stale_button');
      return this.repeatQuestion();
    }
    this.choose(current.loaded, current.step, optionId);
  }

  private onGlobalWord(word: 'menu' | 'back' | 'help' | 'language' | 'stop'): void {
    switch (word) {
      case 'menu':
        this.state.history = [];
        this.state.resume = null;
        return this.enterFlow('menu');
      case 'language':
        return this.interrupt('langue');
      case 'help':
        this.say('core.help');
        return this.repeatQuestion();
      case 'stop':
        this.state.resume = null;
        this.endFlow();
        this.say('core.goodbye');
        return;
      case 'back': {
        const previous = this.state.history.pop();
        const loaded = previous && this.env.flows.get(previous.flowId);
        if (!previous || !loaded || !loaded.steps.has(previous.stepId)) {
          this.say('core.nothing_to_go_back_to');
          return this.repeatQuestion();
        }
        return this.enterStep(loaded, previous.stepId, false);
      }
    }
  }

  private onActionResult(event: Extract<EngineEvent, { kind: 'action-result' }>): void {
    const current = this.stepOrRecover();
    if (!current || current.step.type !== 'action' || this.state.waiting !== 'action') return;
    Object.assign(this.state.vars, event.vars ?? {});
    if (event.locale && isLocale(event.locale)) {
      this.state.locale = event.locale;
      this.state.localeChosen = true;
    }
    const { loaded, step } = current;
    const target = step.on?.[event.outcome] ?? (event.outcome === 'ok' ? step.next : undefined);
    if (target === undefined && event.outcome !== 'ok') {
      this.effects.push({ type: 'error', message: `action ${step.action} reported "${event.outcome}" with no step for it` });
      this.say('core.error');
      return this.endFlow();
    }
    this.advance(loaded, target);
  }

  // ---- moving through flows ----

  private choose(loaded: LoadedFlow, step: Step, optionId: string): void {
    if (isPageTurn(optionId)) return this.turnPage(loaded, step, optionId);
    this.remember();
    if (step.type === 'menu') return this.enterFlow(optionId);
    if (step.type === 'ask-text') {
      this.state.vars[step.var] = optionId === 'yes';
      return this.advance(loaded, step.next);
    }
    if (step.type !== 'ask-choice') return;
    if (step.var) this.state.vars[step.var] = optionId;
    const option = step.options?.find((o) => o.id === optionId);
    // "Back to the menu" ends an interruption: the interrupted question comes first.
    if (option?.flow === MENU_FLOW && this.state.resume) return this.endFlow('menu');
    if (option?.flow) return this.enterFlow(option.flow);
    this.advance(loaded, option?.next ?? step.next);
  }

  private remember(): void {
    if (!this.state.position) return;
    this.state.history.push(this.state.position);
    if (this.state.history.length > MAX_HISTORY) this.state.history.shift();
  }

  private advance(loaded: LoadedFlow, next: string | undefined): void {
    this.state.misses = 0;
    if (next === undefined) return this.endFlow('menu');
    this.enterStep(loaded, next);
  }

  private enterFlow(flowId: string, stepId?: string): void {
    const loaded = this.env.flows.get(flowId);
    if (!loaded) {
      this.effects.push({ type: 'error', message: `flow "${flowId}" does not exist` });
      this.say('core.error');
      return this.endFlow();
    }
    this.enterStep(loaded, stepId ?? loaded.startStep);
  }

  /** Runs steps from `stepId` until one waits for the person or an action, or the flow ends. */
  private enterStep(loaded: LoadedFlow, stepId: string, resetMisses = true): void {
    let flow = loaded;
    let id = stepId;
    if (resetMisses) this.state.misses = 0;
    for (let hops = 0; hops < MAX_HOPS; hops++) {
      const step = flow.steps.get(id);
      if (!step) {
        this.effects.push({ type: 'error', message: `step "${id}" does not exist in flow "${flow.flow.id}"` });
        this.say('core.error');
        return this.endFlow();
      }
      this.state.position = { flowId: flow.flow.id, version: flow.flow.version, stepId: id };
      switch (step.type) {
        case 'say':
          this.say(step.text);
          if (step.next === undefined) return this.endFlow('menu');
          id = step.next;
          continue;
        case 'ask-choice':
        case 'ask-text':
        case 'menu':
          this.state.waiting = 'input';
          this.ask(flow, step);
          return;
        case 'action':
          this.state.waiting = 'action';
          this.effects.push({ type: 'action', name: step.action, params: this.fill(step.params ?? {}), flowId: flow.flow.id, stepId: id });
          return;
        case 'go-to-step':
          id = step.step;
          continue;
        case 'go-to-flow': {
          if (step.flow === MENU_FLOW && this.state.resume) return this.endFlow('menu');
          const target = this.env.flows.get(step.flow);
          if (!target) {
            this.effects.push({ type: 'error', message: `flow "${step.flow}" does not exist` });
            this.say('core.error');
            return this.endFlow();
          }
          flow = target;
          id = step.step ?? target.startStep;
          continue;
        }
        case 'branch': {
          const match = step.cases.find((c) => {
            const value = this.state.vars[c.var];
            if (c.equals !== undefined) return value === c.equals;
            if (c.in !== undefined) return c.in.some((v) => v === value);
            return value !== undefined && value !== null;
          });
          id = match?.next ?? step.else;
          continue;
        }
        case 'end':
          if (step.text) this.say(step.text);
          // After a text, the menu: what the person sees next is the list their next digit acts on.
          // Without one (a person took over, help numbers were sent), nothing more is said.
          return this.endFlow(step.final ? 'final' : step.text ? 'menu' : 'nothing');
      }
    }
    this.effects.push({ type: 'error', message: `flow "${flow.flow.id}" loops without asking anything` });
    this.say('core.error');
    this.endFlow();
  }

  private endFlow(after: AfterEnd = 'nothing'): void {
    const ended = this.state.position?.flowId;
    this.state.position = null;
    this.state.waiting = null;
    this.state.misses = 0;
    this.state.history = [];
    if (ended) this.effects.push({ type: 'flow-ended', flowId: ended });
    // An interruption is over: back to the question the person was answering.
    const resume = this.state.resume;
    this.state.resume = null;
    if (after === 'final') return;
    const loaded = resume && this.env.flows.get(resume.flowId);
    if (resume && loaded?.steps.has(resume.stepId)) {
      this.say('core.resume');
      return this.enterStep(loaded, resume.stepId);
    }
    if (after === 'menu' && ended !== MENU_FLOW) this.enterFlow(MENU_FLOW);
  }

  /**
   * The step the person is at. Not a plain query: when they are nowhere, or an edit removed their
   * step, it moves them (to the menu, or the flow's start with an apology) and returns undefined.
   */
  private stepOrRecover(): { loaded: LoadedFlow; step: Step } | undefined {
    const pos: Position | null = this.state.position;
    if (!pos) {
      this.enterFlow('menu');
      return undefined;
    }
    const loaded = this.env.flows.get(pos.flowId);
    const step = loaded?.steps.get(pos.stepId);
    if (loaded && step) return { loaded, step };
    // The flow was edited and this step no longer exists: apologise and start it again.
    this.say('core.flow_changed');
    this.state.history = [];
    this.enterFlow(loaded ? pos.flowId : 'menu');
    return undefined;
  }

  private repeatQuestion(): void {
    const current = this.stepOrRecover();
    if (!current) return;
    if (this.state.waiting === 'input') this.ask(current.loaded, current.step);
    else this.enterStep(current.loaded, current.step.id);
  }

  /** A wrong answer to a question with options: the numbers that work ("Tapez un chiffre de 1 à 4."). */
  private missChoice(step: Step, count: number): void {
    if (step.type === 'ask-text') return this.miss('core.miss.yes_no');
    const first = step.type === 'ask-choice' && step.numbering === 'count' ? 0 : 1;
    const last = first + count - 1;
    const key = last > first + 1 ? 'core.miss.range' : last > first ? 'core.miss.two' : 'core.miss.one';
    return this.miss(key, { first, last });
  }

  /** Every miss says its reason; from the second in a row on, also the way out to a person. */
  private miss(hint: string, args: Record<string, unknown> = {}): void {
    this.state.misses += 1;
    const reason = this.t(this.registered(hint), args);
    const text = this.state.misses >= 2 ? `${reason} ${this.t(this.registered('core.miss.way_out'))}` : reason;
    this.effects.push({ type: 'send', message: { text, locale: this.state.locale } });
    this.repeatQuestion();
  }

  // ---- rendering ----

  private t(key: string, args: Record<string, unknown> = {}): string {
    return translate(this.env.texts, this.state.locale, key, { ...this.state.vars, ...args });
  }

  /**
   * The key to say to this person: its "tu" variant (`core.miss.tu.range` for `core.miss.range`) when
   * the bot says "tu" to them (young people, src/crisis/audience.ts) and the locale has one.
   */
  private registered(key: string): string {
    if (audienceOf(this.state).register !== 'tu') return key;
    const cut = key.lastIndexOf('.');
    const tu = `${key.slice(0, cut)}.tu${key.slice(cut)}`;
    return this.env.texts[this.state.locale].has(tu) ? tu : key;
  }

  /** Drops the questions of this turn: they were already shown (enter-flow with `shown`). */
  private unsayQuestions(): void {
    for (let i = this.effects.length - 1; i >= 0; i--) if (this.questions.has(this.effects[i]!)) this.effects.splice(i, 1);
    this.questions.clear();
  }

  private say(key: string): void {
    this.effects.push({ type: 'send', message: { text: this.t(this.registered(key)), locale: this.state.locale } });
  }

  private ask(loaded: LoadedFlow, step: Step): void {
    if (!('text' in step) || !step.text) return;
    const options = this.shownOptions(loaded, step);
    // Counts are numbered from 0, so the digit typed is the count ("0. Aucun 1. 1 enfant").
    const counts = step.type === 'ask-choice' && step.numbering === 'count';
    const choices: Choice[] | undefined = options?.map((o, i) => ({
      id: `${loaded.flow.id}:${step.id}:${o.optionId}`,
      label: o.label,
      ...(counts ? { number: i } : {}),
    }));
    const question: Effect = { type: 'send', message: { text: this.t(step.text), locale: this.state.locale, ...(choices ? { choices } : {}) } };
    this.questions.add(question);
    this.effects.push(question);
  }

  /** The options on screen: the page of a long list the person is at (src/engine/pages.ts). */
  private shownOptions(loaded: LoadedFlow, step: Step): Array<{ optionId: string; label: string }> | undefined {
    const all = this.optionsOf(loaded, step);
    if (!all) return undefined;
    const labels = { more: this.t('core.choose.more'), first: this.t('core.choose.first') };
    return optionsOnPage(all, this.state.position?.page ?? 0, labels);
  }

  /** A label typed from another page of a long list ("impôts" while the first page is shown). */
  private byLabelOnAnyPage(loaded: LoadedFlow, step: Step, text: string): { optionId: string } | undefined {
    const all = this.optionsOf(loaded, step) ?? [];
    if (/^\s*[\d٠-٩]+\s*$/.test(text)) return undefined;
    return all[matchChoice(text, all.map((o) => o.label), all.map((o) => o.optionId))];
  }

  /** "Autres choix" / "Début de la liste": the same question, the next (or first) page of choices. */
  private turnPage(loaded: LoadedFlow, step: Step, optionId: string): void {
    const pos = this.state.position;
    if (!pos) return;
    this.state.position = { ...pos, page: optionId === NEXT_PAGE ? (pos.page ?? 0) + 1 : 0 };
    this.state.misses = 0;
    if (optionId === FIRST_PAGE) delete this.state.position.page;
    this.ask(loaded, step);
  }

  /** The options a question shows, translated; undefined for free-text questions. */
  private optionsOf(loaded: LoadedFlow, step: Step): Array<{ optionId: string; label: string }> | undefined {
    if (step.type === 'menu') {
      return [...this.env.flows.values()]
        .filter((f) => f.flow.menu)
        .sort((a, b) => (a.flow.menu?.order ?? 0) - (b.flow.menu?.order ?? 0))
        .map((f) => ({ optionId: f.flow.id, label: this.t(f.flow.menu?.label ?? '') }));
    }
    if (step.type === 'ask-text') {
      return step.validate === 'yes-no'
        ? [
            { optionId: 'yes', label: this.t('core.yes') },
            { optionId: 'no', label: this.t('core.no') },
          ]
        : undefined;
    }
    if (step.type !== 'ask-choice') return undefined;
    if (step.options) return step.options.map((o) => ({ optionId: o.id, label: this.t(o.label) }));
    const from = step['options-from'] ?? '';
    const parsed = dynamicOptions.safeParse(this.state.vars[from]);
    if (!parsed.success) {
      this.effects.push({ type: 'error', message: `variable "${from}" of ${loaded.flow.id}/${step.id} does not hold options` });
      return [];
    }
    return parsed.data.map((o) => ({ optionId: o.id, label: this.t(o.label, o.args ?? {}) }));
  }

  private deepLinkFlow(payload: string | undefined): string | undefined {
    if (!payload) return undefined;
    const loaded = this.env.flows.get(payload);
    return loaded?.flow['deep-link'] ? payload : undefined;
  }

  /** "{var}" as a whole value keeps its JSON type; inside a longer string it is replaced as text. */
  private fill(params: Record<string, string | number | boolean>): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(params)) {
      if (typeof value !== 'string') {
        out[key] = value;
        continue;
      }
      const whole = /^\{([a-z][a-z0-9_]*)\}$/.exec(value);
      if (whole) out[key] = this.state.vars[whole[1] ?? ''] ?? null;
      else out[key] = value.replace(/\{([a-z][a-z0-9_]*)\}/g, (m, v: string) => String(this.state.vars[v] ?? m));
    }
    return out;
  }
}
