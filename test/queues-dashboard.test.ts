// Bull Board at /admin/queues: closed without ADMIN_TOKEN, the page and its API with it (then by
// the admin cookie), the reminders queue listed, and no job changed through it (read-only).
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  it('answers 401 without the admin token, on the page, its API and its assets', async () => {
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
      expect((await fetch(url(path))).status, path).toBe(401);
    }
    expect((await fetch(url('/admin/queues?token=not-the-token-0123456789'))).status).toBe(401);
  });

  it('serves the page with the token, then its assets and API with the cookie; the reminders queue is listed', async () => {
    await ctx.reminders.service.queue.schedule('rdash1', Date.now() + 3_600_000);
    const page = await fetch(url(`/admin/queues?token=${TOKEN}`));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/"');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^passerelle_admin=/);

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

  it('is read-only: pausing the queue, promoting or removing a job through the API is refused', async () => {
    await ctx.reminders.service.queue.schedule('rdash2', Date.now() + 3_600_000);
    const headers = { authorization: `Bearer ${TOKEN}` };
    const jobId = (await ctx.reminders.service.queue.queue.getDelayed())[0]?.id ?? '';
    for (const path of ['pause', 'empty', `${jobId}/promote`, `${jobId}/clean`]) {
      const res = await fetch(url(`/admin/queues/api/queues/reminder-jobs/${path}`), { method: 'PUT', headers });
      expect(res.status, path).toBe(405);
    }
    expect(await ctx.reminders.service.queue.queue.isPaused()).toBe(false);
    expect(await ctx.reminders.service.queue.queue.getDelayedCount()).toBe(1);
  });
});
