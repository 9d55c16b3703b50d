// Builds the monthly report page from two months of usage counts: the numbers (data.ts), the
// charts as SVG (charts.ts), the page (html.ts), in one of the locales.
import { translate, type Locale, type Texts } from '../i18n/locales.js';
import { barsSpec, datum, lineSpec, renderSvg, type Datum } from './charts.js';
import { reportData, type ReportData, type ReportInput, type Row } from './data.js';
import { Formats, reportHtml, type ReportCharts, type Say } from './html.js';

export interface BuildOptions extends ReportInput {
  texts: Texts;
  locale: Locale;
  /** HTML links shown above the report (the admin page's); none in a saved file. */
  nav?: string;
}

export function reportSay(texts: Texts, locale: Locale): Say {
  return (key, args = {}) => translate(texts, locale, `report.${key}`, args);
}

function rowsData(rows: readonly Row[], series: readonly string[], f: Formats): Datum[] {
  return rows.flatMap((r) => r.cells.map((c, i) => datum(r.label, series[i]!, c, f.count)));
}

async function renderCharts(data: ReportData, say: Say, f: Formats): Promise<ReportCharts> {
  const bars = async (rows: readonly Row[], series: string[], title: string): Promise<string> =>
    rows.length === 0 ? '' : renderSvg(barsSpec(rowsData(rows, series, f), { series }), title);
  const weeks = data.weeks.map((w) => datum(f.week(w.days), say('totals.conversations'), w.conversations, f.count));
  const funnels: Record<string, string> = {};
  for (const funnel of data.funnels) funnels[funnel.flow] = await bars(funnel.steps, [funnel.flow], say('funnels.caption', { flow: funnel.flow }));
  return {
    weeks: await renderSvg(lineSpec(weeks, { xTitle: say('weeks.axis') }), say('weeks.caption')),
    flows: await bars(data.flows, [say('flows.started'), say('flows.finished')], say('flows.caption')),
    procedures: await bars(data.procedures, [say('procedures.set'), say('procedures.delivered')], say('procedures.caption')),
    funnels,
  };
}

/** The report of `current` (compared with `previous`) as one self-contained HTML page. */
export async function buildReport(opts: BuildOptions): Promise<string> {
  const say = reportSay(opts.texts, opts.locale);
  const f = new Formats(opts.locale, say);
  const data = reportData(opts);
  return reportHtml(data, await renderCharts(data, say, f), say, opts.locale, opts.nav);
}
