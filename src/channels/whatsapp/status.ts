// What the WhatsApp connection is doing, for the admin page, the terminal and other features.
// Subscribe to 'logged-out' to warn the staff: the session was closed on the phone and someone
// must link the number again (`whatsappStatus(router)?.on('logged-out', …)` in a feature's start()).
import type { ChannelHealth } from '../../core/channel.js';
import type { ChannelRouter } from '../../core/router.js';

export type ConnectionState = 'stopped' | 'starting' | 'waiting-for-scan' | 'ready' | 'disconnected';

export interface StatusEvents {
  /** A new QR code to scan (its raw content; it changes about every 20 seconds). */
  qr: { qr: string };
  /** A pairing code, when WHATSAPP_PAIRING_PHONE is set. */
  'pairing-code': { code: string };
  ready: Record<string, never>;
  disconnected: { reason: string };
  /** The session is gone (closed on the phone, or could not be restored): a new scan is needed. */
  'logged-out': { reason: 'LOGOUT' | 'AUTH_FAILURE'; at: Date };
  reconnecting: { attempt: number; delayMs: number };
  /** The outbox is empty again after a reconnection (`sent` messages went out); sends go straight out. */
  'outbox-empty': { sent: number };
}

export type StatusEvent = keyof StatusEvents;
type Listener<E extends StatusEvent> = (payload: StatusEvents[E]) => void;

export interface StatusSnapshot {
  state: ConnectionState;
  qr?: string;
  pairingCode?: string;
  /** When the next connection attempt starts (while disconnected). */
  retryAt?: Date;
  lastLoggedOutAt?: Date;
  /** When the connection was started (start()); the start-up grace period counts from it. */
  startedAt?: Date;
  /** Since when it has been ready (while ready). */
  readySince?: Date;
  /** The last moment it was ready (when that connection ended); absent: never ready since start. */
  lastReadyAt?: Date;
  /** Attempts in a row that ended without WhatsApp becoming ready again (reset when ready). */
  failures?: number;
  /** Why the last client ended: INIT_FAILED (WhatsApp Web did not load), LOGOUT, CONFLICT… */
  lastError?: string;
}

export class WhatsAppStatus {
  private readonly listeners = new Map<StatusEvent, Set<(payload: never) => void>>();
  private current: StatusSnapshot = { state: 'stopped' };

  /** Subscribes; returns the unsubscribe function. A throwing listener never breaks the others. */
  on<E extends StatusEvent>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** Resolves at the next occurrence of `event` (tests, start-up scripts). */
  next<E extends StatusEvent>(event: E): Promise<StatusEvents[E]> {
    return new Promise((resolve) => {
      const off = this.on(event, (payload) => {
        off();
        resolve(payload);
      });
    });
  }

  snapshot(): StatusSnapshot {
    return { ...this.current };
  }

  update(patch: Partial<StatusSnapshot>, clear: (keyof StatusSnapshot)[] = []): void {
    const next = { ...this.current, ...patch };
    for (const key of clear) delete next[key];
    this.current = next;
  }

  emit<E extends StatusEvent>(event: E, payload: StatusEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<E>)(payload);
      } catch {
        // a subscriber's bug must not stop the connection
      }
    }
  }
}

/**
 * What /healthz says about WhatsApp. Only "ready" sends messages, so every other state is down
 * (`ok: false`), with one exception: the first connection of the process ("starting") is given
 * `graceMs` (Chromium starting and the stored session being restored take some seconds), during which
 * it is `ok: true` with `grace: true`. A failure ends the grace at once. States:
 * - "ready": connected; `readySince`.
 * - "starting": the first connection since start, nothing failed yet.
 * - "waiting-for-scan": the number must be linked (QR or pairing code on the admin page): down, and
 *   expected on a first start or after a logout, but only a person can fix it (`needs`).
 * - "reconnecting": it was ready and dropped, or attempts failed; `attempt`, `retryAt` during the
 *   pause, `lastError`.
 * - "stopped".
 * Down states carry `lastReadyAt` (null: never ready since the process started) and `downForSeconds`
 * (since it was last ready, or since start when never).
 */
export type WhatsAppHealthState = 'ready' | 'starting' | 'waiting-for-scan' | 'reconnecting' | 'stopped';

export interface WhatsAppHealth extends ChannelHealth {
  state: WhatsAppHealthState;
  readySince?: string;
  lastReadyAt?: string | null;
  downForSeconds?: number;
  attempt?: number;
  retryAt?: string;
  lastError?: string;
  needs?: 'qr-scan' | 'pairing-code';
  grace?: true;
}

/** The default start-up grace: long enough for Chromium and a stored session, short enough to alert. */
export const DEFAULT_START_GRACE_MS = 60_000;

export function whatsappHealth(status: StatusSnapshot, now: Date, graceMs = DEFAULT_START_GRACE_MS): WhatsAppHealth {
  if (status.state === 'ready') return { ok: true, state: 'ready', ...(status.readySince ? { readySince: status.readySince.toISOString() } : {}) };
  const failures = status.failures ?? 0;
  let state: WhatsAppHealthState;
  if (status.state === 'stopped' || status.state === 'waiting-for-scan') state = status.state;
  else state = failures === 0 && !status.lastReadyAt ? 'starting' : 'reconnecting';
  const downFrom = status.lastReadyAt ?? status.startedAt;
  const health: WhatsAppHealth = {
    ok: false,
    state,
    lastReadyAt: status.lastReadyAt ? status.lastReadyAt.toISOString() : null,
    ...(downFrom ? { downForSeconds: Math.max(0, Math.round((now.getTime() - downFrom.getTime()) / 1000)) } : {}),
  };
  if (state === 'waiting-for-scan') health.needs = status.pairingCode ? 'pairing-code' : 'qr-scan';
  if (failures > 0) health.attempt = failures;
  if (status.retryAt && status.state === 'disconnected') health.retryAt = status.retryAt.toISOString();
  if (status.lastError) health.lastError = status.lastError;
  if (state === 'starting' && status.startedAt && now.getTime() - status.startedAt.getTime() < graceMs) {
    health.ok = true;
    health.grace = true;
  }
  return health;
}

/** The WhatsApp status hub when the WhatsApp channel runs (call after the channels started). */
export function whatsappStatus(router: ChannelRouter): WhatsAppStatus | undefined {
  const channel = router.get('whatsapp') as { status?: unknown } | undefined;
  return channel?.status instanceof WhatsAppStatus ? channel.status : undefined;
}
