// The report's charts: Vega-Lite specs rendered to SVG on the server (vega's headless View, no
// browser, no canvas). No quantitative axis: each bar or point carries its own label, so a hidden
// count ("< 5", drawn as nothing) can never be read off a scale.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Cell } from './mask.js';

export interface Datum {
  label: string;
  series: string;
  /** 0 for a hidden count: no bar, no height. */
  value: number;
  /** What is written on the bar: the count, "< 5" or "masqué". */
  text: string;
  hidden: boolean;
  /** What a screen reader says for the mark: "droits, Finis: < 5" (never the 0 a hidden bar is drawn at). */
  aria: string;
}

export const COLOURS = ['#1d5a8c', '#c8641b'];
const WIDTH = 520;
const FONT = 'DejaVu Sans, Arial, sans-serif';

const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 220, domainColor: '#888', tickColor: '#888' },
  legend: { labelFontSize: 12, titleFontSize: 12, orient: 'top' as const, title: null },
};

export function datum(label: string, series: string, c: Cell, show: (c: Cell) => string): Datum {
  const text = show(c);
  return { label, series, value: c.hidden ? 0 : c.value, text, hidden: c.hidden !== undefined, aria: `${label}, ${series}: ${text}` };
}

/** Horizontal bars, one group per label, one bar per series (a legend when there are several). */
export function barsSpec(data: Datum[], opts: { sort?: 'data' | 'none'; series: string[]; labelTitle?: string }): TopLevelSpec {
  const labels = [...new Set(data.map((d) => d.label))];
  const several = opts.series.length > 1;
  const colour = { field: 'series', type: 'nominal' as const, scale: { domain: opts.series, range: COLOURS.slice(0, opts.series.length) }, ...(several ? {} : { legend: null }) };
  const y = { field: 'label', type: 'nominal' as const, sort: labels, title: opts.labelTitle ?? null, axis: { labelFontSize: 12, ticks: false } };
  const yOffset = several ? { yOffset: { field: 'series', type: 'nominal' as const, sort: opts.series } } : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: WIDTH - 220,
    height: { step: several ? 16 : 22 },
    data: { values: data },
    encoding: { y, ...yOffset, description: { field: 'aria' } },
    layer: [
      { mark: { type: 'bar', cornerRadiusEnd: 2 }, encoding: { x: { field: 'value', type: 'quantitative', axis: null, scale: { zero: true } }, color: colour } },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 12, color: '#222' },
        encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'text' }, detail: { field: 'series' } },
      },
    ],
  } as TopLevelSpec;
}

/** A line over time (the weeks), each point labelled with its count; a hidden count is only a label on the baseline, off the line. */
export function lineSpec(data: Datum[], opts: { xTitle: string }): TopLevelSpec {
  const labels = data.map((d) => d.label);
  const x = { field: 'label', type: 'ordinal' as const, sort: labels, title: opts.xTitle, axis: { labelAngle: 0 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: WIDTH,
    height: 180,
    data: { values: data },
    encoding: { x, y: { field: 'value', type: 'quantitative', axis: null, scale: { zero: true } }, description: { field: 'aria' } },
    layer: [
      { transform: [{ filter: '!datum.hidden' }], mark: { type: 'line', color: COLOURS[0], strokeWidth: 2, point: { filled: true, size: 50, color: COLOURS[0] } } },
      { mark: { type: 'text', dy: -12, fontSize: 12, color: '#222' }, encoding: { text: { field: 'text' } } },
    ],
  } as TopLevelSpec;
}

/** Renders a Vega-Lite spec to an SVG string fit to sit inside an HTML page. */
export async function renderSvg(spec: TopLevelSpec, title: string): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return inlineSvg(svg, title);
  } finally {
    view.finalize();
  }
}

/**
 * Inline SVG in HTML needs no namespace: dropping the xmlns attributes leaves no URL at all in the
 * page. role="img" with a title lets a screen reader name the chart.
 */
export function inlineSvg(svg: string, title: string): string {
  const escaped = title.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return svg
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')
    .replace(/^<svg\b/, `<svg role="img" aria-label="${escaped}"`);
}
