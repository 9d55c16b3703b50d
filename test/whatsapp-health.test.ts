// /healthz and the WhatsApp channel (on the fake client): a channel that is not ready is reported
// down (503) with its state and since when, except briefly during the first connection.
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { WhatsAppChannel } from '../src/channels/whatsapp/channel.js';
import type { Pause } from '../src/channels/whatsapp/connection.js';
import { loadConfig } from '../src/config.js';
import { fixtureContent } from './support/content.js';
import { FakeWhatsApp } from './support/fake-whatsapp.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { createTestApp } from './support/test-app.js';
import { NO_PACING } from './support/whatsapp-channel.js';

const log = pino({ level: 'silent' });

/** Pauses that last until the test lets them go (so the test reads /healthz during one). */
function gatedPause(): { pause: Pause; release(): void } {
  const gates: Array<() => void> = [];
  return {
    pause: (_ms, signal) =>
      new Promise<void>((resolve) => {
        gates.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    release: () => gates.splice(0).forEach((go) => go()),
  };
}

let redis: Redis;
let prefix: string;
let app: App | undefined;

beforeEach(() => {
  redis = connectRedis();
  prefix = newPrefix();
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

async function startApp(wa: FakeWhatsApp, options: { startGraceMs?: number; pause?: Pause } = {}, beforeStart: (channel: WhatsAppChannel) => void = () => undefined): Promise<{ channel: WhatsAppChannel; terminal: RecordingChannel; healthz(): Promise<{ status: number; body: Record<string, any> }> }> {
  const content = fixtureContent();
  const channel = new WhatsAppChannel({
    clientFactory: wa.factory,
    mediaFactory: wa.mediaFactory,
    redis,
    prefix,
    texts: content.texts,
    defaultLocale: 'fr',
    log,
    pacing: NO_PACING,
    reconnect: { initialDelayMs: 1000, maxDelayMs: 8000 },
    ...options,
  });
  const terminal = new RecordingChannel('terminal');
  beforeStart(channel);
  app = createTestApp({ config: loadConfig({ REDIS_PREFIX: prefix, HTTP_ENABLED: 'true', HTTP_PORT: '0' }), content, redis, log, features: [] });
  await app.start([channel, terminal]);
  const port = app.http.port;
  return {
    channel,
    terminal,
    async healthz() {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    },
  };
}

describe('/healthz and the WhatsApp channel', () => {
  it('is 503 with WhatsApp down while attempts fail, 200 once ready, 503 again after a drop (with lastReadyAt)', async () => {
    const wa = new FakeWhatsApp({ sessionStored: true });
    wa.failNextInitializations = 2;
    const gate = gatedPause();
    let first: Promise<unknown> = Promise.resolve();
    const { channel, terminal, healthz } = await startApp(wa, { pause: gate.pause }, (c) => (first = c.status.next('reconnecting')));
    await first;
    const down = await healthz();
    expect(down.status).toBe(503);
    expect(down.body.ok).toBe(false);
    expect(down.body.channels.terminal).toEqual({ ok: true, state: 'running' });
    expect(down.body.channels.whatsapp).toMatchObject({ ok: false, state: 'reconnecting', attempt: 1, lastReadyAt: null, lastError: 'INIT_FAILED (net::ERR_NAME_NOT_RESOLVED)' });
    expect(typeof down.body.channels.whatsapp.downForSeconds).toBe('number');
    expect(Date.parse(down.body.channels.whatsapp.retryAt)).toBeGreaterThan(Date.now());

    // The other channels answer meanwhile.
    await terminal.receive('t1', { kind: 'start', payload: 'count' });
    await terminal.say('t1', 'bonjour');
    expect(terminal.textsTo('t1')).toContain('Reçu bonjour.');

    const second = channel.status.next('reconnecting');
    gate.release();
    expect((await second).attempt).toBe(2);
    expect((await healthz()).body.channels.whatsapp).toMatchObject({ ok: false, state: 'reconnecting', attempt: 2 });

    const ready = channel.status.next('ready');
    gate.release();
    await ready;
    const up = await healthz();
    expect(up.status).toBe(200);
    expect(up.body.channels.whatsapp).toEqual({ ok: true, state: 'ready', readySince: expect.any(String) });

    const dropped = channel.status.next('reconnecting');
    wa.disconnect('CONFLICT');
    await dropped;
    const again = await healthz();
    expect(again.status).toBe(503);
    expect(again.body.channels.whatsapp).toMatchObject({ ok: false, state: 'reconnecting', attempt: 1, lastError: 'CONFLICT' });
    expect(Date.parse(again.body.channels.whatsapp.lastReadyAt)).toBeGreaterThanOrEqual(Date.parse(up.body.channels.whatsapp.readySince));
  });

  it('a first start is ok for the grace period ("starting", grace: true); without grace it is 503', async () => {
    const wa = new FakeWhatsApp({ sessionStored: true });
    wa.offline = true; // the client starts and never becomes ready
    const graced = await startApp(wa, { startGraceMs: 60_000 });
    await wa.waitForClient(1);
    const early = await graced.healthz();
    expect(early.status).toBe(200);
    expect(early.body.channels.whatsapp).toMatchObject({ ok: true, state: 'starting', grace: true, lastReadyAt: null });
    await app?.stop();

    app = undefined;
    const wa2 = new FakeWhatsApp({ sessionStored: true });
    wa2.offline = true;
    const strict = await startApp(wa2, { startGraceMs: 0 });
    await wa2.waitForClient(1);
    const res = await strict.healthz();
    expect(res.status).toBe(503);
    expect(res.body.channels.whatsapp).toMatchObject({ ok: false, state: 'starting' });
    expect(res.body.channels.whatsapp.grace).toBeUndefined();
  });

  it('a QR waiting to be scanned is down and says a person must scan it; ok after the scan', async () => {
    const wa = new FakeWhatsApp({ sessionStored: false });
    let qr: Promise<unknown> = Promise.resolve();
    const { channel, healthz } = await startApp(wa, {}, (c) => (qr = c.status.next('qr')));
    await qr;
    const res = await healthz();
    expect(res.status).toBe(503);
    expect(res.body.channels.whatsapp).toMatchObject({ ok: false, state: 'waiting-for-scan', needs: 'qr-scan', lastReadyAt: null });
    const ready = channel.status.next('ready');
    wa.scan();
    await ready;
    expect((await healthz()).status).toBe(200);
  });
});
