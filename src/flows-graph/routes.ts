// GET /admin/flows (admin sign-in, like every /admin page): every flow drawn inline, or one with
// ?flow=droits; ?lang=fr|en|ar (default fr). Drawn on the server from the content the service runs
// with, so the page shows exactly what the bot does. The content never changes while the process
// runs: each drawing is made once, on first request.
import type { Context } from 'hono';
import type { Content } from '../content.js';
import type { HttpServer } from '../http/server.js';
import { isLocale, LOCALES, type Locale } from '../i18n/locales.js';
import { graphsPage } from './page.js';
import { drawFlows, type DrawnFlow } from './render.js';

export const FLOWS_PATH = '/admin/flows';

/** Stricter than the admin default: the page has no script at all; inline SVG and its styles only. */
export const FLOWS_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function flowsPageUrl(locale: Locale, flowId?: string): string {
  return `${FLOWS_PATH}?${flowId === undefined ? '' : `flow=${encodeURIComponent(flowId)}&`}lang=${locale}`;
}

export function registerFlowsGraphRoutes(http: HttpServer, content: Pick<Content, 'flows' | 'texts'>): void {
  const cache = new Map<string, Promise<DrawnFlow>>();
  const drawn = (flowId: string, locale: Locale): Promise<DrawnFlow> => {
    const key = `${locale}|${flowId}`;
    let found = cache.get(key);
    if (!found) {
      found = drawFlows({ flows: content.flows, texts: content.texts, locale, only: flowId, linkTo: (id) => flowsPageUrl(locale, id) }).then(([d]) => {
        if (!d) throw new Error(`flow "${flowId}" was not drawn`);
        return d;
      });
      found.catch(() => cache.delete(key)); // a failed drawing is tried again on the next request
      cache.set(key, found);
    }
    return found;
  };

  http.route(
    'GET',
    FLOWS_PATH,
    async (c: Context) => {
      const lang = c.req.query('lang') ?? 'fr';
      if (!isLocale(lang)) return c.text(`lang: one of ${LOCALES.join(', ')}`, 400);
      const flowId = c.req.query('flow');
      if (flowId !== undefined && !content.flows.has(flowId)) return c.text(`no flow "${flowId}"`, 404);
      const ids = flowId === undefined ? [...content.flows.keys()].sort() : [flowId];
      const flows = await Promise.all(ids.map((id) => drawn(id, lang)));
      const html = graphsPage({
        locale: lang,
        entries: flows.map((d) => ({ ...d, href: flowId === undefined ? `#flow-${d.flowId}` : flowsPageUrl(lang, d.flowId) })),
        languageLinks: Object.fromEntries(LOCALES.map((l) => [l, flowsPageUrl(l, flowId)])),
        ...(flowId === undefined ? {} : { allLink: flowsPageUrl(lang) }),
      });
      c.header('content-security-policy', FLOWS_CSP);
      return c.html(html);
    },
    { admin: true, optional: true },
  );
}
