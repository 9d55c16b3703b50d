// The admin page where an operator links the bot's number: GET /admin/whatsapp/qr (admin session).
// The page shows the QR as an inline SVG (drawn here, never by an outside service: the code gives
// access to the account), or the pairing code when one is used. It reloads itself, since the QR
// changes about every 20 seconds.
import type { RouteHandler } from '../../http/server.js';
import { translate, type Locale, type Texts } from '../../i18n/locales.js';
import { qrSvg } from './qr-image.js';
import type { StatusSnapshot } from './status.js';

export const QR_PAGE_PATH = '/admin/whatsapp/qr';

export interface QrPageDeps {
  snapshot(): StatusSnapshot;
  outboxLength(): Promise<number>;
  texts: Texts;
  locale: Locale;
  now?: () => Date;
}

export function qrPageHandler(deps: QrPageDeps): RouteHandler {
  return async (c) => {
    const status = deps.snapshot();
    const svg = status.state === 'waiting-for-scan' && status.qr ? await qrSvg(status.qr) : undefined;
    const html = renderQrPage(status, await deps.outboxLength(), deps.texts, deps.locale, (deps.now ?? (() => new Date()))(), svg);
    // Stricter than the other admin pages (no script at all); no-store and the rest come from the server.
    return c.html(html, 200, { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
  };
}

/** `qrSvg`: the QR drawn by qrSvg() (trusted markup, inserted as is). */
export function renderQrPage(status: StatusSnapshot, waiting: number, texts: Texts, locale: Locale, now: Date, qrSvg?: string): string {
  const t = (key: string, args: Record<string, unknown> = {}): string => escapeHtml(translate(texts, locale, `whatsapp.${key}`, args));
  const body: string[] = [];
  if (status.lastLoggedOutAt && status.state !== 'ready') body.push(`<p class="warn">${t('admin.logged_out')}</p>`);
  switch (status.state) {
    case 'ready':
      body.push(`<p class="ok">${t('admin.connected')}</p>`);
      break;
    case 'waiting-for-scan':
      if (status.pairingCode) body.push(`<p class="code">${t('admin.pairing', { code: status.pairingCode })}</p>`);
      if (status.qr && qrSvg) {
        body.push(`<p>${t('admin.scan')}</p>`, `<div id="qr" role="img" aria-label="QR">${qrSvg}</div>`, `<p class="small">${t('admin.secret')}</p>`);
      }
      break;
    case 'disconnected': {
      const seconds = status.retryAt ? Math.max(0, Math.ceil((status.retryAt.getTime() - now.getTime()) / 1000)) : 0;
      body.push(`<p class="warn">${t('admin.waiting', { seconds })}</p>`);
      break;
    }
    case 'starting':
    case 'stopped':
      body.push(`<p>${t('admin.starting')}</p>`);
      break;
  }
  if (waiting > 0) body.push(`<p>${t('admin.outbox', { count: waiting })}</p>`);
  body.push(`<p class="small">${t('admin.refresh')}</p>`);
  const dir = locale === 'ar' ? 'rtl' : 'ltr';
  return `<!doctype html>
<html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('admin.title')}</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}#qr{width:min(20rem,100%);margin:1rem 0}#qr svg{display:block;width:100%;height:auto}.ok{color:#060}.warn{color:#a40}.code{font-size:1.5rem}.small{color:#666;font-size:.9rem}</style>
</head><body><h1>${t('admin.title')}</h1>
${body.join('\n')}
</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
