// Reads flows/*.yaml into a FlowSet and cross-checks it against itself, the locales and the
// action registry. Every problem is reported with file, line and field; nothing is half-loaded.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadYamlFile, type DataError, type LineLocator } from '../data/load-yaml.js';
import { LOCALES, type Texts } from '../i18n/locales.js';
import { flowSchema, type Flow, type Step } from './schema.js';

export interface LoadedFlow {
  flow: Flow;
  file: string;
  steps: ReadonlyMap<string, Step>;
  startStep: string;
  lines: LineLocator;
}

export type FlowSet = ReadonlyMap<string, LoadedFlow>;

/** Flows the engine itself relies on. */
export const REQUIRED_FLOWS = ['menu', 'langue'] as const;

/** Locale keys the engine itself uses (welcome, hints, global words…). */
export const ENGINE_TEXT_KEYS = [
  'core.welcome',
  'core.welcome_back',
  'core.not_understood',
  'core.miss.range',
  'core.miss.one',
  'core.miss.two',
  'core.miss.yes_no',
  'core.miss.way_out',
  'core.choose.more',
  'core.choose.first',
  'core.help',
  'core.goodbye',
  'core.unsupported',
  'core.stale_button',
  'core.flow_changed',
  'core.error',
  'core.nothing_to_go_back_to',
  'core.resume',
  'core.words.menu',
  'core.words.back',
  'core.words.help',
  'core.words.language',
  'core.words.stop',
  'core.words.yes',
  'core.words.no',
  'core.yes',
  'core.no',
  'core.menu.prompt',
  'core.validate.number',
  'core.validate.date',
  'core.validate.date_past',
  'core.validate.date_impossible',
  'core.validate.yes_no',
  'core.validate.text',
] as const;

export interface LoadFlowsOptions {
  dir: string;
  texts: Texts;
  /** Names of the registered actions; undefined skips that check. */
  actions?: ReadonlySet<string>;
}

export interface LoadFlowsResult {
  flows: FlowSet;
  errors: DataError[];
}

export function loadFlows({ dir, texts, actions }: LoadFlowsOptions): LoadFlowsResult {
  const errors: DataError[] = [];
  const flows = new Map<string, LoadedFlow>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch (err) {
    errors.push({ file: dir, line: 1, path: '(folder)', message: `cannot read the flows folder: ${(err as Error).message}` });
  }
  for (const name of files) {
    const file = join(dir, name);
    const loaded = loadYamlFile(file, flowSchema);
    if (!loaded.ok) {
      errors.push(...loaded.errors);
      continue;
    }
    const flow = loaded.value;
    const lines = loaded.lines;
    const fileId = basename(name).replace(/\.ya?ml$/, '');
    if (flow.id !== fileId) {
      errors.push({ file, line: lines(['id']), path: 'id', message: `flow id "${flow.id}" must match the file name "${fileId}"` });
      continue;
    }
    const steps = new Map<string, Step>();
    flow.steps.forEach((step, i) => {
      if (steps.has(step.id)) {
        errors.push({ file, line: lines(['steps', i, 'id']), path: `steps[${i}].id`, message: `duplicate step id "${step.id}"` });
      }
      steps.set(step.id, step);
    });
    const startStep = flow.start ?? flow.steps[0]?.id ?? '';
    flows.set(flow.id, { flow, file, steps, startStep, lines });
  }
  for (const loaded of flows.values()) errors.push(...crossCheck(loaded, flows, texts, actions));
  for (const required of REQUIRED_FLOWS) {
    if (!flows.has(required) && !errors.some((e) => basename(e.file).startsWith(required))) {
      errors.push({ file: join(dir, `${required}.yaml`), line: 1, path: '(file)', message: `the "${required}" flow is required by the engine` });
    }
  }
  for (const key of ENGINE_TEXT_KEYS) {
    for (const locale of LOCALES) {
      if (!texts[locale].has(key)) errors.push({ file: `locales/${locale}`, line: 1, path: key, message: `text needed by the engine is missing in "${locale}"` });
    }
  }
  return { flows, errors };
}

