// Bull Board at /admin/queues: closed without an admin session (the page sends to the sign-in form),
// the page, its assets and API with one, the reminders queue listed, no outside URL in the page,
// and no job changed through it (read-only).
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_CSP } from '../src/http/security-headers.js';
import { signIn } from './support/admin-session.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { startRemindersApp, type RemindersApp } from './support/reminders-app.js';

const TOKEN = 'dashboard-test-token-0123456789';
let redis: Redis;
let prefix: string;
let ctx: RemindersApp;

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  ctx = await startRemindersApp({ redis, prefix, channels: [new RecordingChannel('telegram')], env: { HTTP_ENABLED: 'true', ADMIN_TOKEN: TOKEN }, feature: { resync: false } });
});

afterEach(async () => {
  await ctx.app.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const url = (path: string): string => `http://127.0.0.1:${ctx.app.http.port}${path}`;

describe('queues dashboard', () => {
  it('is closed without a session: the page sends to the form, its API and assets answer 401', async () => {
    for (const path of ['/admin/queues', '/admin/queues/']) {
      const res = await fetch(url(path), { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(res.status, path).toBe(302);
      expect(res.headers.get('location'), path).toMatch(/^\/admin\/login\?next=/);
    }
    for (const path of ['/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
      expect((await fetch(url(path), { headers: { accept: 'application/json' } })).status, path).toBe(401);
    }
    const byQuery = await fetch(url(`/admin/queues?token=${TOKEN}`), { redirect: 'manual' });
    expect(byQuery.status).toBe(302);
    expect(byQuery.headers.get('set-cookie')).toBeNull();
    expect((await fetch(url('/admin/queues/api/queues'), { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(401);
  });

  it('serves the page, its assets and API after sign-in; the reminders queue is listed', async () => {
    await ctx.reminders.service.queue.schedule('rdash1', Date.now() + 3_600_000);
    const cookie = await signIn(url(''), TOKEN);
    const page = await fetch(url('/admin/queues'), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/"');
    expect((await fetch(url('/admin/queues/'), { headers: { cookie } })).status).toBe(200);

    const script = /src="(static\/js\/main[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(url(`/admin/queues/${script}`), { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    const api = await fetch(url('/admin/queues/api/queues?activeQueue=reminder-jobs&status=delayed&page=1'), { headers: { cookie } });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: Array<{ name: string; readOnlyMode: boolean; counts: Record<string, number>; jobs: Array<{ id: string }> }> };
    const queue = body.queues.find((q) => q.name === 'reminder-jobs');
    expect(queue).toMatchObject({ readOnlyMode: true, counts: { delayed: 1 } });
    expect(queue?.jobs.map((j) => j.id)).toEqual([expect.stringMatching(/^rdash1-/)]);
  });

  it('loads nothing from outside: no outside URL in its page, a same-origin CSP, never cached', async () => {
    const cookie = await signIn(url(''), TOKEN);
    const page = await fetch(url('/admin/queues'), { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain('<script defer src="static/js/');
    expect(html).not.toMatch(/https?:\/\/|\/\/fonts\.|googleapis|gstatic/);
    expect(page.headers.get('content-security-policy')).toBe(ADMIN_CSP);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const css = /href="(static\/css\/main[^"]+\.css)"/.exec(html)?.[1];
    expect(css).toBeDefined();
    const style = await fetch(url(`/admin/queues/${css}`), { headers: { cookie } });
    expect(style.status).toBe(200);
    expect(await style.text()).not.toMatch(/url\(\s*["']?(https?:)?\/\//);
  });

  it('is read-only: pausing the queue, promoting or removing a job through the API is refused', async () => {
    await ctx.reminders.service.queue.schedule('rdash2', Date.now() + 3_600_000);
    const headers = { cookie: await signIn(url(''), TOKEN) };
    const jobId = (await ctx.reminders.service.queue.queue.getDelayed())[0]?.id ?? '';
    for (const path of ['pause', 'empty', `${jobId}/promote`, `${jobId}/clean`]) {
      const res = await fetch(url(`/admin/queues/api/queues/reminder-jobs/${path}`), { method: 'PUT', headers });
      expect(res.status, path).toBe(405);
    }
    expect(await ctx.reminders.service.queue.queue.isPaused()).toBe(false);
    expect(await ctx.reminders.service.queue.queue.getDelayedCount()).toBe(1);
  });
});
