// /admin/report: the monthly report read from the usage counts in Redis, behind the admin sign-in;
// and `npm run report`, the same page written to a file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { signIn } from './support/admin-session.js';
import { realContent } from './support/real-content.js';
import { connectRedis, deletePrefix, newPrefix, testRedisUrl } from './support/redis.js';
import { RecordingChannel } from './support/recording-channel.js';
import { createTestApp } from './support/test-app.js';
import { DECEMBER, NOVEMBER } from './unit/report-fixture.js';
import { storeMonth } from './support/report-month.js';

const TOKEN = 'a-test-admin-token-0123456789';
let redis: Redis;
let prefix: string;
let app: App;
let base: string;

beforeAll(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  await storeMonth(redis, prefix, DECEMBER);
  await storeMonth(redis, prefix, NOVEMBER);
  const config = loadConfig({ REDIS_PREFIX: prefix, HTTP_ENABLED: 'true', HTTP_PORT: '0', ADMIN_TOKEN: TOKEN });
  app = createTestApp({ config, content: realContent(), redis, log: pino({ level: 'silent' }), features: [] });
  await app.start([new RecordingChannel('whatsapp')]);
  base = `http://127.0.0.1:${app.http.port}`;
});

afterAll(async () => {
  await app.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${base}${path}`, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });

/** The cells of the table row whose heading is `label`. */
function row(html: string, label: string): string[] {
  const m = new RegExp(`<tr><th scope="row">${label}</th>(.*?)</tr>`).exec(html);
  if (!m) throw new Error(`no row "${label}"`);
  return [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!.replace(/&lt;/g, '<'));
}

describe('/admin/report', () => {
  it('requires sign-in: a page goes to the sign-in form, anything else gets 401, nothing of the report shows', async () => {
    const page = await get('/admin/report?month=2026-12');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Freport');
    expect(await page.text()).not.toContain('248');
    const api = await get('/admin/report?month=2026-12', { accept: 'application/json' });
    expect(api.status).toBe(401);
    expect(await api.text()).not.toContain('248');
    const forged = await get('/admin/report?month=2026-12', { cookie: 'passerelle_admin=not-a-session' });
    expect(forged.status).toBe(302);
  });

  it('is listed on the admin home', async () => {
    const cookie = await signIn(base, TOKEN);
    expect(await (await get('/admin', { cookie })).text()).toContain('<a href="/admin/report">');
  });

  it('shows the month read from Redis, compared with the month before, with a page that loads nothing', async () => {
    const cookie = await signIn(base, TOKEN);
    const res = await get('/admin/report?month=2026-12', { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(row(html, 'Personnes différentes')).toEqual(['118', '100', '+18 %']);
    expect(row(html, 'Conversations commencées')).toEqual(['248', '210', '+18 %']);
    expect(row(html, 'Réponses d&#39;urgence')).toEqual(['< 5', '6', '—']);
    expect(row(html, 'accueil')).toEqual(['14', '12', '5 min', '10 min']);
    expect(html.match(/<figure>\s*<svg\b/g)).toHaveLength(4);
    expect(html).not.toMatch(/https?:\/\/|<script|<img|<link/);
    // Links to the months around it and the other languages (same site only).
    expect(html).toContain('<a href="/admin/report?month=2026-11&amp;lang=fr">');
    expect(html).toContain('<a href="/admin/report?month=2026-12&amp;lang=en">');
  });

  it('speaks English with ?lang=en, and refuses a wrong month or language', async () => {
    const cookie = await signIn(base, TOKEN);
    const en = await (await get('/admin/report?month=2026-12&lang=en', { cookie })).text();
    expect(en).toContain('<h1>What the bot did</h1>');
    expect(row(en, 'Conversations started')).toEqual(['248', '210', '+18 %']);
    expect((await get('/admin/report?month=2026-13', { cookie })).status).toBe(400);
    expect((await get('/admin/report?month=2026-12&lang=de', { cookie })).status).toBe(400);
  });
});

describe('npm run report', () => {
  it('writes the same report to one HTML file, read from the Redis of REDIS_URL and REDIS_PREFIX', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-report-'));
    try {
      const out = join(dir, 'report.html');
      const env = { ...process.env, REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' };
      const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/cli/report.ts', '--month', '2026-12', '--lang', 'en', '--out', out], { env });
      expect(stdout).toContain(`report of 2026-12 (en) written to ${out}`);
      const html = readFileSync(out, 'utf8');
      expect(row(html, 'Different people')).toEqual(['118', '100', '+18 %']);
      expect(row(html, 'Emergency replies')).toEqual(['< 5', '6', '—']);
      expect(html).not.toContain('<nav'); // the admin page's links mean nothing in a file
      expect(html).not.toMatch(/https?:\/\/|<script/);
      const wrong = await promisify(execFile)('npx', ['tsx', 'src/cli/report.ts', '--month', 'december'], { env }).catch((err: { code: number; stderr: string }) => err);
      expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('--month: a month such as 2026-12') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
