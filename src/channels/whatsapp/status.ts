// What the WhatsApp connection is doing, for the admin page, the terminal and other features.
// Subscribe to 'logged-out' to warn the staff: the session was closed on the phone and someone
// must link the number again (`whatsappStatus(router)?.on('logged-out', …)` in a feature's start()).
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

/** The WhatsApp status hub when the WhatsApp channel runs (call after the channels started). */
export function whatsappStatus(router: ChannelRouter): WhatsAppStatus | undefined {
  const channel = router.get('whatsapp') as { status?: unknown } | undefined;
  return channel?.status instanceof WhatsAppStatus ? channel.status : undefined;
}
