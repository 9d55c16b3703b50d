// The monthly report built from fixture months (no Redis): what a centre's team reads in it.
import { describe, expect, it } from 'vitest';
import { loadLocales, LOCALES } from '../../src/i18n/locales.js';
import { buildReport } from '../../src/report/build.js';
import { median, reportData } from '../../src/report/data.js';
import { breakdown, cell } from '../../src/report/mask.js';
import { weeksOf } from '../../src/report/month.js';
import { DECEMBER, NOVEMBER } from './report-fixture.js';

const { texts } = loadLocales('locales');
const build = (locale: (typeof LOCALES)[number] = 'fr'): Promise<string> => buildReport({ current: DECEMBER, previous: NOVEMBER, texts, locale, stepOrder: { droits: ['intro', 'age', 'result', 'talk'] } });

/** What a reader sees: the text of the page and of the charts' labels, without tags or attributes. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** A count written alone ("3", not "13" nor "2026-03"). */
const standalone = (n: number): RegExp => new RegExp(`(^|[^\\d.,-])${n}([^\\d.,-]|$)`);

const svgTexts = (html: string): string[] => [...html.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&lt;/g, '<'));

/** The cells of the table row whose heading is `label`. */
function row(html: string, label: string): string[] {
  const m = new RegExp(`<tr><th scope="row">${label}</th>(.*?)</tr>`).exec(html);
  if (!m) throw new Error(`no row "${label}"`);
  return [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!.replace(/&lt;/g, '<'));
}