/** Every place a step can lead to, as [field path, target step] pairs. */
export function stepTargets(step: Step): Array<[Array<string | number>, string]> {
  const out: Array<[Array<string | number>, string]> = [];
  switch (step.type) {
    case 'say':
    case 'ask-text':
      if (step.next) out.push([['next'], step.next]);
      break;
    case 'ask-choice':
      if (step.next) out.push([['next'], step.next]);
      step.options?.forEach((o, i) => {
        if (o.next) out.push([['options', i, 'next'], o.next]);
      });
      break;
    case 'action':
      if (step.next) out.push([['next'], step.next]);
      for (const [outcome, target] of Object.entries(step.on ?? {})) out.push([['on', outcome], target]);
      break;
    case 'go-to-step':
      out.push([['step'], step.step]);
      break;
    case 'branch':
      step.cases.forEach((c, i) => out.push([['cases', i, 'next'], c.next]));
      out.push([['else'], step.else]);
      break;
    case 'go-to-flow':
    case 'menu':
    case 'end':
      break;
  }
  return out;
}

function textKeysOf(step: Step): Array<[Array<string | number>, string]> {
  const out: Array<[Array<string | number>, string]> = [];
  if ('text' in step && step.text) out.push([['text'], step.text]);
  if (step.type === 'ask-text' && step.hint) out.push([['hint'], step.hint]);
  if (step.type === 'ask-choice') step.options?.forEach((o, i) => out.push([['options', i, 'label'], o.label]));
  return out;
}

function crossCheck(loaded: LoadedFlow, flows: FlowSet, texts: Texts, actions?: ReadonlySet<string>): DataError[] {
  const { flow, file, steps, lines } = loaded;
  const errors: DataError[] = [];
  const at = (path: Array<string | number>, message: string): void => {
    const fieldPath = path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
    errors.push({ file, line: lines(path), path: fieldPath, message });
  };
  if (!steps.has(loaded.startStep)) at(['start'], `start step "${loaded.startStep}" does not exist`);
  if (flow.menu && !texts.fr.has(flow.menu.label)) at(['menu', 'label'], `text "${flow.menu.label}" is missing in locale "fr"`);
  if (flow.menu) {
    for (const locale of LOCALES) {
      if (!texts[locale].has(flow.menu.label) && locale !== 'fr') at(['menu', 'label'], `text "${flow.menu.label}" is missing in locale "${locale}"`);
    }
  }
  flow.steps.forEach((step, i) => {
    const here = ['steps', i];
    for (const [path, target] of stepTargets(step)) {
      if (!steps.has(target)) at([...here, ...path], `step "${target}" does not exist in flow "${flow.id}"`);
    }
    const flowTargets: Array<[Array<string | number>, string, string | undefined]> = [];
    if (step.type === 'go-to-flow') flowTargets.push([['flow'], step.flow, step.step]);
    if (step.type === 'ask-choice') step.options?.forEach((o, j) => o.flow && flowTargets.push([['options', j, 'flow'], o.flow, undefined]));
    for (const [path, target, targetStep] of flowTargets) {
      const other = flows.get(target);
      if (!other) at([...here, ...path], `flow "${target}" does not exist`);
      else if (targetStep && !other.steps.has(targetStep)) at([...here, 'step'], `step "${targetStep}" does not exist in flow "${target}"`);
    }
    for (const [path, key] of textKeysOf(step)) {
      for (const locale of LOCALES) {
        if (!texts[locale].has(key)) at([...here, ...path], `text "${key}" is missing in locale "${locale}"`);
      }
    }
    if (step.type === 'action' && actions && !actions.has(step.action)) {
      at([...here, 'action'], `unknown action "${step.action}" (known: ${[...actions].sort().join(', ') || 'none'})`);
    }
  });
  // Unreachable steps are usually a typo in a `next`: report them.
  const reached = reachableSteps(loaded, flows);
  flow.steps.forEach((step, i) => {
    if (!reached.has(step.id)) at(['steps', i, 'id'], `step "${step.id}" can never be reached`);
  });
  return errors;
}

/** The steps a person can reach: from the start step, and from steps other flows jump into. */
export function reachableSteps(loaded: LoadedFlow, flows: FlowSet): Set<string> {
  const { flow, steps } = loaded;
  const reached = new Set<string>();
  const queue = [loaded.startStep];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    const step = steps.get(id);
    if (!step) continue;
    for (const [, target] of stepTargets(step)) queue.push(target);
  }
  // A go-to-flow into a named step makes that step reachable too.
  for (const other of flows.values()) {
    for (const s of other.flow.steps) if (s.type === 'go-to-flow' && s.flow === flow.id && s.step) queue.push(s.step);
  }
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    const step = steps.get(id);
    if (step) for (const [, target] of stepTargets(step)) queue.push(target);
  }
  return reached;
}
