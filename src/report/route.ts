// GET /admin/report?month=2026-12&lang=fr|en|ar (admin sign-in, like every /admin page): the
// monthly report read from the usage counts, the same page `npm run report` writes to a file, with
// links to the months around it and to the other languages. Default month: the last finished one.
import type { Context } from 'hono';
import type { HttpServer } from '../http/server.js';
import { isLocale, LOCALES, type Locale } from '../i18n/locales.js';
import { addMonths } from '../usage/keys.js';
import { escapeHtml } from './html.js';
import { isMonth, lastFinishedMonth } from './month.js';
import { reportFromRedis, type ReportSource } from './source.js';

export const REPORT_PATH = '/admin/report';

/** Stricter than the admin default: the page loads nothing at all (no script, no image, no font). */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function reportUrl(month: string, locale: Locale): string {
  return `${REPORT_PATH}?month=${month}&lang=${locale}`;
}

/** Links to the previous and next months and the other languages; hidden when printed. */
function navigation(month: string, locale: Locale): string {
  const link = (href: string, text: string): string => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
  const before = addMonths(month, -1);
  const after = addMonths(month, 1);
  const languages = LOCALES.map((l) => (l === locale ? `<strong>${l}</strong>` : link(reportUrl(month, l), l))).join(' · ');
  return `<nav class="noprint">${link(reportUrl(before, locale), `← ${before}`)} · ${link(reportUrl(after, locale), `${after} →`)} · ${languages}</nav>`;
}

export function registerReportRoute(http: HttpServer, source: ReportSource & { timeZone: string; clock?: () => Date }): void {
  http.route(
    'GET',
    REPORT_PATH,
    async (c: Context) => {
      const lang = c.req.query('lang') ?? 'fr';
      if (!isLocale(lang)) return c.text(`lang: one of ${LOCALES.join(', ')}`, 400);
      const month = c.req.query('month') ?? lastFinishedMonth(source.clock?.() ?? new Date(), source.timeZone);
      if (!isMonth(month)) return c.text('month: YYYY-MM, such as 2026-12', 400);
      const html = await reportFromRedis(source, month, lang, `${navigation(month, lang)}\n`);
      c.header('content-security-policy', REPORT_CSP);
      return c.html(html);
    },
    { admin: true, optional: true },
  );
}
