// Graphviz compiled to WebAssembly (@viz-js/viz): no system binary, no network. The instance is
// made once (compiling the module takes a moment) and shared by every drawing.
import { instance, type Viz } from '@viz-js/viz';
import type { FlowSet } from '../engine/load.js';
import type { Locale, Texts } from '../i18n/locales.js';
import { toDot } from './dot.js';
import { buildFlowGraph, flowTitle } from './model.js';

let viz: Promise<Viz> | undefined;

/** The SVG of a DOT graph, from its <svg> tag on (no XML prolog or comment: it can go inline in a page). */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') throw new Error(`graphviz: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.output.slice(result.output.indexOf('<svg'));
}

export interface DrawOptions {
  flows: FlowSet;
  texts: Texts;
  locale: Locale;
  linkTo: (flowId: string) => string;
}

/** One flow drawn as SVG. */
export async function drawFlow(flowId: string, opts: DrawOptions): Promise<string> {
  const loaded = opts.flows.get(flowId);
  if (!loaded) throw new Error(`flow "${flowId}" does not exist`);
  const graph = buildFlowGraph(loaded, opts.flows, opts.texts, opts.locale);
  return renderSvg(toDot(graph, { locale: opts.locale, linkTo: opts.linkTo }));
}

export interface DrawnFlow {
  flowId: string;
  title: string;
  steps: number;
  svg: string;
}

/** The given flows (every flow by default, by id) drawn one after the other. */
export async function drawFlows(opts: DrawOptions & { only?: string }): Promise<DrawnFlow[]> {
  const ids = opts.only === undefined ? [...opts.flows.keys()].sort() : [opts.only];
  const out: DrawnFlow[] = [];
  for (const flowId of ids) {
    const loaded = opts.flows.get(flowId);
    if (!loaded) throw new Error(`flow "${flowId}" does not exist`);
    out.push({ flowId, title: flowTitle(opts.flows, opts.texts, opts.locale, flowId), steps: loaded.steps.size, svg: await drawFlow(flowId, opts) });
  }
  return out;
}
