// A fake of whatsapp-web.js for tests: `FakeWhatsApp` plays WhatsApp's servers and the people
// writing to the bot; its `factory` builds `FakeWhatsAppClient`s with the events and methods of
// whatsapp-web.js's Client (initialize, destroy, sendMessage, getChatById, getMessageById; 'qr',
// 'code', 'authenticated', 'auth_failure', 'ready', 'message', 'disconnected'). Received messages are
// shaped like its Message (from, to, body, type, fromMe, isStatus, broadcast, hasMedia, timestamp,
// id._serialized, author, getChat(), downloadMedia(), rawData). Files are `FakeMessageMedia`s: like
// the library, sendMessage sends a file only when given an instance of that class (`mediaFactory`).
//
//   const wa = new FakeWhatsApp({ sessionStored: true });  // ready at once, no QR
//   channel = new WhatsAppChannel({ clientFactory: wa.factory, ... });
//   wa.userSends('33612345678@c.us', 'bonjour');
//   await wa.waitForSent(1);
//   wa.disconnect();  // the client emits 'disconnected' like the real one
import { EventEmitter } from 'node:events';
import type { WaChat, WaClient, WaClientFactory, WaMedia, WaMediaFactory, WaMediaMessage, WaMessage, WaSendOptions } from '../../src/channels/whatsapp/client.js';

export const BOT_JID = '33700000000@c.us';

export interface FakeMessage extends WaMediaMessage {
  author?: string;
  broadcast: boolean;
  id: { fromMe: boolean; remote: string; id: string; _serialized: string };
  getChat(): Promise<WaChat & { id: { _serialized: string } }>;
  rawData: { size?: number };
}

/** whatsapp-web.js's MessageMedia: mimetype, base64 data, filename and filesize (null when unknown). */
export class FakeMessageMedia implements WaMedia {
  constructor(
    readonly mimetype: string,
    readonly data: string,
    readonly filename: string | null = null,
    readonly filesize: number | null = null,
  ) {}
}

/** A file a person sends: bytes and how WhatsApp labels them. */
export interface FakeFile {
  data: Buffer;
  mimetype: string;
  filename?: string;
}

export interface SentRecord {
  to: string;
  /** The text, or a file's caption ('' without one). */
  body: string;
  /** Which client (0-based, one per connection) sent it. */
  client: number;
  /** A file sent (decoded from its base64). */
  media?: { mimetype: string; data: Buffer; filename: string | null };
  options?: WaSendOptions;
}

export class FakeChat implements WaChat {
  typingCount = 0;
  constructor(
    readonly id: { _serialized: string },
    readonly isGroup: boolean,
  ) {}
  async sendStateTyping(): Promise<void> {
    this.typingCount += 1;
  }
  async clearState(): Promise<boolean> {
    return true;
  }
}

export class FakeWhatsAppClient extends EventEmitter implements WaClient {
  connected = false;
  destroyed = false;
  initializeCalls = 0;

  constructor(
    private readonly wa: FakeWhatsApp,
    readonly index: number,
  ) {
    super();
  }

  async initialize(): Promise<void> {
    this.initializeCalls += 1;
    await Promise.resolve(); // like the real client, events come after the caller subscribed
    if (this.wa.failNextInitializations > 0) {
      this.wa.failNextInitializations -= 1;
      throw new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
    }
    if (this.wa.offline) return; // stays "starting" until goOnline()
    if (this.wa.sessionStored) this.becomeReady();
    else this.emit('qr', `2@fake-qr-${this.index}-${this.wa.nextQrNumber++},key,secret`);
  }

  async destroy(): Promise<void> {
    this.connected = false;
    this.destroyed = true;
  }

  async sendMessage(chatId: string, content: string | WaMedia, options: WaSendOptions = {}): Promise<unknown> {
    if (!this.connected || this.destroyed) throw new Error('Session closed. Most likely the page has been closed.');
    const failure = this.wa.sendFailures.get(chatId);
    if (failure) throw new Error(failure);
    if (typeof content === 'string') this.wa.recordSent({ to: chatId, body: content, client: this.index });
    // The library only recognises its own MessageMedia class; any other object would not be a file.
    else if (content instanceof FakeMessageMedia) {
      const media = { mimetype: content.mimetype, data: Buffer.from(content.data, 'base64'), filename: content.filename };
      this.wa.recordSent({ to: chatId, body: options.caption ?? '', client: this.index, media, options });
    } else throw new Error('sendMessage: content is neither a string nor a MessageMedia');
    return { id: { _serialized: `true_${chatId}_${this.wa.nextId()}` } };
  }

