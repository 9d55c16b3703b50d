// A FlowGraph written in Graphviz's DOT language. Each step kind has its own shape and colour (and
// its name above the step id), so the kinds show at a glance; the legend repeats them. Unreachable
// steps are dashed red, dead ends thick orange. Other flows are folders linking to their drawing.
import type { StepType } from '../engine/schema.js';
import type { Locale } from '../i18n/locales.js';
import type { FlowGraph, FlowNode, StepNode } from './model.js';
import { graphWords, type GraphWords } from './words.js';

interface KindStyle {
  shape: string;
  fill: string;
  style?: string;
}

export const KIND_STYLES: Record<StepType, KindStyle> = {
  say: { shape: 'box', fill: '#dbeafe' },
  'ask-choice': { shape: 'box', fill: '#fef08a', style: 'rounded' },
  'ask-text': { shape: 'parallelogram', fill: '#fde68a' },
  menu: { shape: 'tab', fill: '#e9d5ff' },
  action: { shape: 'component', fill: '#d1fae5' },
  branch: { shape: 'diamond', fill: '#f3f4f6' },
  'go-to-step': { shape: 'rarrow', fill: '#f3f4f6' },
  'go-to-flow': { shape: 'box', fill: '#fed7aa', style: 'diagonals' },
  end: { shape: 'octagon', fill: '#fecaca' },
};
const FLOW_STYLE: KindStyle = { shape: 'folder', fill: '#ffedd5' };

export interface DotOptions {
  locale: Locale;
  /** Where a jump to another flow links (its SVG file, or its admin page). */
  linkTo: (flowId: string) => string;
}

export function toDot(graph: FlowGraph, opts: DotOptions): string {
  const words = graphWords(opts.locale);
  const lines: string[] = [
    `digraph ${quote(graph.flowId)} {`,
    `  graph [label=${quote(graph.title === graph.flowId ? graph.flowId : `${graph.title} (${graph.flowId})`)}, labelloc=t, fontsize=20, fontname="Helvetica", rankdir=TB, nodesep=0.4, ranksep=0.5];`,
    '  node [fontname="Helvetica", fontsize=12, style=filled, penwidth=1.2];',
    '  edge [fontname="Helvetica", fontsize=10, color="#555555"];',
    `  "__start" [shape=circle, label=${quote(words.start)}, width=0.5, fixedsize=true, fontsize=9, fillcolor="#111827", fontcolor=white];`,
    `  "__start" -> ${stepNodeId(graph.start)};`,
  ];
  for (const node of graph.nodes) lines.push(`  ${node.kind === 'step' ? stepNode(node, words) : flowNode(node, opts, words)}`);
  for (const edge of graph.edges) {
    const from = stepNodeId(edge.from);
    const to = edge.to.startsWith('flow:') ? quote(edge.to) : stepNodeId(edge.to);
    const attrs = [edge.label ? `label=${quote(edge.label)}` : '', edge.style === 'jump' ? 'style=dashed' : '', edge.style === 'case' ? 'color="#6b7280", fontcolor="#374151"' : ''];
    lines.push(`  ${from} -> ${to}${attributes(attrs)};`);
  }
  lines.push(legend(graph, words), '}');
  return lines.join('\n');
}

function stepNode(node: StepNode, words: GraphWords): string {
  const kind = KIND_STYLES[node.type];
  const marks = [node.unreachable ? words.unreachable : '', node.deadEnd ? words.deadEnd : ''].filter(Boolean);
  const rows = [`<FONT POINT-SIZE="9" COLOR="#4b5563">${html(words.kinds[node.type])}</FONT>`, `<B>${html(node.id)}</B>`];
  if (node.text) rows.push(html(node.text));
  for (const mark of marks) rows.push(`<FONT COLOR="#b91c1c">${html(mark)}</FONT>`);
  const styles = ['filled', kind.style ?? '', node.unreachable ? 'dashed' : '', node.deadEnd ? 'bold' : ''].filter(Boolean).join(',');
  const attrs = [
    `label=<${rows.join('<BR/>')}>`,
    `shape=${kind.shape}`,
    `fillcolor="${kind.fill}"`,
    `style="${styles}"`,
    `tooltip=${quote(`${node.id}: ${words.kinds[node.type]}`)}`,
    node.unreachable ? 'color="#dc2626", penwidth=2' : node.deadEnd ? 'color="#ea580c", penwidth=3' : '',
    `class=${quote(['step', `kind-${node.type}`, node.unreachable ? 'unreachable' : '', node.deadEnd ? 'dead-end' : ''].filter(Boolean).join(' '))}`,
  ];
  return `${stepNodeId(node.id)}${attributes(attrs)};`;
}

function flowNode(node: FlowNode, opts: DotOptions, words: GraphWords): string {
  const target = node.stepId === undefined ? node.title : `${node.title} / ${node.stepId}`;
  const attrs = [
    `label=<<FONT POINT-SIZE="9" COLOR="#4b5563">${html(words.flowLink)}</FONT><BR/><B>→ ${html(target)}</B>>`,
    `shape=${FLOW_STYLE.shape}`,
    `fillcolor="${FLOW_STYLE.fill}"`,
    `URL=${quote(opts.linkTo(node.flowId))}`,
    `target="_top"`,
    `tooltip=${quote(node.flowId)}`,
    'class="flow-link"',
  ];
  return `${quote(node.id)}${attributes(attrs)};`;
}

/** The kinds used in this flow, one sample box each, in a row of their own. */
function legend(graph: FlowGraph, words: GraphWords): string {
  const used = (Object.keys(KIND_STYLES) as StepType[]).filter((k) => graph.nodes.some((n) => n.kind === 'step' && n.type === k));
  const items = used.map((k) => `    "__legend_${k}" [label=${quote(words.kinds[k])}, shape=${KIND_STYLES[k].shape}, fillcolor="${KIND_STYLES[k].fill}", style="filled${KIND_STYLES[k].style ? `,${KIND_STYLES[k].style}` : ''}", fontsize=10];`);
  const chain = used.length > 1 ? `    ${used.map((k) => `"__legend_${k}"`).join(' -> ')} [style=invis];` : '';
  return [`  subgraph cluster_legend {`, `    label=${quote(words.legend)}; fontsize=11; style=dashed; color="#9ca3af"; rank=same;`, ...items, chain, '  }'].filter(Boolean).join('\n');
}

/** Step ids are prefixed so none can clash with the drawing's own nodes ("__start", "flow:…"). */
function stepNodeId(id: string): string {
  return quote(`step:${id}`);
}

function attributes(attrs: string[]): string {
  const set = attrs.filter(Boolean);
  return set.length === 0 ? '' : ` [${set.join(', ')}]`;
}

/** A DOT quoted string: quotes and backslashes escaped (no "\N"-style escapes survive), lines kept. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** Text inside a Graphviz HTML-like label. */
export function html(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
