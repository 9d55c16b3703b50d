// Admin routes: the token (query or Bearer) opens them and sets a cookie scoped to /admin, so a
// dashboard's own assets and API calls pass without the token in their URLs.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminCookieValue, HttpServer } from '../src/http/server.js';

const TOKEN = 'a-test-admin-token-0123456789';
let http: HttpServer;

beforeEach(async () => {
  http = new HttpServer({ port: 0, host: '127.0.0.1', adminToken: TOKEN, log: pino({ level: 'silent' }) });
  http.route('GET', '/admin/page', (_req, res) => void res.end('secret'), { admin: true });
  http.route('GET', '/open', (_req, res) => void res.end('open'));
  await http.start();
});

afterEach(async () => {
  await http.stop();
});

const url = (path: string): string => `http://127.0.0.1:${http.port}${path}`;

function cookieOf(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}

describe('admin cookie', () => {
  it('is set by an authorised visit (query or Bearer): HttpOnly, SameSite=Strict, Path=/admin, not the token', async () => {
    const byQuery = await fetch(url(`/admin/page?token=${TOKEN}`));
    expect(byQuery.status).toBe(200);
    const header = byQuery.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/^passerelle_admin=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(header).not.toContain(TOKEN);
    expect(cookieOf(byQuery)).toBe(`passerelle_admin=${adminCookieValue(TOKEN)}`);

    const byBearer = await fetch(url('/admin/page'), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(byBearer.status).toBe(200);
    expect(cookieOf(byBearer)).toBe(cookieOf(byQuery));
  });

  it('then opens admin routes without the token; a wrong or missing cookie does not', async () => {
    const cookie = cookieOf(await fetch(url(`/admin/page?token=${TOKEN}`)));
    const withCookie = await fetch(url('/admin/page'), { headers: { cookie: `other=1; ${cookie}` } });
    expect(withCookie.status).toBe(200);
    expect(await withCookie.text()).toBe('secret');
    expect(withCookie.headers.get('set-cookie')).toBeNull();

    expect((await fetch(url('/admin/page'))).status).toBe(401);
    expect((await fetch(url('/admin/page'), { headers: { cookie: `passerelle_admin=${TOKEN}` } })).status).toBe(401);
    expect((await fetch(url('/admin/page'), { headers: { cookie: 'passerelle_admin=' } })).status).toBe(401);
    expect((await fetch(url('/admin/page?token=wrong-token-0123456789'))).status).toBe(401);
  });

  it('is Secure behind an https proxy, and never set on public routes', async () => {
    const proxied = await fetch(url(`/admin/page?token=${TOKEN}`), { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure$/);
    expect((await fetch(url(`/open?token=${TOKEN}`))).headers.get('set-cookie')).toBeNull();
  });

  it('stays closed when no ADMIN_TOKEN is configured, whatever the cookie', async () => {
    const closed = new HttpServer({ port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }) });
    closed.route('GET', '/admin/page', (_req, res) => void res.end('secret'), { admin: true });
    await closed.start();
    try {
      const res = await fetch(`http://127.0.0.1:${closed.port}/admin/page`, { headers: { cookie: `passerelle_admin=${adminCookieValue('')}` } });
      expect(res.status).toBe(401);
    } finally {
      await closed.stop();
    }
  });
});
