// The real whatsapp-web.js client on the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium)
// with no network: WhatsApp Web cannot load, so /healthz must say WhatsApp is down (503) while the
// connection retries with growing pauses, the other channels keep answering, every Chromium process
// is gone after stop, and the process memory stays bounded over the restarts.
// Skipped when Chromium is not installed (.ci/run installs Debian's `chromium`). Nothing downloads a
// browser: puppeteer's download is off (.puppeteerrc.cjs, and PUPPETEER_SKIP_DOWNLOAD here) and the
// client is given the system binary.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { WhatsAppChannel } from '../src/channels/whatsapp/channel.js';
import { webClientFactory } from '../src/channels/whatsapp/client.js';
import { loadConfig } from '../src/config.js';
import { fixtureContent } from './support/content.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { createTestApp } from './support/test-app.js';
import { NO_PACING } from './support/whatsapp-channel.js';

process.env.PUPPETEER_SKIP_DOWNLOAD = 'true';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
if (!HAS_CHROMIUM) console.warn(`whatsapp-chromium-offline: skipped, no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);

/** Enough failed attempts (restarts of Chromium) to see the pause grow several times: 0.25, 0.5, 1, 2, 4 s. */
const ATTEMPTS = 6;
const RECONNECT = { initialDelayMs: 250, maxDelayMs: 4000 };
/** Generous: a leak of a browser's worth per restart would pass it only with few restarts. */
const MAX_RSS_GROWTH_MB = 120;

interface Proc {
  pid: number;
  ppid: number;
  rssKb: number;
  args: string;
}

/** Live processes (a zombie has exited already: it only waits for its parent to read its status). */
function processes(): Proc[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,rss=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !m[3]!.startsWith('Z'))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rssKb: Number(m[4]), args: m[5] ?? '' }));
}

/** A browser's main process: the one puppeteer started, a child of this process (its helpers descend from it). */
const isBrowser = (p: Proc): boolean => p.ppid === process.pid;

/** Our Chromium processes: those naming our profile folder, and every descendant of this process running chromium. */
function ourChromium(dataDir: string): Proc[] {
  const all = processes();
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const descends = (p: Proc): boolean => {
    for (let cur: Proc | undefined = p, hops = 0; cur && hops < 50; cur = byPid.get(cur.ppid), hops++) if (cur.ppid === process.pid) return true;
    return false;
  };
  return all.filter((p) => p.args.includes(dataDir) || (/chromium/.test(p.args) && !p.args.startsWith('ps ') && descends(p)));
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

describe('WhatsApp on the system Chromium, without network', () => {
  it.skipIf(!HAS_CHROMIUM)(`reports down on /healthz, retries with growing pauses, leaves no Chromium behind (needs ${CHROMIUM_PATH})`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-wa-chromium-'));
    const redis = connectRedis();
    const prefix = newPrefix();
    const log = pino({ level: 'silent' });
    const content = fixtureContent();
    const real = webClientFactory({ chromiumPath: CHROMIUM_PATH, dataDir, runningAsRoot: process.getuid?.() === 0 });
    const builds: number[] = [];
    const channel = new WhatsAppChannel({
      clientFactory: async () => {
        builds.push(Date.now());
        return real();
      },
      redis,
      prefix,
      texts: content.texts,
      defaultLocale: 'fr',
      log,
      pacing: NO_PACING,
      reconnect: RECONNECT,
    });
    const terminal = new RecordingChannel('terminal');
    const app = createTestApp({ config: loadConfig({ REDIS_PREFIX: prefix, HTTP_ENABLED: 'true', HTTP_PORT: '0' }), content, redis, log, features: [] });

    const attempts: Array<{ at: number; delayMs: number; rss: number; chromiumLeft: Proc[] }> = [];
    let seen: Proc[] = [];
    let maxAlive = 0;
    let maxBrowsers = 0;
    let maxChromiumRssKb = 0;
    let enough: () => void = () => undefined;
    const gotEnough = new Promise<void>((resolve) => (enough = resolve));
    channel.status.on('reconnecting', ({ delayMs }) => {
      // The failed client was destroyed before this event: none of its processes may remain.
      attempts.push({ at: Date.now(), delayMs, rss: process.memoryUsage().rss, chromiumLeft: ourChromium(dataDir) });
      if (attempts.length >= ATTEMPTS) enough();
    });
    const sampler = setInterval(() => {
      const now = ourChromium(dataDir);
      maxAlive = Math.max(maxAlive, now.length);
      maxBrowsers = Math.max(maxBrowsers, now.filter(isBrowser).length);
      maxChromiumRssKb = Math.max(maxChromiumRssKb, now.reduce((sum, p) => sum + p.rssKb, 0));
      seen = [...seen, ...now.filter((p) => !seen.some((s) => s.pid === p.pid))];
    }, 100);

    const started = Date.now();
    let stopped = false;
    try {
      await app.start([channel, terminal]);
      const healthz = async (): Promise<{ status: number; body: any }> => {
        const res = await fetch(`http://127.0.0.1:${app.http.port}/healthz`);
        return { status: res.status, body: await res.json() };
      };

      if (attempts.length === 0) await channel.status.next('reconnecting');
      const down = await healthz();
      console.log('healthz while WhatsApp Web cannot load:', down.status, JSON.stringify(down.body));
      expect(down.status).toBe(503);
      expect(down.body.ok).toBe(false);
      expect(down.body.redis).toBe('up');
      expect(down.body.channels.terminal).toEqual({ ok: true, state: 'running' });
      expect(down.body.channels.whatsapp).toMatchObject({ ok: false, state: 'reconnecting', lastReadyAt: null });
      expect(down.body.channels.whatsapp.lastError).toMatch(/^INIT_FAILED/);

      // The terminal answers while WhatsApp keeps failing.
      await terminal.receive('t1', { kind: 'start', payload: 'count' });
      await terminal.say('t1', 'toujours là');
      expect(terminal.textsTo('t1')).toContain('Reçu toujours là.');

      await gotEnough;
      const later = await healthz();
      expect(later.status).toBe(503);
      expect(later.body.channels.whatsapp.attempt).toBeGreaterThanOrEqual(ATTEMPTS - 1);

      // The Debian binary ran (nothing downloaded): the browser processes came from /usr/lib/chromium or CHROMIUM_PATH.
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.some((p) => p.args.includes('/usr/lib/chromium/') || p.args.includes(CHROMIUM_PATH))).toBe(true);
      expect(seen.some((p) => p.args.includes('.cache/puppeteer'))).toBe(false);

      await app.stop();
      stopped = true;
      // Chromium's children may take a moment to exit after the browser closed.
      let left = ourChromium(dataDir);
      for (let i = 0; i < 50 && left.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        left = ourChromium(dataDir);
      }
      const seenAlive = seen.filter((p) => processes().some((q) => q.pid === p.pid && q.args === p.args));

      const delays = attempts.map((a) => a.delayMs);
      // Real gaps: from an attempt's failure to the next client being built.
      const gaps = attempts.slice(0, -1).map((a) => Math.min(...builds.filter((b) => b >= a.at)) - a.at);
      const rss = attempts.map((a) => Number(mb(a.rss)));
      console.log(
        [
          `chromium: ${CHROMIUM_PATH}`,
          `clients built: ${builds.length}, failed attempts: ${attempts.length} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          `attempt starts (s after start): ${builds.map((b) => ((b - started) / 1000).toFixed(2)).join(', ')}`,
          `pauses asked (ms): ${delays.join(', ')}`,
          `pauses measured (ms): ${gaps.join(', ')}`,
          `chromium processes: at most ${maxAlive} at once (browsers: ${maxBrowsers}), ${seen.length} seen in all, left just after each failure: ${attempts.map((a) => a.chromiumLeft.length).join(', ')}, left after stop: ${left.length}; their RSS summed at most ${mb(maxChromiumRssKb * 1024)} MB (shared pages counted in each)`,
          `test process RSS at each failure (MB): ${rss.join(', ')}; growth from the 2nd to the last: ${mb(attempts.at(-1)!.rss - attempts[1]!.rss)} MB (bound ${MAX_RSS_GROWTH_MB} MB)`,
        ].join('\n'),
      );

      // Back-off: at least two retries, each pause longer than the one before (up to the cap).
      expect(attempts.length).toBeGreaterThanOrEqual(ATTEMPTS);
      for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBe(Math.min(RECONNECT.maxDelayMs, delays[i - 1]! * 2));
      expect(delays[0]).toBe(RECONNECT.initialDelayMs);
      // Each real pause lasts at least what was asked (a busy machine only makes it longer).
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(delays[i]! - 20));

      // Browsers never pile up: on a busy machine the previous one may still be exiting when the next
      // starts (two at once, never more), and whatever was exiting is gone by the next failure.
      const stragglers = attempts.flatMap((a) => a.chromiumLeft);
      if (stragglers.length > 0) console.log('still exiting just after a failure:', stragglers.map((p) => `${p.pid} ${p.args.slice(0, 120)}`).join('\n'));
      expect(maxBrowsers).toBeLessThanOrEqual(2);
      attempts.slice(1).forEach((a, i) => expect(a.chromiumLeft.filter((p) => attempts[i]!.chromiumLeft.some((q) => q.pid === p.pid))).toEqual([]));
      expect(left).toEqual([]);
      expect(seenAlive).toEqual([]);

      expect(attempts.at(-1)!.rss - attempts[1]!.rss).toBeLessThan(MAX_RSS_GROWTH_MB * 1024 * 1024);
    } finally {
      clearInterval(sampler);
      if (!stopped) await app.stop();
      await deletePrefix(redis, prefix);
      redis.disconnect();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
