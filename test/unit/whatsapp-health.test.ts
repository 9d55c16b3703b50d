// What /healthz says about WhatsApp, from the connection's status: only "ready" is up; the first
// connection after start gets a grace period; every down state says since when it has not worked.
import { describe, expect, it } from 'vitest';
import { whatsappHealth, type StatusSnapshot } from '../../src/channels/whatsapp/status.js';

const START = new Date('2026-12-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(START.getTime() + seconds * 1000);

describe('WhatsApp health', () => {
  it('is up while ready, with the time it became ready', () => {
    const status: StatusSnapshot = { state: 'ready', startedAt: START, readySince: at(5), failures: 0 };
    expect(whatsappHealth(status, at(100))).toEqual({ ok: true, state: 'ready', readySince: '2026-12-01T10:00:05.000Z' });
  });

  it('is up during the grace period of the first connection only, then down', () => {
    const starting: StatusSnapshot = { state: 'starting', startedAt: START, failures: 0 };
    expect(whatsappHealth(starting, at(10), 60_000)).toEqual({ ok: true, grace: true, state: 'starting', lastReadyAt: null, downForSeconds: 10 });
    expect(whatsappHealth(starting, at(61), 60_000)).toEqual({ ok: false, state: 'starting', lastReadyAt: null, downForSeconds: 61 });
    expect(whatsappHealth(starting, at(1), 0)).toMatchObject({ ok: false, state: 'starting' });
  });

  it('a failed first attempt ends the grace at once: reconnecting, with the attempt, the pause and the error', () => {
    const status: StatusSnapshot = { state: 'disconnected', startedAt: START, failures: 2, retryAt: at(8), lastError: 'INIT_FAILED (net::ERR_NAME_NOT_RESOLVED)' };
    expect(whatsappHealth(status, at(4), 60_000)).toEqual({
      ok: false,
      state: 'reconnecting',
      lastReadyAt: null,
      downForSeconds: 4,
      attempt: 2,
      retryAt: '2026-12-01T10:00:08.000Z',
      lastError: 'INIT_FAILED (net::ERR_NAME_NOT_RESOLVED)',
    });
    // The next client starting: still "reconnecting" (no retryAt: it is trying now).
    expect(whatsappHealth({ ...status, state: 'starting' }, at(9))).toEqual(expect.objectContaining({ ok: false, state: 'reconnecting', attempt: 2 }));
    expect(whatsappHealth({ ...status, state: 'starting' }, at(9)).retryAt).toBeUndefined();
  });

  it('after a drop, counts the time down from the last moment it was ready, grace or not', () => {
    const status: StatusSnapshot = { state: 'starting', startedAt: START, lastReadyAt: at(3600), failures: 1, lastError: 'CONFLICT' };
    expect(whatsappHealth(status, at(3600 + 42), 60_000)).toEqual({
      ok: false,
      state: 'reconnecting',
      lastReadyAt: '2026-12-01T11:00:00.000Z',
      downForSeconds: 42,
      attempt: 1,
      lastError: 'CONFLICT',
    });
  });

  it('a QR or pairing code to scan is down and says a person is needed', () => {
    expect(whatsappHealth({ state: 'waiting-for-scan', qr: '2@x', startedAt: START, failures: 0 }, at(5))).toEqual({ ok: false, state: 'waiting-for-scan', needs: 'qr-scan', lastReadyAt: null, downForSeconds: 5 });
    expect(whatsappHealth({ state: 'waiting-for-scan', pairingCode: 'ABCD1234', startedAt: START }, at(5))).toMatchObject({ ok: false, needs: 'pairing-code' });
  });

  it('stopped is down', () => {
    expect(whatsappHealth({ state: 'stopped' }, at(0))).toEqual({ ok: false, state: 'stopped', lastReadyAt: null });
  });
});
