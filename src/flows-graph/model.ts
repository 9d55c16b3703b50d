// A flow as a graph to draw: nodes (steps, and the other flows it jumps to) and labelled edges.
// Built from the same loaded model the engine runs and flows:check checks (src/engine/load.ts), and
// with the engine's rules: an option without `next` takes the step's `next`, an action's "ok" is
// its `next`. Reachability is the loader's own (reachableSteps), so the drawing cannot disagree.
import { reachableSteps, type FlowSet, type LoadedFlow } from '../engine/load.js';
import type { Step, StepType } from '../engine/schema.js';
import { REFERENCE_LOCALE, type Locale, type Texts } from '../i18n/locales.js';
import { graphWords, type GraphWords } from './words.js';

export interface StepNode {
  kind: 'step';
  id: string;
  type: StepType;
  /** The step's text in the chosen language, shortened; or what it does (an action's name). */
  text: string;
  unreachable: boolean;
  /** Not an end, and nothing leads on from it: the engine silently falls back to the menu. */
  deadEnd: boolean;
}

export interface FlowNode {
  kind: 'flow';
  /** Node id, unique in the graph: one per (flow, step) jumped to. */
  id: string;
  flowId: string;
  stepId?: string;
  /** The flow's menu title in the chosen language, or its id. */
  title: string;
}

export interface Edge {
  from: string;
  to: string;
  label?: string;
  /** A jump without a choice (go-to-step) or a case of a branch: drawn lighter. */
  style?: 'jump' | 'case';
}

export interface FlowGraph {
  flowId: string;
  title: string;
  start: string;
  nodes: Array<StepNode | FlowNode>;
  edges: Edge[];
}

/** Longest text shown in a box or on an arrow. */
export const MAX_LABEL = 40;

export function buildFlowGraph(loaded: LoadedFlow, flows: FlowSet, texts: Texts, locale: Locale): FlowGraph {
  const words = graphWords(locale);
  const text = (key: string | undefined): string => (key === undefined ? '' : shorten(textOf(texts, locale, key)));
  const reached = reachableSteps(loaded, flows);
  const nodes: Array<StepNode | FlowNode> = [];
  const edges: Edge[] = [];
  const flowNodes = new Map<string, FlowNode>();
  const flowNode = (flowId: string, stepId?: string): string => {
    const id = stepId === undefined ? `flow:${flowId}` : `flow:${flowId}:${stepId}`;
    if (!flowNodes.has(id)) {
      const node: FlowNode = { kind: 'flow', id, flowId, title: flowTitle(flows, texts, locale, flowId), ...(stepId === undefined ? {} : { stepId }) };
      flowNodes.set(id, node);
    }
    return id;
  };

  for (const step of loaded.flow.steps) {
    const out = stepEdges(step, { flows, texts, locale, words, text, flowNode });
    edges.push(...out);
    nodes.push({
      kind: 'step',
      id: step.id,
      type: step.type,
      text: stepText(step, text),
      unreachable: !reached.has(step.id),
      deadEnd: out.length === 0 && step.type !== 'end',
    });
  }
  nodes.push(...flowNodes.values());
  return { flowId: loaded.flow.id, title: flowTitle(flows, texts, locale, loaded.flow.id), start: loaded.startStep, nodes, edges };
}

interface EdgeContext {
  flows: FlowSet;
  texts: Texts;
  locale: Locale;
  words: GraphWords;
  text: (key: string | undefined) => string;
  flowNode: (flowId: string, stepId?: string) => string;
}

function stepEdges(step: Step, ctx: EdgeContext): Edge[] {
  const { words, text } = ctx;
  const edges: Edge[] = [];
  const to = (target: string | undefined, label?: string, style?: Edge['style']): void => {
    if (target === undefined) return;
    edges.push({ from: step.id, to: target, ...(label ? { label } : {}), ...(style ? { style } : {}) });
  };
  switch (step.type) {
    case 'say':
      to(step.next);
      break;
    case 'ask-text':
      to(step.next, `(${words.validators[step.validate]})`);
      break;
    case 'ask-choice': {
      // One arrow per place the options lead to, carrying every option label that goes there.
      const byTarget = new Map<string, string[]>();
      for (const o of step.options ?? []) {
        const target = o.flow !== undefined ? ctx.flowNode(o.flow) : (o.next ?? step.next);
        if (target === undefined) continue;
        byTarget.set(target, [...(byTarget.get(target) ?? []), text(o.label)]);
      }
      if (step['options-from'] !== undefined) to(step.next, words.list);
      if (step['free-text'] && step.next !== undefined) byTarget.set(step.next, [...(byTarget.get(step.next) ?? []), words.freeText]);
      for (const [target, labels] of byTarget) to(target, labels.join('\n'));
      break;
    }
    case 'menu':
      // The main menu offers every flow that has a `menu` entry, in its order.
      for (const f of [...ctx.flows.values()].filter((f) => f.flow.menu).sort((a, b) => (a.flow.menu?.order ?? 0) - (b.flow.menu?.order ?? 0))) {
        to(ctx.flowNode(f.flow.id), text(f.flow.menu?.label));
      }
      break;
    case 'action':
      to(step.next, 'ok');
      for (const [outcome, target] of Object.entries(step.on ?? {})) to(target, outcome);
      break;
    case 'branch':
      for (const c of step.cases) to(c.next, shorten(caseLabel(c, words)), 'case');
      to(step.else, words.otherwise, 'case');
      break;
    case 'go-to-step':
      to(step.step, undefined, 'jump');
      break;
    case 'go-to-flow':
      to(ctx.flowNode(step.flow, step.step), undefined, 'jump');
      break;
    case 'end':
      break;
  }
  return edges;
}

function stepText(step: Step, text: (key: string | undefined) => string): string {
  switch (step.type) {
    case 'action':
      return step.action;
    case 'branch':
    case 'go-to-step':
      return '';
    case 'go-to-flow':
      return step.step === undefined ? step.flow : `${step.flow} / ${step.step}`;
    default:
      return text(step.text);
  }
}

function caseLabel(c: Extract<Step, { type: 'branch' }>['cases'][number], words: GraphWords): string {
  if (c.equals !== undefined) return `${c.var} = ${String(c.equals)}`;
  if (c.in !== undefined) return `${c.var} ∈ {${c.in.map(String).join(', ')}}`;
  return `${c.var} ${words.isSet}`;
}

export function flowTitle(flows: FlowSet, texts: Texts, locale: Locale, flowId: string): string {
  const label = flows.get(flowId)?.flow.menu?.label;
  return label === undefined ? flowId : shorten(textOf(texts, locale, label));
}

/** The raw text of a key (placeholders kept: they say what is filled in), on one line. */
function textOf(texts: Texts, locale: Locale, key: string): string {
  const entry = texts[locale].get(key) ?? texts[REFERENCE_LOCALE].get(key);
  return (entry?.text ?? key).replace(/\s+/g, ' ').trim();
}

/** At most `max` characters (whole code points), cut with "…". */
export function shorten(text: string, max = MAX_LABEL): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