  async getMessageById(messageId: string): Promise<FakeMessage | null> {
    if (!this.connected) throw new Error('Session closed.');
    return this.wa.messageById(messageId) ?? null;
  }

  async getChatById(chatId: string): Promise<FakeChat> {
    if (!this.connected) throw new Error('Session closed.');
    return this.wa.chat(chatId);
  }

  /** Test helper: what the phone scan does. */
  becomeReady(): void {
    this.connected = true;
    this.emit('authenticated');
    this.emit('ready');
  }
}

export interface FakeWhatsAppOptions {
  /** A LocalAuth session exists: clients become ready without a QR scan. */
  sessionStored?: boolean;
}

export class FakeWhatsApp {
  sessionStored: boolean;
  /** While true, new clients start but never become ready (WhatsApp unreachable); see goOnline(). */
  offline = false;
  failNextInitializations = 0;
  nextQrNumber = 1;
  /** chatId → error message: sendMessage to that chat fails while connected. */
  readonly sendFailures = new Map<string, string>();
  /** How downloadMedia fails for every file: 'gone' answers undefined (expired on WhatsApp), 'error' throws. */
  downloadFailure: 'gone' | 'error' | undefined;
  /** Give this to the adapter as its media factory (whatsapp-web.js's MessageMedia). */
  readonly mediaFactory: WaMediaFactory = (mimetype, data, filename) => new FakeMessageMedia(mimetype, data, filename ?? null);
  private readonly received = new Map<string, FakeMessage>();
  readonly clients: FakeWhatsAppClient[] = [];
  readonly sent: SentRecord[] = [];
  private readonly chats = new Map<string, FakeChat>();
  private readonly events = new EventEmitter();
  private idCounter = 0;

  constructor(options: FakeWhatsAppOptions = {}) {
    this.sessionStored = options.sessionStored ?? true;
    this.events.setMaxListeners(100);
  }

  /** Give this to the adapter as its client factory. */
  readonly factory: WaClientFactory = () => {
    const client = new FakeWhatsAppClient(this, this.clients.length);
    this.clients.push(client);
    this.events.emit('client', client);
    return client;
  };

  /** The newest client (the live one, once the adapter has reconnected). */
  get current(): FakeWhatsAppClient {
    const client = this.clients.at(-1);
    if (!client) throw new Error('no client was built yet: start the channel first');
    return client;
  }

