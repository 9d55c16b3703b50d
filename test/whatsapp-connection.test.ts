// The supervised connection: capped backoff between attempts, one client at a time, logout
// detected and announced, QR shown again, and messages kept until the number is linked again.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, WhatsAppConnection, type Pause } from '../src/channels/whatsapp/connection.js';
import type { StatusEvents } from '../src/channels/whatsapp/status.js';
import { FakeWhatsApp } from './support/fake-whatsapp.js';
import { startWhatsAppChannel, type WhatsAppTestChannel } from './support/whatsapp-channel.js';

const log = pino({ level: 'silent' });
const USER = '33612345678@c.us';

/** Records the pauses asked for and returns at once (no real waiting). */
function recordingPause(): { pause: Pause; delays: number[] } {
  const delays: number[] = [];
  return { delays, pause: async (ms) => void delays.push(ms) };
}

let open: WhatsAppTestChannel | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe('WhatsApp reconnection', () => {
  it('doubles the pause after each failure up to the cap', () => {
    const options = { initialDelayMs: 2000, maxDelayMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, options))).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('retries a client that cannot start, with growing pauses, then resets after ready', async () => {
    const wa = new FakeWhatsApp({ sessionStored: true });
    wa.failNextInitializations = 5;
    const { pause, delays } = recordingPause();
    const connection = new WhatsAppConnection({ factory: wa.factory, onMessage: () => undefined, log, pause, reconnect: { initialDelayMs: 1000, maxDelayMs: 5000 } });
    const ready = connection.status.next('ready');
    connection.start();
    await ready;
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(wa.clients).toHaveLength(6);
    // One client at a time: every earlier one was destroyed before the next was built.
    expect(wa.clients.slice(0, -1).every((c) => c.destroyed)).toBe(true);

    const again = connection.status.next('ready');
    wa.disconnect('CONFLICT');
    await again;
    expect(delays.at(-1)).toBe(1000); // a connection that reached ready starts the backoff over
    await connection.stop();
    expect(wa.current.destroyed).toBe(true);
  });

  it('stops cleanly during a long pause', async () => {
    const wa = new FakeWhatsApp({ sessionStored: true });
    wa.failNextInitializations = 1;
    const connection = new WhatsAppConnection({ factory: wa.factory, onMessage: () => undefined, log, reconnect: { initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 } });
    const reconnecting = connection.status.next('reconnecting');
    connection.start();
    expect((await reconnecting).delayMs).toBe(3_600_000);
    await connection.stop(); // would hang for an hour if the pause were not aborted
    expect(connection.status.snapshot().state).toBe('stopped');
    expect(wa.clients).toHaveLength(1);
  });

  it('detects a logout, tells subscribers, shows a new QR and sends the waiting messages after the scan', async () => {
    open = await startWhatsAppChannel();
    const { wa, channel } = open;
    const events: Array<StatusEvents['logged-out']> = [];
    channel.status.on('logged-out', (e) => events.push(e));

    const qr = channel.status.next('qr');
    wa.logout();
    const { qr: code } = await qr;
    expect(events).toHaveLength(1);
    expect(events[0]?.reason).toBe('LOGOUT');
    expect(channel.status.snapshot()).toMatchObject({ state: 'waiting-for-scan', qr: code });
    expect(channel.ready).toBe(false);

    // A reminder due while nobody has scanned yet is accepted and kept.
    await channel.send({ channel: 'whatsapp', userId: USER }, { text: 'Rappel : déclaration CAF' });
    expect(await channel.outboxLength()).toBe(1);
    expect(wa.sentTo(USER)).toEqual([]);

    wa.scan();
    await wa.waitForSent(1, USER);
    expect(wa.sentTo(USER)).toEqual(['Rappel : déclaration CAF']);
    expect(channel.status.snapshot().state).toBe('ready');
  });

  it('treats a session that cannot be restored (auth_failure) as logged out', async () => {
    open = await startWhatsAppChannel();
    const { wa, channel } = open;
    const loggedOut = channel.status.next('logged-out');
    wa.sessionStored = false;
    wa.current.emit('auth_failure', 'session could not be restored');
    expect((await loggedOut).reason).toBe('AUTH_FAILURE');
  });

  it('a throwing subscriber does not break the connection', async () => {
    open = await startWhatsAppChannel();
    const { wa, channel } = open;
    channel.status.on('disconnected', () => {
      throw new Error('subscriber bug');
    });
    const ready = channel.status.next('ready');
    wa.disconnect();
    await ready;
    expect(channel.ready).toBe(true);
  });
});
