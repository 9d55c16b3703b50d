// Keeps one whatsapp-web.js client alive: builds it, waits until it ends (disconnected, logged
// out, failed to start), destroys it and builds a new one after a capped exponential backoff.
// A loop, not recursion: one client at a time, and stop() ends it cleanly.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { WaClient, WaClientFactory, WaMessage } from './client.js';
import { WhatsAppStatus } from './status.js';
import { safeError } from './user-hash.js';

export interface ReconnectOptions {
  /** First pause after a failure; doubled at each consecutive failure. */
  initialDelayMs: number;
  /** The pause never grows beyond this. */
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 2_000, maxDelayMs: 300_000 };

export function backoffDelay(failures: number, options: ReconnectOptions): number {
  return Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(failures, 30));
}

/** Abortable pause (so stop() does not wait for a five-minute backoff). */
export type Pause = (ms: number, signal: AbortSignal) => Promise<void>;

const realPause: Pause = (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined);

export interface ConnectionDeps {
  factory: WaClientFactory;
  onMessage: (message: WaMessage) => void;
  log: Logger;
  reconnect?: ReconnectOptions;
  pause?: Pause;
  status?: WhatsAppStatus;
}

interface Ending {
  reason: string;
  reachedReady: boolean;
  /** A short, safe detail for /healthz (Chromium's net:: error code when WhatsApp Web did not load). */
  detail?: string;
}

export class WhatsAppConnection {
  readonly status: WhatsAppStatus;
  private readonly abort = new AbortController();
  private loopDone: Promise<void> | undefined;
  private endCurrent: ((reason: string) => void) | undefined;
  private client: WaClient | undefined;
  private isReady = false;

  constructor(private readonly deps: ConnectionDeps) {
    this.status = deps.status ?? new WhatsAppStatus();
  }

  get ready(): boolean {
    return this.isReady;
  }

  /** The live client while ready (sending goes through it). */
  get readyClient(): WaClient | undefined {
    return this.isReady ? this.client : undefined;
  }

  start(): void {
    if (!this.loopDone) this.status.update({ startedAt: new Date(), failures: 0 }, ['lastReadyAt', 'readySince', 'lastError']);
    this.loopDone ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.endCurrent?.('STOPPED');
    await this.loopDone;
    this.status.update({ state: 'stopped' }, ['qr', 'pairingCode', 'retryAt', 'readySince']);
  }

  private async loop(): Promise<void> {
    const options = this.deps.reconnect ?? DEFAULT_RECONNECT;
    const pause = this.deps.pause ?? realPause;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      const ending = await this.runOneClient();
      if (this.abort.signal.aborted) break;
      if (ending.reachedReady) failures = 0;
      const delayMs = backoffDelay(failures, options);
      failures += 1;
      this.status.update({ state: 'disconnected', retryAt: new Date(Date.now() + delayMs), failures, lastError: ending.detail ? `${ending.reason} (${ending.detail})` : ending.reason }, ['qr', 'pairingCode']);
      this.status.emit('reconnecting', { attempt: failures, delayMs });
      this.deps.log.info({ attempt: failures, delayMs }, 'whatsapp reconnecting after a pause');
      await pause(delayMs, this.abort.signal);
    }
  }

  /** Builds a client, starts it and resolves when it has ended for whatever reason. */
  private async runOneClient(): Promise<Ending> {
    const log = this.deps.log;
    let reachedReady = false;
    let detail: string | undefined;
    this.status.update({ state: 'starting' }, ['qr', 'pairingCode', 'retryAt']);
    let client: WaClient;
    try {
      client = await this.deps.factory();
    } catch (err) {
      log.error({ err: safeError(err) }, 'whatsapp client could not be built');
      return { reason: 'BUILD_FAILED', reachedReady };
    }
    if (this.abort.signal.aborted) {
      await client.destroy().catch(() => undefined);
      return { reason: 'STOPPED', reachedReady };
    }
    this.client = client;
    const reason = await new Promise<string>((resolve) => {
      this.endCurrent = resolve;
      client.on('qr', (qr) => {
        this.status.update({ state: 'waiting-for-scan', qr });
        this.status.emit('qr', { qr });
      });
      client.on('code', (code) => {
        this.status.update({ state: 'waiting-for-scan', pairingCode: code });
        this.status.emit('pairing-code', { code });
      });
      client.on('authenticated', () => this.status.update({}, ['qr', 'pairingCode']));
      client.on('ready', () => {
        reachedReady = true;
        this.isReady = true;
        this.status.update({ state: 'ready', readySince: new Date(), failures: 0 }, ['qr', 'pairingCode', 'retryAt', 'lastError']);
        log.info('whatsapp ready');
        this.status.emit('ready', {});
      });
      client.on('message', (message) => this.deps.onMessage(message));
      client.on('auth_failure', () => resolve('AUTH_FAILURE'));
      client.on('disconnected', (why) => resolve(String(why)));
      client.initialize().catch((err: unknown) => {
        log.warn({ err: safeError(err) }, 'whatsapp client failed to start');
        detail = /net::ERR_[A-Z_]+/.exec(safeError(err).message)?.[0];
        resolve('INIT_FAILED');
      });
    });
    // The last moment it worked, for /healthz ("down for N seconds").
    if (this.isReady) this.status.update({ state: 'disconnected', lastReadyAt: new Date() }, ['readySince']);
    this.isReady = false;
    this.endCurrent = undefined;
    client.removeAllListeners();
    await client.destroy().catch(() => undefined);
    this.client = undefined;
    if (reason === 'STOPPED') return { reason, reachedReady };
    const ending: Ending = { reason, reachedReady, ...(detail ? { detail } : {}) };
    this.status.emit('disconnected', { reason });
    if (reason === 'LOGOUT' || reason === 'AUTH_FAILURE') {
      const at = new Date();
      this.status.update({ lastLoggedOutAt: at });
      log.warn({ reason }, 'whatsapp session logged out: the number must be linked again (QR on the admin page)');
      this.status.emit('logged-out', { reason, at });
    } else {
      log.warn({ reason }, 'whatsapp disconnected');
    }
    return ending;
  }
}
