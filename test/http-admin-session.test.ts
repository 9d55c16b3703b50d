// Admin sign-in on the one HTTP app: a form posts ADMIN_TOKEN (never a URL), a random session id
// kept in Redis with an expiry travels in a cookie scoped to /admin; sign-out ends it; failed
// sign-ins are slowed per client; every response carries the security headers.
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpServer } from '../src/http/server.js';
import { postLogin, signIn } from './support/admin-session.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';

const TOKEN = 'a-test-admin-token-0123456789';
const PAGE = { accept: 'text/html' };
let redis: Redis;
let prefix: string;
let http: HttpServer;
let base: string;

async function startServer(adminToken: string | undefined): Promise<HttpServer> {
  const server = new HttpServer({ port: 0, host: '127.0.0.1', adminToken, redis, redisPrefix: prefix, log: pino({ level: 'silent' }) });
  server.route('GET', '/admin/page', (c) => c.text('secret'), { admin: true });
  server.route('POST', '/admin/page', (c) => c.text('changed'), { admin: true });
  server.route('GET', '/open', (c) => c.text('open'));
  await server.start();
  return server;
}

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  http = await startServer(TOKEN);
  base = `http://127.0.0.1:${http.port}`;
});

afterEach(async () => {
  await http.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const url = (path: string): string => `${base}${path}`;
const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(url(path), { headers: { ...PAGE, ...headers }, redirect: 'manual' });
const sessionId = (cookie: string): string => cookie.slice('passerelle_admin='.length);

describe('admin sign-in', () => {
  it('sends a page without a session to the form, whose POST sets a random session cookie that opens it', async () => {
    const before = await get('/admin/page');
    expect(before.status).toBe(302);
    expect(before.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fpage');

    const form = await get('/admin/login?next=%2Fadmin%2Fpage');
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toMatch(/<form method="post" action="\/admin\/login">/);
    expect(html).toContain('name="token" type="password"');
    expect(html).toContain('value="/admin/page"');
    expect(html).not.toMatch(/https?:\/\//);

    const login = await postLogin(base, TOKEN, {}, '/admin/page');
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/admin/page');
    const header = login.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/^passerelle_admin=[A-Za-z0-9_-]{43};/);
    for (const attribute of ['Path=/admin', 'HttpOnly', 'SameSite=Strict', 'Max-Age=43200']) expect(header.split('; ')).toContain(attribute);
    expect(header).not.toContain('Secure');
    expect(header).not.toContain(TOKEN);

    const cookie = header.split(';')[0] ?? '';
    const ttl = await redis.ttl(`${prefix}:admin-session:${sessionId(cookie)}`);
    expect(ttl).toBeGreaterThan(12 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(12 * 3600);

    const page = await get('/admin/page', { cookie: `other=1; ${cookie}` });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('secret');
    expect((await fetch(url('/admin/page'), { method: 'POST', headers: { cookie } })).status).toBe(200);
    expect(await signIn(base, TOKEN)).not.toBe(cookie); // a new id at every sign-in
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const login = await postLogin(base, TOKEN, { 'x-forwarded-proto': 'https' });
    expect((login.headers.get('set-cookie') ?? '').split('; ')).toContain('Secure');
  });

  it('accepts no token in a URL nor in a header, and no made-up cookie', async () => {
    for (const path of [`/admin/page?token=${TOKEN}`, `/admin/login?token=${TOKEN}`]) {
      const res = await get(path);
      expect(res.headers.get('set-cookie'), path).toBeNull();
    }
    expect((await get(`/admin/page?token=${TOKEN}`)).status).toBe(302);
    expect((await get('/admin/page', { authorization: `Bearer ${TOKEN}` })).status).toBe(302);
    expect((await get('/admin/page', { cookie: `passerelle_admin=${TOKEN}` })).status).toBe(302);
    expect((await get('/admin/page', { cookie: `passerelle_admin=${'A'.repeat(43)}` })).status).toBe(302);
    // Not a page (an API call, a form): 401 rather than a redirect.
    expect((await fetch(url(`/admin/page?token=${TOKEN}`), { method: 'POST' })).status).toBe(401);
    expect((await fetch(url('/admin/page'), { headers: { accept: 'application/json' } })).status).toBe(401);
  });

  it('never sends a signed-in operator to another site', async () => {
    for (const next of ['https://evil.example/admin', '//evil.example/admin', '/admin/../x', '/elsewhere']) {
      const login = await postLogin(base, TOKEN, {}, next);
      expect(login.headers.get('location'), next).toBe('/admin');
    }
  });

  it('refuses a wrong token, then slows that client down for a minute (not for ever)', async () => {
    for (let i = 0; i < 5; i += 1) {
      const wrong = await postLogin(base, `wrong-token-${i}-0123456789`);
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
    }
    const limited = await postLogin(base, TOKEN);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.headers.get('set-cookie')).toBeNull();

    const [failures] = await redis.keys(`${prefix}:admin-login-failures:*`);
    expect(failures).toBeDefined();
    const ttl = await redis.ttl(failures ?? '');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    await redis.expire(failures ?? '', 0); // the minute has passed
    expect((await postLogin(base, TOKEN)).status).toBe(303);
  });

  it('signs out: the session is deleted and its cookie opens nothing any more', async () => {
    const cookie = await signIn(base, TOKEN);
    const home = await get('/admin', { cookie });
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('<a href="/admin/page">');
    expect(html).toContain('<form method="post" action="/admin/logout">');

    const logout = await fetch(url('/admin/logout'), { method: 'POST', headers: { cookie }, redirect: 'manual' });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('location')).toBe('/admin/login');
    expect(logout.headers.get('set-cookie')).toMatch(/^passerelle_admin=; .*Max-Age=0/);
    expect(await redis.exists(`${prefix}:admin-session:${sessionId(cookie)}`)).toBe(0);
    expect((await get('/admin/page', { cookie })).status).toBe(302);
    expect((await fetch(url('/admin/page'), { method: 'POST', headers: { cookie } })).status).toBe(401);
  });

  it('ends a session when its time in Redis is over', async () => {
    const cookie = await signIn(base, TOKEN);
    expect((await get('/admin/page', { cookie })).status).toBe(200);
    await redis.expire(`${prefix}:admin-session:${sessionId(cookie)}`, 0); // 12 hours later
    const after = await get('/admin/page', { cookie });
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/admin\/login/);
  });

  it('keeps admin routes, and only them, under /admin (where the cookie goes), and takes no route after start', () => {
    const fresh = new HttpServer({ port: 0, adminToken: TOKEN, redis, redisPrefix: prefix, log: pino({ level: 'silent' }) });
    expect(() => fresh.route('GET', '/dashboard', (c) => c.text('x'), { admin: true })).toThrow(/under \/admin/);
    expect(() => fresh.route('GET', '/admin/open', (c) => c.text('x'))).toThrow(/under \/admin/);
    expect(() => http.route('GET', '/late', (c) => c.text('x'))).toThrow(/after start/);
  });

  it('stays closed when no ADMIN_TOKEN is configured', async () => {
    const closed = await startServer(undefined);
    try {
      const closedUrl = `http://127.0.0.1:${closed.port}`;
      expect((await fetch(`${closedUrl}/admin/page`, { headers: PAGE, redirect: 'manual' })).status).toBe(401);
      expect((await fetch(`${closedUrl}/admin/login`, { headers: PAGE })).status).toBe(401);
      expect((await postLogin(closedUrl, '')).status).toBe(401);
      expect((await postLogin(closedUrl, TOKEN)).status).toBe(401);
    } finally {
      await closed.stop();
    }
  });
});

describe('security headers', () => {
  it('are on every response; admin pages add a same-origin CSP and no-store', async () => {
    const cookie = await signIn(base, TOKEN);
    const responses = {
      open: await get('/open'),
      missing: await get('/nothing'),
      login: await get('/admin/login'),
      admin: await get('/admin/page', { cookie }),
      redirect: await get('/admin/page'),
    };
    expect(responses.missing.status).toBe(404);
    for (const [name, res] of Object.entries(responses)) {
      expect(res.headers.get('referrer-policy'), name).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), name).toBe('DENY');
      expect(res.headers.get('content-security-policy'), name).toMatch(/frame-ancestors 'none'/);
    }
    for (const name of ['login', 'admin', 'redirect'] as const) {
      const res = responses[name];
      expect(res.headers.get('cache-control'), name).toBe('no-store');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, name).toContain("default-src 'self'");
      expect(csp, name).toContain("script-src 'self'");
      expect(csp, name).not.toMatch(/https?:|\*/);
    }
    expect(responses.open.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
