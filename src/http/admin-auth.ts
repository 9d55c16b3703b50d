// Admin sign-in over HTTP: the form posts ADMIN_TOKEN once (never in a URL), a random session id
// then travels in a cookie (HttpOnly: no script reads it; SameSite=Strict: no other site sends it;
// Path=/admin; Secure behind an https proxy). Without ADMIN_TOKEN every /admin route answers 401.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Logger } from 'pino';
import { adminHome, loginPage } from './admin-pages.js';
import { sameSecret, type AdminSessions } from './admin-sessions.js';

export const ADMIN_COOKIE = 'passerelle_admin';
export const LOGIN_PATH = '/admin/login';
export const LOGOUT_PATH = '/admin/logout';
export const ADMIN_HOME = '/admin';

export interface AdminAuthOptions {
  /** Unset: admin routes stay closed. */
  adminToken: string | undefined;
  sessions: AdminSessions;
  log: Logger;
}

export class AdminAuth {
  constructor(private readonly opts: AdminAuthOptions) {}

  /** Lets a request through with an open session; otherwise a page is sent to the form, anything else gets 401. */
  readonly guard: MiddlewareHandler = async (c, next) => {
    if (!this.opts.adminToken) return closed(c);
    if (await this.opts.sessions.isOpen(getCookie(c, ADMIN_COOKIE))) return next();
    const wantsPage = (c.req.method === 'GET' || c.req.method === 'HEAD') && !prefersJson(c.req.header('accept'));
    if (wantsPage) return c.redirect(`${LOGIN_PATH}?next=${encodeURIComponent(c.req.path)}`, 302);
    return c.text(`sign in at ${LOGIN_PATH}`, 401);
  };

  /** GET/POST /admin/login, POST /admin/logout and the admin home (listing `pages`). */
  register(app: Hono, pages: () => readonly string[]): void {
    app.get(LOGIN_PATH, (c) => (this.opts.adminToken ? c.html(loginPage({ next: safeNext(c.req.query('next')) })) : closed(c)));
    app.post(LOGIN_PATH, (c) => this.signIn(c));
    app.post(LOGOUT_PATH, async (c) => {
      await this.opts.sessions.close(getCookie(c, ADMIN_COOKIE));
      deleteCookie(c, ADMIN_COOKIE, { path: '/admin', httpOnly: true, sameSite: 'Strict', secure: behindHttps(c) });
      return c.redirect(LOGIN_PATH, 303);
    });
    app.get(ADMIN_HOME, this.guard, (c) => c.html(adminHome(pages())));
  }

  private async signIn(c: Context): Promise<Response> {
    const expected = this.opts.adminToken;
    if (!expected) return closed(c);
    const client = clientAddress(c);
    const wait = await this.opts.sessions.retryAfter(client);
    if (wait > 0) {
      c.header('retry-after', String(wait));
      return c.html(loginPage({ next: ADMIN_HOME, error: `Too many failed attempts: try again in ${wait} s.` }), 429);
    }
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const given = typeof form.token === 'string' ? form.token : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    if (!sameSecret(given, expected)) {
      await this.opts.sessions.recordFailure(client);
      this.opts.log.warn({ client }, 'admin sign-in refused');
      return c.html(loginPage({ next, error: 'Wrong token.' }), 401);
    }
    await this.opts.sessions.close(getCookie(c, ADMIN_COOKIE)); // a new id at each sign-in
    const id = await this.opts.sessions.open();
    setCookie(c, ADMIN_COOKIE, id, { path: '/admin', httpOnly: true, sameSite: 'Strict', maxAge: this.opts.sessions.sessionSeconds, secure: behindHttps(c) });
    this.opts.log.info({ client }, 'admin signed in');
    return c.redirect(next, 303);
  }
}

function closed(c: Context): Response {
  return c.text('admin pages are closed: ADMIN_TOKEN is not set', 401);
}

/** Where to go after sign-in: an admin path of this site only (never another host). */
function safeNext(next: string | undefined): string {
  const plain = next !== undefined && /^\/admin(\/[A-Za-z0-9._~\-/]*)?$/.test(next) && !next.includes('//') && !next.split('/').some((s) => s === '.' || s === '..');
  if (!plain || next === LOGIN_PATH) return ADMIN_HOME;
  return next;
}

function prefersJson(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('application/json') && !accept.includes('text/html');
}

function behindHttps(c: Context): boolean {
  return c.req.header('x-forwarded-proto') === 'https';
}

/** The peer's address (a proxy's when there is one: X-Forwarded-For is not trusted, anyone can write it). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
