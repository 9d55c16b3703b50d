// The report as one self-contained HTML page: inline CSS and inline SVG, no script, no image file,
// no font or link to another site, so it can be saved, mailed and printed to PDF from any browser
// (@media print: one section per page).
import type { Locale } from '../i18n/locales.js';
import type { Cell } from './mask.js';
import { MIN_SHOWN } from './mask.js';
import type { DetailKind, ReportData, Row, TakeTime, Total } from './data.js';

/** A text of locales/<lang>/report.yaml, by its key without "report.". */
export type Say = (key: string, args?: Readonly<Record<string, unknown>>) => string;

/** The SVG of each chart, already rendered (charts.ts). */
export interface ReportCharts {
  weeks: string;
  flows: string;
  procedures: string;
  funnels: Record<string, string>;
}

const DETAIL_TITLES: Record<DetailKind, string> = {
  'conversation.started': 'details.conversations',
  'rights.shown': 'details.rights',
  'reminder.done': 'details.done',
  'reminder.stopped': 'details.stopped',
  'crisis.reply': 'details.crisis',
  'places.shown': 'details.places',
  'privacy.forget': 'details.forget',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Formats counts, hidden counts, changes, durations and months in one language. */
export class Formats {
  private readonly numbers: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  constructor(
    readonly locale: Locale,
    private readonly say: Say,
  ) {
    this.numbers = new Intl.NumberFormat(locale);
    this.percent = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  }

  count = (c: Cell): string => {
    if (c.hidden === 'small') return `< ${this.numbers.format(MIN_SHOWN)}`;
    if (c.hidden === 'secondary') return this.say('hidden');
    return this.numbers.format(c.value);
  };

  change = (t: Total): string => {
    if (t.isNew) return this.say('totals.new');
    if (t.change === undefined) return this.say('totals.none');
    return `${this.percent.format(t.change)} %`;
  };

  duration = (seconds: number | undefined): string => {
    if (seconds === undefined) return this.say('totals.none');
    const s = Math.round(seconds);
    if (s < 60) return this.say('duration.seconds', { n: this.numbers.format(s) });
    if (s < 3600) return this.say('duration.minutes', { n: this.numbers.format(Math.round(s / 60)) });
    const m = Math.round(s / 60);
    return this.say('duration.hours', { h: this.numbers.format(Math.floor(m / 60)), m: String(m % 60).padStart(2, '0') });
  };

  month = (month: string): string => new Intl.DateTimeFormat(this.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T12:00:00Z`));

  /** "1–6 déc." for a week's days. */
  week = (days: readonly string[]): string => {
    const day = (d: string): Date => new Date(`${d}T12:00:00Z`);
    const first = new Intl.DateTimeFormat(this.locale, { day: 'numeric', timeZone: 'UTC' }).format(day(days[0]!));
    const last = new Intl.DateTimeFormat(this.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(day(days[days.length - 1]!));
    return days.length === 1 ? last : `${first}–${last}`;
  };
}

const CSS = `
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1a1a1a;max-width:52rem;margin:0 auto;padding:1.5rem;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.25rem;margin:0 0 .8rem;border-bottom:2px solid #1d5a8c;padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.subtitle{font-size:1.1rem;margin:0 0 1rem;color:#333}
.privacy{background:#eef4f9;border-left:4px solid #1d5a8c;padding:.6rem .8rem}
section{margin:2rem 0}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{border-bottom:1px solid #ccc;padding:.35rem .5rem;text-align:start}
td.n,th.n,td.d,th.d{text-align:end;font-variant-numeric:tabular-nums}
td.n{white-space:nowrap;direction:ltr;unicode-bidi:isolate}
[dir=rtl] td.n{text-align:left}
td.d{white-space:nowrap}
figure{margin:1rem 0;break-inside:avoid}
figure svg{max-width:100%;height:auto;direction:ltr}
figcaption,.note{font-size:.92rem;color:#333;margin-top:.3rem}
nav{margin:1rem 0}
@media print{
  .noprint{display:none}
  body{max-width:none;padding:0}
  section{break-before:page;margin:0}
  section:first-of-type{break-before:auto}
  table,figure,tr{break-inside:avoid}
  a{color:inherit;text-decoration:none}
}
@page{margin:1.5cm}
`;

/** `kinds`: per column, "n" a count (kept left-to-right, "< 5" in Arabic too), "d" a duration, "" text. */
function table(head: string[], rows: string[][], kinds: Array<'n' | 'd' | ''>): string {
  const cls = (i: number): string => (kinds[i] ? ` class="${kinds[i]}"` : '');
  const th = head.map((h, i) => `<th scope="col"${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td${cls(i)}>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function figure(svg: string, caption: string, empty: string): string {
  if (svg === '') return `<p class="note">${escapeHtml(empty)}</p>`;
  return `<figure>\n${svg}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}

function totalsSection(data: ReportData, say: Say, f: Formats): string {
  const rows = data.totals.map((t) => [say(`totals.${t.id}`), f.count(t.current), f.count(t.previous), f.change(t)]);
  return `<section id="totals">
<h2>${escapeHtml(say('totals.title'))}</h2>
${table([say('totals.what'), f.month(data.month), f.month(data.previousMonth), say('totals.change')], rows, ['', 'n', 'n', 'n'])}
<p class="note">${escapeHtml(say('totals.caption'))}</p>
<p class="note">${escapeHtml(say('totals.people_note'))}</p>
</section>`;
}

function takeSection(data: ReportData, say: Say, f: Formats): string {
  const label = (t: TakeTime): string => (t.team === '' ? say('handoffs.all') : t.team);
  const rows = data.takeTimes.map((t) => [label(t), f.count(t.requested), f.count(t.taken), f.duration(t.medianSeconds), f.duration(t.previousMedianSeconds)]);
  return `<section id="handoffs">
<h2>${escapeHtml(say('handoffs.title'))}</h2>
${table([say('handoffs.team'), say('handoffs.requested'), say('handoffs.taken'), say('handoffs.median'), say('handoffs.previous')], rows, ['', 'n', 'n', 'd', 'd'])}
<p class="note">${escapeHtml(say('handoffs.caption'))}</p>
</section>`;
}

function detailsSection(data: ReportData, say: Say, f: Formats): string {
  const block = (kind: DetailKind, rows: Row[]): string => {
    const title = `<h3>${escapeHtml(say(DETAIL_TITLES[kind]))}</h3>`;
    if (rows.length === 0) return `${title}\n<p class="note">${escapeHtml(say('details.empty'))}</p>`;
    return `${title}\n${table([say('details.label'), say('details.count')], rows.map((r) => [r.label === '' ? say('details.all') : r.label, f.count(r.cells[0]!)]), ['', 'n'])}`;
  };
  return `<section id="details">
<h2>${escapeHtml(say('details.title'))}</h2>
${data.details.map((d) => block(d.kind, d.rows)).join('\n')}
</section>`;
}

/** `nav`: HTML put above the report (the admin page's links to other months and languages). */
export function reportHtml(data: ReportData, charts: ReportCharts, say: Say, locale: Locale, nav = ''): string {
  const f = new Formats(locale, say);
  const funnels = data.funnels.length === 0
    ? `<p class="note">${escapeHtml(say('funnels.none'))}</p>`
    : data.funnels.map((fn) => `<h3>${escapeHtml(fn.flow)}</h3>\n${figure(charts.funnels[fn.flow] ?? '', say('funnels.caption', { flow: fn.flow }), say('funnels.none'))}`).join('\n');
  const hasSecondary = JSON.stringify(data).includes('"secondary"');
  return `<!doctype html>
<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(say('title'))}: ${escapeHtml(f.month(data.month))}</title>
<style>${CSS}</style>
</head><body>
<header>
<h1>${escapeHtml(say('title'))}</h1>
<p class="subtitle">${escapeHtml(say('subtitle', { month: f.month(data.month) }))}</p>
<p class="privacy">${escapeHtml(say('privacy'))}${hasSecondary ? `<br>${escapeHtml(say('hidden_note'))}` : ''}</p>
</header>
${nav}<main>
${totalsSection(data, say, f)}
<section id="weeks">
<h2>${escapeHtml(say('weeks.title'))}</h2>
${figure(charts.weeks, say('weeks.caption'), say('details.empty'))}
</section>
<section id="flows">
<h2>${escapeHtml(say('flows.title'))}</h2>
${figure(charts.flows, say('flows.caption'), say('details.empty'))}
</section>
<section id="procedures">
<h2>${escapeHtml(say('procedures.title'))}</h2>
${figure(charts.procedures, say('procedures.caption'), say('details.empty'))}
</section>
<section id="funnels">
<h2>${escapeHtml(say('funnels.title'))}</h2>
${funnels}
</section>
${takeSection(data, say, f)}
${detailsSection(data, say, f)}
</main>
</body></html>
`;
}
