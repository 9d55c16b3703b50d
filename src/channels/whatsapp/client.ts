// The slice of whatsapp-web.js the adapter uses, and the one place that imports the library.
// The adapter only sees these narrow types, so tests drive it with a fake client
// (test/support/fake-whatsapp.ts) that has the same events and methods.
import { join, resolve } from 'node:path';
import type { ClientOptions } from 'whatsapp-web.js';

/** The fields of whatsapp-web.js's Message that the adapter reads. */
export interface WaMessage {
  from: string;
  to: string;
  body: string;
  type: string;
  fromMe: boolean;
  isStatus: boolean;
  broadcast?: boolean;
  hasMedia: boolean;
  timestamp: number;
  id: { _serialized: string };
  /** Set by whatsapp-web.js on the rare interactive replies WhatsApp still delivers. */
  selectedButtonId?: string;
  selectedRowId?: string;
}

/** whatsapp-web.js's MessageMedia: a file, base64-encoded. */
export interface WaMedia {
  mimetype: string;
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/** A received message as getMessageById gives it, with its file. */
export interface WaMediaMessage extends WaMessage {
  /** The file; undefined (or null) when WhatsApp no longer has it. */
  downloadMedia(): Promise<WaMedia | undefined | null>;
  /** WhatsApp Web's own fields: `size` is the file's size in bytes, known before downloading it. */
  rawData?: object;
}

/** The options of sendMessage the adapter uses. */
export interface WaSendOptions {
  caption?: string;
  sendAudioAsVoice?: boolean;
  sendMediaAsDocument?: boolean;
}

/**
 * Builds a MessageMedia. The library sends a file only when it is an instance of its own class, so
 * the adapter cannot pass a plain object: the real factory loads the library's class.
 */
export type WaMediaFactory = (mimetype: string, data: string, filename?: string) => WaMedia | Promise<WaMedia>;

export interface WaChat {
  isGroup: boolean;
  sendStateTyping(): Promise<void>;
  clearState(): Promise<boolean>;
}

export type WaDisconnectReason = string;

/** whatsapp-web.js's Client as the adapter uses it (an EventEmitter). */
export interface WaClient {
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  /** A text, or a file (a MessageMedia from the WaMediaFactory) with its options. */
  sendMessage(chatId: string, content: string | WaMedia, options?: WaSendOptions): Promise<unknown>;
  /** A message by its serialized id (null when unknown). */
  getMessageById(messageId: string): Promise<WaMediaMessage | null>;
  getChatById(chatId: string): Promise<WaChat>;
  on(event: 'qr' | 'code', listener: (value: string) => void): this;
  on(event: 'ready' | 'authenticated', listener: () => void): this;
  on(event: 'auth_failure', listener: (message: string) => void): this;
  on(event: 'disconnected', listener: (reason: WaDisconnectReason) => void): this;
  on(event: 'message', listener: (message: WaMessage) => void): this;
  removeAllListeners(): this;
}

/** Builds a fresh client; the connection calls it again after each disconnection. */
export type WaClientFactory = () => WaClient | Promise<WaClient>;

export interface WebClientSettings {
  /** The system Chromium (CHROMIUM_PATH); nothing downloads a browser. */
  chromiumPath: string;
  /** DATA_DIR: the session lives in DATA_DIR/whatsapp so a restart needs no new QR scan. */
  dataDir: string;
  /** The bot's own number (digits, international) to link by pairing code instead of QR. */
  pairingPhone?: string;
  /** Chromium refuses to start as root without --no-sandbox (containers often run as root). */
  runningAsRoot?: boolean;
}

/** Where LocalAuth keeps the session, under DATA_DIR. */
export function sessionDir(dataDir: string): string {
  return resolve(join(dataDir, 'whatsapp'));
}

export interface WwebjsModule {
  Client: new (options: ClientOptions) => unknown;
  LocalAuth: new (options: { dataPath: string; clientId?: string }) => NonNullable<ClientOptions['authStrategy']>;
  MessageMedia: new (mimetype: string, data: string, filename?: string | null, filesize?: number | null) => WaMedia;
}

/** Loads whatsapp-web.js (with puppeteer: almost a second) only when WhatsApp is enabled. */
export async function loadWwebjs(): Promise<WwebjsModule> {
  // A CommonJS package: under ESM its classes hang off the default export.
  const mod = (await import('whatsapp-web.js')).default;
  return mod;
}

/** The options given to `new Client(...)`: system Chromium, LocalAuth and the web-version cache under DATA_DIR. */
export function webClientOptions(settings: WebClientSettings, lib: WwebjsModule): ClientOptions {
  const dir = sessionDir(settings.dataDir);
  return {
    authStrategy: new lib.LocalAuth({ dataPath: join(dir, 'auth') }),
    puppeteer: {
      executablePath: settings.chromiumPath,
      headless: true,
      args: settings.runningAsRoot ? ['--no-sandbox', '--disable-dev-shm-usage'] : ['--disable-dev-shm-usage'],
    },
    // By default the library caches WhatsApp Web's page in the working directory.
    webVersionCache: { type: 'local', path: join(dir, 'web-cache') },
    ...(settings.pairingPhone ? { pairWithPhoneNumber: { phoneNumber: settings.pairingPhone, showNotification: true, intervalMs: 180_000 } } : {}),
  };
}

/** The real MessageMedia (the library loads on first use). */
export function webMediaFactory(load: () => Promise<WwebjsModule> = loadWwebjs): WaMediaFactory {
  return async (mimetype, data, filename) => new (await load()).MessageMedia(mimetype, data, filename ?? null);
}

/** The real client factory. Building a Client launches nothing; `initialize()` starts Chromium. */
export function webClientFactory(settings: WebClientSettings, load: () => Promise<WwebjsModule> = loadWwebjs): WaClientFactory {
  return async () => {
    const lib = await load();
    // The library's Client is structurally our WaClient; its typings use wider unions.
    return new lib.Client(webClientOptions(settings, lib)) as WaClient;
  };
}
