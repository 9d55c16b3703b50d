// The HTML around the drawings: the index written next to the SVG files by `npm run flows:graph`
// (links to each file) and the /admin/flows page (the drawings inline). One self-contained file:
// no outside style, font, script or image.
import { escapeHtml } from '../http/admin-pages.js';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { graphWords } from './words.js';

export interface FlowEntry {
  flowId: string;
  title: string;
  steps: number;
  /** Where the entry's title links (its SVG file, or its own admin page). */
  href: string;
  /** The drawing, shown inline when given. */
  svg?: string;
}

export interface GraphsPageOptions {
  locale: Locale;
  entries: readonly FlowEntry[];
  /** Links to the same page in each language (the admin page), by locale. */
  languageLinks?: Partial<Record<Locale, string>>;
  /** A link back to the list of every flow (the admin page when showing one). */
  allLink?: string;
}

export function graphsPage(opts: GraphsPageOptions): string {
  const words = graphWords(opts.locale);
  const languages = opts.languageLinks
    ? `<nav class="langs">${LOCALES.map((l) => (l === opts.locale ? `<strong>${l}</strong>` : `<a href="${escapeHtml(opts.languageLinks?.[l] ?? '')}">${l}</a>`)).join(' · ')}</nav>`
    : '';
  const all = opts.allLink ? `<p><a href="${escapeHtml(opts.allLink)}">← ${escapeHtml(words.pageTitle)}</a></p>` : '';
  const list = opts.entries
    .map((e) => `<li><a href="${escapeHtml(e.href)}">${escapeHtml(e.title)}</a> <small>(${escapeHtml(e.flowId)}, ${e.steps} ${escapeHtml(words.steps)})</small></li>`)
    .join('\n');
  const drawings = opts.entries
    .filter((e) => e.svg !== undefined)
    .map((e) => `<section id="flow-${escapeHtml(e.flowId)}"><h2>${escapeHtml(e.title)}</h2>\n<div class="drawing">${prefixIds(e.svg ?? '', e.flowId)}</div></section>`)
    .join('\n');
  const single = opts.entries.length === 1 && drawings !== '';
  return `<!doctype html>
<html lang="${opts.locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(single ? `${opts.entries[0]?.title ?? ''} · ${words.pageTitle}` : words.pageTitle)}</title>
<style>body{font-family:sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#111827}.drawing{overflow-x:auto;border:1px solid #e5e7eb;padding:.5rem;margin-bottom:2rem}.drawing svg{max-width:100%;height:auto}small{color:#4b5563}.langs{float:right}</style>
</head><body>
${languages}<h1>${escapeHtml(words.pageTitle)}</h1>
${all}${single ? '' : `<p>${escapeHtml(words.intro)}</p>\n<ul>\n${list}\n</ul>`}
${drawings}
</body></html>
`;
}

/** Graphviz numbers its ids from 1 in every drawing: made unique so several can share a page. */
function prefixIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]*)"/g, (_, id: string) => `id="${escapeHtml(prefix)}-${id}"`);
}
