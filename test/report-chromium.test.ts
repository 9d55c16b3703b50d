// /admin/report in a real browser (Debian's Chromium driven by puppeteer-core): after signing in
// through the form, the charts render (SVG with marks), no console error, no request leaves this
// host, and a screenshot is saved (REPORT_SCREENSHOT, else a temp folder; its path is printed).
// Skipped when Chromium is not installed (.ci/run installs Debian's `chromium`); nothing downloads
// a browser.
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import pino from 'pino';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { realContent } from './support/real-content.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { RecordingChannel } from './support/recording-channel.js';
import { createTestApp } from './support/test-app.js';
import { DECEMBER, NOVEMBER } from './unit/report-fixture.js';
import { storeMonth } from './support/report-month.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
if (!HAS_CHROMIUM) console.warn(`report-chromium: skipped, no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);

const TOKEN = 'a-test-admin-token-0123456789';

describe('the monthly report in a browser', () => {
  it.skipIf(!HAS_CHROMIUM)(`renders its charts with no error and no outside request (needs ${CHROMIUM_PATH})`, async () => {
    const redis: Redis = connectRedis();
    const prefix = newPrefix();
    await storeMonth(redis, prefix, DECEMBER);
    await storeMonth(redis, prefix, NOVEMBER);
    const config = loadConfig({ REDIS_PREFIX: prefix, HTTP_ENABLED: 'true', HTTP_PORT: '0', ADMIN_TOKEN: TOKEN });
    const app = createTestApp({ config, content: realContent(), redis, log: pino({ level: 'silent' }), features: [] });
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      // Root (a CI container) cannot use Chromium's sandbox.
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
    try {
      await app.start([new RecordingChannel('whatsapp')]);
      const origin = `http://127.0.0.1:${app.http.port}`;
      const page = await browser.newPage();
      await page.setViewport({ width: 1000, height: 900 });
      const problems: string[] = [];
      const requested: string[] = [];
      // The browser asks for /favicon.ico by itself (a 404 here): not the page's doing.
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.location().url?.endsWith('/favicon.ico')) problems.push(`console: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (err) => problems.push(`page: ${String(err)}`));
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
      page.on('request', (r) => requested.push(r.url()));

      // Signing in as an operator does: the report sends to the form, which sends back to it.
      await page.goto(`${origin}/admin/report?month=2026-12`);
      expect(new URL(page.url()).pathname).toBe('/admin/login');
      await page.type('#token', TOKEN);
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      expect(new URL(page.url()).pathname).toBe('/admin/report');
      await page.goto(`${origin}/admin/report?month=2026-12`);

      const charts = await page.$$eval('figure svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return { width: box.width, height: box.height, marks: svg.querySelectorAll('path, rect, line').length, labels: [...svg.querySelectorAll('text')].map((t) => t.textContent) };
        }),
      );
      expect(charts).toHaveLength(4);
      for (const c of charts) {
        expect(c.width).toBeGreaterThan(100);
        expect(c.height).toBeGreaterThan(50);
        expect(c.marks).toBeGreaterThan(3);
      }
      // The flows chart: its bars' labels, a hidden count as "< 5".
      expect(charts[1]!.labels).toEqual(expect.arrayContaining(['droits', '80', '52', '< 5', 'masqué']));
      const title = await page.$eval('h1', (h) => h.textContent);
      expect(title).toBe('Ce que le bot a fait');

      expect(problems).toEqual([]);
      expect(requested.length).toBeGreaterThan(0);
      for (const url of requested) expect(new URL(url).origin).toBe(origin);

      const dir = process.env.REPORT_SCREENSHOT ? undefined : mkdtempSync(join(tmpdir(), 'passerelle-report-shot-'));
      const path = process.env.REPORT_SCREENSHOT ?? join(dir!, 'report.png');
      await page.screenshot({ path: path as `${string}.png`, fullPage: true });
      expect(statSync(path).size).toBeGreaterThan(10_000);
      console.log(`report screenshot: ${path}`);
    } finally {
      await browser.close();
      await app.stop();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  }, 60_000);
});
