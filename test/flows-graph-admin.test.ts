// /admin/flows: the conversations drawn from the content the service runs with, behind the admin
// sign-in like every admin page; served with no script and no outside resource.
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { signIn } from './support/admin-session.js';
import { realContent, text } from './support/real-content.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { RecordingChannel } from './support/recording-channel.js';
import { createTestApp } from './support/test-app.js';

const TOKEN = 'a-test-admin-token-0123456789';
let redis: Redis;
let prefix: string;
let app: App;
let base: string;
let cookie: string;

beforeAll(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  const config = loadConfig({ REDIS_PREFIX: prefix, HTTP_ENABLED: 'true', HTTP_PORT: '0', ADMIN_TOKEN: TOKEN });
  app = createTestApp({ config, content: realContent(), redis, log: pino({ level: 'silent' }), features: [] });
  await app.start([new RecordingChannel('whatsapp')]);
  base = `http://127.0.0.1:${app.http.port}`;
  cookie = await signIn(base, TOKEN);
});

afterAll(async () => {
  await app.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${base}${path}`, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });

describe('/admin/flows', () => {
  it('refuses without sign-in: a page goes to the sign-in form, anything else gets 401', async () => {
    const page = await get('/admin/flows?flow=droits');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fflows');
    expect(await page.text()).not.toContain('<svg');
    const api = await get('/admin/flows', { accept: 'application/json' });
    expect(api.status).toBe(401);
  });

  it('is listed on the admin home', async () => {
    const home = await (await get('/admin', { cookie })).text();
    expect(home).toContain('<a href="/admin/flows">');
  });

  it('shows every flow drawn inline once signed in, with no script and no outside resource', async () => {
    const res = await get('/admin/flows', { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const id of realContent().flows.keys()) expect(html).toContain(`<section id="flow-${id}">`);
    expect(html.match(/<svg\b/g)?.length).toBe(realContent().flows.size);
    expect(html).not.toMatch(/<script|<link|<img|<iframe/);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('shows one flow in the language asked, its jumps linking to the other flows’ pages', async () => {
    const res = await get('/admin/flows?flow=droits&lang=en', { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<svg\b/g)?.length).toBe(1);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`>${text('en', 'droits.question.age.text')}</text>`);
    expect(html).toContain('xlink:href="/admin/flows?flow=rappels&amp;lang=en"');
    expect(html).toContain('href="/admin/flows?flow=droits&amp;lang=ar"'); // the language links
  });

  it('answers 404 for an unknown flow and 400 for an unknown language', async () => {
    expect((await get('/admin/flows?flow=nope', { cookie })).status).toBe(404);
    expect((await get('/admin/flows?lang=de', { cookie })).status).toBe(400);
  });
});
