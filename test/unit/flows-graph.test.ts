// The flow drawings (npm run flows:graph, /admin/flows): a fixture flow with every step kind is drawn
// with each step, each choice and each mark a coordinator must see; every real flow draws.
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content.js';
import { loadFlows } from '../../src/engine/load.js';
import { FEATURE_ACTIONS } from '../../src/features.js';
import { toDot } from '../../src/flows-graph/dot.js';
import { buildFlowGraph, shorten, type StepNode } from '../../src/flows-graph/model.js';
import { graphsPage } from '../../src/flows-graph/page.js';
import { drawFlow, renderSvg } from '../../src/flows-graph/render.js';
import { loadLocales } from '../../src/i18n/locales.js';

const FIXTURE = 'test/fixtures/flows-graph';
const { texts } = loadLocales(`${FIXTURE}/locales`);
// The fixture is broken on purpose ("oubliee" is unreachable), and has no menu/langue flows: the
// loader still returns every flow it could read, which is what the drawing needs.
const { flows, errors } = loadFlows({ dir: `${FIXTURE}/flows`, texts });
const linkTo = (id: string): string => `${id}.svg`;

/** Graphviz writes "-" as "&#45;" (and escapes markup): the text as a person reads it. */
function decode(text: string): string {
  return text.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&(quot|lt|gt|amp);/g, (_, e: string) => ({ quot: '"', lt: '<', gt: '>', amp: '&' })[e] ?? e);
}

/** The visible text of an SVG: what a person reads in the drawing. */
function visibleText(svg: string): string {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1] ?? '')).join('\n');
}

describe('a flow with every step kind', () => {
  it('is read by the same loader as flows:check, which reports the unreachable step', () => {
    expect(errors.map((e) => e.message)).toContain('step "oubliee" can never be reached');
  });

  it('draws every step id, its text and each choice label, escaped', async () => {
    const svg = await drawFlow('tout', { flows, texts, locale: 'fr', linkTo });
    const text = visibleText(svg);
    for (const id of ['accueil', 'choix', 'nom', 'verif', 'aiguille', 'saut', 'vers-autre', 'liste', 'principal', 'bout', 'fin', 'oubliee']) {
      expect(text).toContain(id);
    }
    for (const label of ['Voir la liste', 'Autre chose', 'Le menu', 'Arrêter', 'Que voulez-vous faire ?']) expect(text).toContain(label);
    // Quotes, & and < in a label are text, not markup (DOT and SVG escaping both hold).
    expect(text).toContain('Donner mon nom "complet" & <prénom>');
    expect(svg).not.toContain('<prénom>');
    expect(text).toContain('(liste)'); // options-from: one arrow
    expect(text).toContain('refused'); // an action outcome
    expect(text).toContain('name = Ana'); // a branch case
    expect(text).toContain('sinon');
    // A long text is shortened.
    expect(text).toContain("Bonjour, ceci est un message d'accueil…");
    expect(text).not.toContain('raccourci dans le dessin');
  });

  it('shows each step kind with its own shape and name', async () => {
    const graph = buildFlowGraph(flows.get('tout')!, flows, texts, 'fr');
    const kinds = new Set(graph.nodes.filter((n): n is StepNode => n.kind === 'step').map((n) => n.type));
    expect([...kinds].sort()).toEqual(['action', 'ask-choice', 'ask-text', 'branch', 'end', 'go-to-flow', 'go-to-step', 'menu', 'say']);
    const svg = await renderSvg(toDot(graph, { locale: 'fr', linkTo }));
    for (const kind of kinds) expect(decode(svg)).toContain(`class="node step kind-${kind}`);
    for (const name of ['question à choix', 'question libre', 'aiguillage', 'fin', 'message', 'action']) expect(visibleText(svg)).toContain(name);
  });

  it('marks the unreachable step (dashed red) and only it', async () => {
    const graph = buildFlowGraph(flows.get('tout')!, flows, texts, 'fr');
    expect(graph.nodes.filter((n) => n.kind === 'step' && n.unreachable).map((n) => n.id)).toEqual(['oubliee']);
    const svg = await renderSvg(toDot(graph, { locale: 'fr', linkTo }));
    const node = decode(svg).match(/<g id="node\d+" class="node step kind-say unreachable">[\s\S]*?<\/g>/)?.[0] ?? '';
    expect(node).toContain('oubliee');
    expect(node).toContain('(jamais atteinte)');
    expect(node).toContain('stroke-dasharray');
    expect(node).toContain('stroke="#dc2626"');
    expect(visibleText(svg).match(/jamais atteinte/g)).toHaveLength(1);
  });

  it('marks the dead end (a message with nothing after it) and not the end step', async () => {
    const graph = buildFlowGraph(flows.get('tout')!, flows, texts, 'en');
    expect(graph.nodes.filter((n) => n.kind === 'step' && n.deadEnd).map((n) => n.id)).toEqual(['bout']);
    const svg = await renderSvg(toDot(graph, { locale: 'en', linkTo }));
    const node = decode(svg).match(/<g id="node\d+" class="node step kind-say dead-end">[\s\S]*?<\/g>/)?.[0] ?? '';
    expect(node).toContain('bout');
    expect(node).toContain('(dead end: back to the menu)');
    expect(visibleText(svg)).toContain('Give my "full" name');
  });

  it('draws a jump to another flow as a link to that flow', async () => {
    const svg = await drawFlow('tout', { flows, texts, locale: 'fr', linkTo: (id) => `/admin/flows?flow=${id}&lang=fr` });
    expect(svg).toContain('xlink:href="/admin/flows?flow=autre&amp;lang=fr"');
    expect(visibleText(svg)).toContain('→ Autre / deux'); // go-to-flow into a named step
    expect(visibleText(svg)).toContain('→ Autre'); // an option's flow
  });

  it('draws the Arabic texts in an Arabic drawing', async () => {
    const svg = await drawFlow('tout', { flows, texts, locale: 'ar', linkTo });
    expect(visibleText(svg)).toContain('ماذا تريد أن تفعل؟');
    expect(visibleText(svg)).toContain('عرض القائمة');
  });
});

