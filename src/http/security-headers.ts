// Headers on every response: Hono's secureHeaders (Referrer-Policy: no-referrer,
// X-Content-Type-Options: nosniff, X-Frame-Options: DENY…), and for admin pages a Content-Security-
// Policy that allows only this origin (Bull Board's own scripts and styles; no outside font) and
// Cache-Control: no-store. A handler's own stricter header (the QR page's CSP) is kept.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Admin pages: scripts, styles, images and API calls from this origin only; inline styles (Bull Board's loader). */
export const ADMIN_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/** Everything else answers data (JSON, text), never a page. */
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(): MiddlewareHandler {
  // No Strict-Transport-Security: HTTPS is the reverse proxy's, which knows the domain's policy.
  const common = secureHeaders({ overwrite: false, strictTransportSecurity: false, xFrameOptions: 'DENY' });
  return async (c, next) => {
    await common(c, async () => {
      await next();
      const admin = isAdminPath(c.req.path);
      if (admin) c.res.headers.set('cache-control', 'no-store');
      if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', admin ? ADMIN_CSP : DATA_CSP);
    });
  };
}

export function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}
