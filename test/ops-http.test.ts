// What an operator reads: /healthz, /metrics, and logs that never carry what people wrote.
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { ChannelHealth } from '../src/core/channel.js';
import { createLogger } from '../src/log.js';
import { fixtureContent } from './support/content.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { createTestApp } from './support/test-app.js';

class HealthChannel extends RecordingChannel {
  state: ChannelHealth = { ok: true, state: 'connected' };
  health(): ChannelHealth {
    return this.state;
  }
}

let redis: Redis;
let prefix: string;
let app: App;
let channel: HealthChannel;
let logLines: string[];

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  logLines = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger({ level: 'info', destination: sink });
  app = createTestApp({ config: loadConfig({ REDIS_PREFIX: prefix, HTTP_ENABLED: 'true', HTTP_PORT: '0' }), content: fixtureContent(), redis, log, features: [] });
  channel = new HealthChannel('whatsapp');
  await app.start([channel]);
});

afterEach(async () => {
  await app.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const url = (path: string): string => `http://127.0.0.1:${app.http.port}${path}`;

describe('operations over HTTP', () => {
  it('/healthz says Redis and each channel are up, and 503 when a channel is down', async () => {
    const up = await fetch(url('/healthz'));
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ok: true, redis: 'up', channels: { whatsapp: { ok: true, state: 'connected' } } });
    channel.state = { ok: false, state: 'qr-needed' };
    const down = await fetch(url('/healthz'));
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, channels: { whatsapp: { state: 'qr-needed' } } });
  });

  it('/metrics counts messages in and out per channel and flows completed', async () => {
    await channel.receive('33600000001@c.us', { kind: 'start', payload: 'demo' });
    await channel.say('33600000001@c.us', '1');
    await channel.say('33600000001@c.us', '2');
    await channel.say('33600000001@c.us', 'demain à 10h');
    await channel.say('33600000001@c.us', 'oui');
    const body = await (await fetch(url('/metrics'))).text();
    expect(body).toContain('passerelle_messages_in_total{channel="whatsapp"} 5');
    expect(body).toMatch(new RegExp(`passerelle_messages_out_total\\{channel="whatsapp"\\} ${channel.sent.length}\\b`));
    expect(body).toContain('passerelle_flow_completions_total{flow="demo"} 1');
  });

  it('admin routes are closed without ADMIN_TOKEN; unknown routes answer 404', async () => {
    expect((await fetch(url('/admin'))).status).toBe(401);
    expect((await fetch(url('/admin/login'))).status).toBe(401);
    expect((await fetch(url('/nothing'))).status).toBe(404);
  });

  it('/metrics is open without METRICS_TOKEN, never cached, and every answer carries the security headers', async () => {
    const metrics = await fetch(url('/metrics'));
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('cache-control')).toBe('no-store');
    for (const res of [metrics, await fetch(url('/healthz')), await fetch(url('/nothing'))]) {
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

  it('requires it as a Bearer token; /healthz stays open', async () => {
    const guarded = createTestApp({
      config: loadConfig({ REDIS_PREFIX: prefix, HTTP_ENABLED: 'true', HTTP_PORT: '0', METRICS_TOKEN }),
      content: fixtureContent(),
      redis,
      log: createLogger({ level: 'silent' }),
      features: [],
    });
    await guarded.start([]);
    try {
      const at = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${guarded.http.port}${path}`, { headers });
      const none = await at('/metrics');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(none.headers.get('cache-control')).toBe('no-store');
      expect((await at('/metrics', { authorization: 'Bearer not-the-metrics-token-0123' })).status).toBe(401);
      expect((await at('/metrics', { authorization: METRICS_TOKEN })).status).toBe(401);
      expect((await at(`/metrics?token=${METRICS_TOKEN}`)).status).toBe(401);
      const ok = await at('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('no-store');
      expect(await ok.text()).toContain('passerelle_messages_in_total');
      expect((await at('/healthz')).status).toBe(200);
    } finally {
      await guarded.stop();
    }
  });

  it('must be 16 characters or more', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});

describe('logs', () => {
  it('never carry what a person wrote nor their phone number at info level', async () => {
    const phone = '33612345678@c.us';
    await channel.receive(phone, { kind: 'start', payload: 'count' });
    await channel.say(phone, 'Mon secret est 06 12 34 56 78');
    await channel.say(phone, 'retour');
    expect(channel.textsTo(phone)).toContain('Reçu Mon secret est 06 12 34 56 78.');
    const all = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    expect(all).not.toContain('secret');
    expect(all).not.toContain('612345678');
  });

  it('redacts text, phone and names even when a module passes them by mistake', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger({ destination: sink });
    log.info({ text: 'hello', phone: '+33612345678', inbound: { firstName: 'Amina', text: 'x' } }, 'oops');
    expect(lines.join('')).not.toMatch(/hello|33612345678|Amina/);
    expect(lines.join('')).toContain('[redacted]');
  });
});