describe('the real flows', () => {
  const { content, errors: contentErrors } = loadContent({ flowsDir: 'flows', localesDir: 'locales', dataDir: 'flows/data', actions: FEATURE_ACTIONS });

  it('all draw, each with its start step, and none has an unreachable step or a dead end', async () => {
    expect(contentErrors).toEqual([]);
    expect(content.flows.size).toBeGreaterThan(5);
    for (const [id, loaded] of content.flows) {
      const graph = buildFlowGraph(loaded, content.flows, content.texts, 'fr');
      expect(graph.nodes.filter((n) => n.kind === 'step' && (n.unreachable || n.deadEnd)).map((n) => n.id), id).toEqual([]);
      const svg = await renderSvg(toDot(graph, { locale: 'fr', linkTo }));
      expect(svg, id).toMatch(/^<svg/);
      expect(visibleText(svg), id).toContain(loaded.startStep);
    }
  });

  it('makes a self-contained index page', async () => {
    const svg = await drawFlow('menu', { flows: content.flows, texts: content.texts, locale: 'fr', linkTo });
    const html = graphsPage({ locale: 'fr', entries: [{ flowId: 'menu', title: 'Menu', steps: 1, href: 'menu.svg', svg }] });
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//);
    expect(html).not.toMatch(/<script|<link|@import|url\(/);
  });
});

describe('shorten', () => {
  it('keeps short texts and cuts long ones at 40 characters with "…"', () => {
    expect(shorten('Quel âge avez-vous ?')).toBe('Quel âge avez-vous ?');
    const cut = shorten('a'.repeat(60));
    expect([...cut]).toHaveLength(40);
    expect(cut.endsWith('…')).toBe(true);
  });
});