describe('monthly report', () => {
  it('gives the month totals with the change from the previous month', async () => {
    const html = await build();
    expect(row(html, 'Personnes différentes')).toEqual(['118', '100', '+18 %']);
    expect(row(html, 'Conversations commencées')).toEqual(['248', '210', '+18 %']);
    expect(row(html, 'Parcours finis')).toEqual(['85', '80', '+6 %']);
    expect(row(html, 'Demandes pour parler à une personne')).toEqual(['20', '16', '+25 %']);
    // One side under 5: the count is masked and no change is given (it would tell the small one).
    expect(row(html, 'Rappels envoyés')).toEqual(['27', '< 5', '—']);
    expect(row(html, 'Réponses d&#39;urgence')).toEqual(['< 5', '6', '—']);
  });

  it('never shows a count under 5: not in a table, not on a chart, not as a change', async () => {
    // 3 crisis replies, 3 finished "accueil", 4 reaching "talk", 2 "oubli", 2 conversations the last week; 4 reminders in November.
    const html = await build();
    const text = visibleText(html);
    for (const n of [2, 3, 4]) expect(text).not.toMatch(standalone(n));
    for (const label of svgTexts(html)) for (const n of [2, 3, 4]) expect(label).not.toMatch(standalone(n));
    expect(svgTexts(html).filter((t) => t === '< 5').length).toBe(3); // accueil finished, talk, the last week
    // Nor in what a screen reader says for a mark (a hidden bar is drawn at 0: it must not say 0).
    // (Vega's own axis and legend descriptions count categories, not people: "a discrete scale with 3 values".)
    const aria = [...html.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]!.replace(/&lt;/g, '<')).filter((l) => !/^(X-axis|Y-axis|Symbol legend)/.test(l));
    expect(aria).toContain('accueil, Finis: < 5');
    for (const label of aria) for (const n of [0, 2, 3, 4]) expect(label).not.toMatch(standalone(n));
    expect(row(html, 'violence')).toEqual(['< 5']);
    expect(row(html, 'Tout')).toEqual(['< 5']);
  });

  it('hides one more count of a breakdown when only one is under 5, so it cannot be found by subtraction', async () => {
    const data = reportData({ current: DECEMBER, previous: NOVEMBER });
    // Flows finished: droits 52, rappels 30, accueil 3 (total 85 shown): 30 is hidden too.
    expect(data.flows.map((r) => [r.label, r.cells[1]!.hidden])).toEqual([['droits', undefined], ['rappels', 'secondary'], ['accueil', 'small']]);
    const html = await build();
    expect(svgTexts(html)).not.toContain('30');
    expect(svgTexts(html)).toContain('masqué');
    expect(html).toContain('« masqué » : ce nombre est caché aussi.');
    // Hidden counts come last, in the order of their names: their place must not tell their size.
    const places = reportData({ current: { ...DECEMBER, totals: { 'places.shown': { Lille: 30, Roubaix: 3, Tourcoing: 12 } } }, previous: NOVEMBER }).details.find((d) => d.kind === 'places.shown')!;
    expect(places.rows.map((r) => [r.label, r.cells[0]!.hidden])).toEqual([['Lille', undefined], ['Roubaix', 'small'], ['Tourcoing', 'secondary']]);
    expect(breakdown([10, 0, 7])).toEqual([{ value: 10 }, { value: 0 }, { value: 7 }]);
    expect(breakdown([10, 2, 3]).map((c) => c.hidden)).toEqual([undefined, 'small', 'small']);
    expect(cell(0)).toEqual({ value: 0 });
  });

  it('is one self-contained page: inline CSS and SVG, no script, nothing loaded from anywhere', async () => {
    for (const locale of LOCALES) {
      const html = await build(locale);
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html.match(/<html\b/g)).toHaveLength(1);
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).not.toMatch(/\b(src|href|xlink:href)\s*=/i);
      expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
      expect(html).not.toMatch(/url\((?!#)|@import/i); // url(#clip1): a clip path of the same chart
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length); // charts side by side must not share an id
      // Weeks, flows, procedures and the one funnel (droits), each with its caption.
      expect(html.match(/<figure>\s*<svg\b/g)).toHaveLength(4);
      expect(html.match(/<figcaption>/g)).toHaveLength(4);
      expect(html).toContain('@media print');
      expect(html).toMatch(/break-before:page/);
      // Every text was found in locales/<lang>/report.yaml (a missing one would show its key).
      expect(html).not.toMatch(/report\.[a-z]/);
    }
  });

  it('is in French, and in English or Arabic when asked', async () => {
    expect(await build('fr')).toContain('<html lang="fr" dir="ltr">');
    const en = await build('en');
    expect(en).toContain('<html lang="en" dir="ltr">');
    expect(en).toContain('<h1>What the bot did</h1>');
    expect(en).toContain('Passerelle activity report, December 2026');
    expect(await build('ar')).toContain('<html lang="ar" dir="rtl">');
  });

  it('draws each flow\'s funnel in the order of its steps', async () => {
    const data = reportData({ current: DECEMBER, previous: NOVEMBER, stepOrder: { droits: ['intro', 'age', 'result', 'talk'] } });
    expect(data.funnels).toEqual([{ flow: 'droits', steps: [{ label: 'intro', cells: [{ value: 80 }] }, { label: 'age', cells: [{ value: 64 }] }, { label: 'result', cells: [{ value: 52 }] }, { label: 'talk', cells: [{ value: 4, hidden: 'small' }] }] }]);
    const funnel = (await build()).split('<h3>droits</h3>')[1]!.split('</figure>')[0]!;
    expect(svgTexts(funnel)).toEqual(expect.arrayContaining(['intro', 'age', 'result', 'talk', '80', '64', '52', '< 5']));
  });

  it('gives the median time to take a conversation, from 5 conversations taken', async () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const html = await build();
    // accueil: 12 takes, median 270 s; promeneurs: 6 takes, median 1050 s; none the month before.
    expect(row(html, 'accueil')).toEqual(['14', '12', '5 min', '10 min']);
    expect(row(html, 'promeneurs')).toEqual(['6', '6', '18 min', '—']);
    expect(row(html, 'Toutes les équipes')).toEqual(['20', '18', '7 min', '10 min']);
    const fewer = reportData({ current: { ...DECEMBER, takeSeconds: { accueil: [60, 60, 60, 60] } }, previous: NOVEMBER });
    expect(fewer.takeTimes.find((t) => t.team === 'accueil')!.medianSeconds).toBeUndefined();
  });

  it('cuts the month into weeks from Monday to Sunday', () => {
    expect(weeksOf('2026-12').map((w) => `${w[0]}…${w.at(-1)}`)).toEqual([
      '2026-12-01…2026-12-06',
      '2026-12-07…2026-12-13',
      '2026-12-14…2026-12-20',
      '2026-12-21…2026-12-27',
      '2026-12-28…2026-12-31',
    ]);
  });
});