  chat(chatId: string): FakeChat {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = new FakeChat({ _serialized: chatId }, chatId.endsWith('@g.us'));
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  nextId(): string {
    this.idCounter += 1;
    return `3EB0${String(this.idCounter).padStart(16, '0')}`;
  }

  recordSent(record: SentRecord): void {
    this.sent.push(record);
    this.events.emit('sent', record);
  }

  /** A message people sent, by its serialized id (what getMessageById finds). */
  messageById(id: string): FakeMessage | undefined {
    return this.received.get(id);
  }

  sentTo(chatId: string): string[] {
    return this.sent.filter((s) => s.to === chatId).map((s) => s.body);
  }

  // ---- waiting on events (never on time) ----

  /** Resolves once `count` messages in all (or to `chatId`) have been sent. */
  waitForSent(count: number, chatId?: string): Promise<SentRecord[]> {
    const matching = (): SentRecord[] => this.sent.filter((s) => chatId === undefined || s.to === chatId);
    return this.waitFor('sent', () => (matching().length >= count ? matching().slice(0, count) : undefined));
  }

  /** Resolves when the `n`-th client (1-based) has been built. */
  waitForClient(n: number): Promise<FakeWhatsAppClient> {
    return this.waitFor('client', () => this.clients[n - 1]);
  }

  private waitFor<T>(event: string, check: () => T | undefined): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const listener = (): void => {
        const value = check();
        if (value === undefined) return;
        this.events.off(event, listener);
        resolve(value);
      };
      this.events.on(event, listener);
    });
  }

  // ---- the phone and WhatsApp's servers ----

  /** WhatsApp is reachable again: a client waiting to connect becomes ready (with a stored session). */
  goOnline(): void {
    this.offline = false;
    const client = this.clients.at(-1);
    if (client && client.initializeCalls > 0 && !client.destroyed && !client.connected && this.sessionStored) client.becomeReady();
  }

  /** The operator scans the QR: the session is stored and the client becomes ready. */
  scan(): void {
    this.sessionStored = true;
    this.current.becomeReady();
  }

  /** The connection drops (the real client emits 'disconnected' with a WAState, then destroys itself). */
  disconnect(reason = 'TIMEOUT'): void {
    const client = this.current;
    client.connected = false;
    client.emit('disconnected', reason);
  }

  /** Someone removed the linked device on the phone: the session is gone. */
  logout(): void {
    this.sessionStored = false;
    const client = this.current;
    client.connected = false;
    client.emit('disconnected', 'LOGOUT');
  }

  // ---- people writing to the bot ----

  userSends(from: string, body: string, extra: Partial<FakeMessage> = {}): FakeMessage {
    return this.deliver(this.message({ from, body, type: 'chat', ...extra }));
  }

  /**
   * A voice note ('ptt'), image, sticker, location, video, document, vcard…; `body` is the caption.
   * A message with media holds a file (`file`, or a few bytes of a plausible type) for downloadMedia().
   */
  userSendsMedia(from: string, type: string, body = '', file?: FakeFile): FakeMessage {
    const hasMedia = type !== 'location' && type !== 'vcard';
    return this.deliver(this.message({ from, body, type, hasMedia }, hasMedia ? (file ?? defaultFile(type)) : undefined));
  }

  groupMessage(groupId: string, author: string, body: string): FakeMessage {
    return this.deliver(this.message({ from: groupId, author, body, type: 'chat' }));
  }

  statusUpdate(author: string, body: string): FakeMessage {
    return this.deliver(this.message({ from: 'status@broadcast', author, body, type: 'chat', isStatus: true, broadcast: true }));
  }

  /** A message the bot's own account wrote (from the phone): whatsapp-web.js sets fromMe. */
  ownMessage(to: string, body: string): FakeMessage {
    return this.deliver(this.message({ from: BOT_JID, to, body, type: 'chat', fromMe: true }));
  }

  private message(fields: Partial<FakeMessage> & { from: string; body: string; type: string }, file?: FakeFile): FakeMessage {
    const fromMe = fields.fromMe ?? false;
    const remote = fromMe ? (fields.to ?? BOT_JID) : fields.from;
    const id = this.nextId();
    const chat = this.chat(remote);
    // Like whatsapp-web.js: undefined when WhatsApp no longer has the file; an error from the page otherwise.
    const downloadMedia = async (): Promise<FakeMessageMedia | undefined> => {
      if (!file) return undefined;
      if (this.downloadFailure === 'gone') return undefined;
      if (this.downloadFailure === 'error') throw new Error('Evaluation failed: TypeError: Cannot read properties of undefined (reading \'mediaStage\')');
      return new FakeMessageMedia(file.mimetype, file.data.toString('base64'), file.filename ?? null, file.data.length);
    };
    return {
      to: BOT_JID,
      fromMe,
      isStatus: false,
      broadcast: false,
      hasMedia: false,
      timestamp: 1_764_000_000 + this.idCounter,
      id: { fromMe, remote, id, _serialized: `${fromMe}_${remote}_${id}` },
      getChat: async () => chat,
      downloadMedia,
      rawData: file ? { size: file.data.length } : {},
      ...fields,
    };
  }

  private deliver(message: FakeMessage): FakeMessage {
    const client = this.current;
    if (!client.connected) throw new Error('the fake client is not connected: messages only arrive while ready');
    this.received.set(message.id._serialized, message);
    client.emit('message', message);
    return message;
  }
}

const DEFAULT_FILES: Readonly<Record<string, { mimetype: string; filename?: string }>> = {
  ptt: { mimetype: 'audio/ogg; codecs=opus' },
  audio: { mimetype: 'audio/mpeg', filename: 'audio.mp3' },
  image: { mimetype: 'image/jpeg' },
  album: { mimetype: 'image/jpeg' },
  video: { mimetype: 'video/mp4' },
  sticker: { mimetype: 'image/webp' },
  document: { mimetype: 'application/pdf', filename: 'document.pdf' },
};

/** A few bytes standing for a file of that type (WhatsApp gives voice notes and photos no file name). */
function defaultFile(type: string): FakeFile {
  const known = DEFAULT_FILES[type] ?? { mimetype: 'application/octet-stream' };
  return { data: Buffer.from(`fake ${type} bytes`), mimetype: known.mimetype, ...(known.filename ? { filename: known.filename } : {}) };
}
