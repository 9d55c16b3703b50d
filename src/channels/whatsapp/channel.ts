// The WhatsApp channel: translates whatsapp-web.js messages ⇄ core messages, paces sending, and
// keeps messages made while WhatsApp is disconnected in a Redis outbox until it is ready again.
//
// Delivery contract (for reminders and staff messages):
// - WhatsApp known to be disconnected (or messages already waiting): send() accepts the message
//   into the Redis outbox and resolves; it goes out after reconnection, in order, at least once.
// - An urgent message (priority 'urgent': help numbers after crisis words) waits only for the send in
//   progress: it goes ahead of the messages waiting for the chat, for the global pace and in the outbox.
// - A send that fails while WhatsApp looked connected throws ChannelUnavailableError (retryable).
// - Redis refusing the outbox write also throws ChannelUnavailableError.
// - A file (Outbound.media) goes out at once or throws ChannelUnavailableError: it never waits in the
//   outbox (see deliverFile).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Channel, ChannelCapabilities, InboundHandler } from '../../core/channel.js';
import { ChannelUnavailableError } from '../../core/errors.js';
import { MAX_MEDIA_BYTES, type Address, type InboundMedia, type Outbound, type OutboundMedia } from '../../core/message.js';
import type { Locale, Texts } from '../../i18n/locales.js';
import { webMediaFactory, type WaClient, type WaClientFactory, type WaMediaFactory, type WaMessage } from './client.js';
import { WhatsAppConnection, type Pause, type ReconnectOptions } from './connection.js';
import { formatOutbound } from './format.js';
import { downloadInboundMedia, sendPlan } from './media.js';
import { Outbox } from './outbox.js';
import { ChatQueues, Pacer, type PacingOptions, type Priority, type Timing } from './pacer.js';
import { DEFAULT_START_GRACE_MS, whatsappHealth, type WhatsAppHealth, type WhatsAppStatus } from './status.js';
import { toInbound } from './translate.js';
import { safeError, userHasher, type UserHasher } from './user-hash.js';

/** An outbox item failing this many times while WhatsApp is up is moved aside (…:outbox:failed). */
const MAX_OUTBOX_ATTEMPTS = 3;

export interface WhatsAppChannelOptions {
  clientFactory: WaClientFactory;
  /** Builds the files to send (default: whatsapp-web.js's MessageMedia; tests give the fake's). */
  mediaFactory?: WaMediaFactory;
  /** LOG_HASH_KEY: the key of the hash that stands for a phone number in the logs. */
  logHashKey?: string;
  redis: Redis;
  /** REDIS_PREFIX: the outbox is `{prefix}:whatsapp:outbox`. */
  prefix: string;
  texts: Texts;
  defaultLocale: Locale;
  log: Logger;
  pacing: PacingOptions;
  reconnect?: ReconnectOptions;
  /**
   * How long the first connection after start() may take before /healthz calls WhatsApp down
   * (default 60 s; 0: down until ready). A failed attempt or a QR to scan ends it at once.
   */
  startGraceMs?: number;
  /** Tests replace the clock and pauses; production uses real time. */
  timing?: Timing;
  pause?: Pause;
}

export class WhatsAppChannel implements Channel {
  readonly id = 'whatsapp' as const;
  readonly capabilities: ChannelCapabilities = { buttons: false, edits: false };
  readonly status: WhatsAppStatus;
  readonly outbox: Outbox;
  private readonly connection: WhatsAppConnection;
  private readonly pacer: Pacer;
  private readonly chats = new ChatQueues();
  private readonly log: Logger;
  private onMessage: InboundHandler | undefined;
  private stopped = false;
  /** True while the outbox may hold messages: new ones then queue behind them to keep the order. */
  private outboxInUse = true;
  private pushesInFlight = 0;
  private draining = false;
  private drainRequested = false;

  private readonly userHash: UserHasher;
  private readonly mediaFactory: WaMediaFactory;

  constructor(private readonly opts: WhatsAppChannelOptions) {
    this.log = opts.log;
    this.userHash = userHasher(opts.logHashKey);
    this.mediaFactory = opts.mediaFactory ?? webMediaFactory();
    this.outbox = new Outbox(opts.redis, opts.prefix);
    this.pacer = new Pacer(opts.pacing, opts.timing);
    this.connection = new WhatsAppConnection({
      factory: opts.clientFactory,
      onMessage: (message) => this.receive(message),
      log: opts.log,
      ...(opts.reconnect ? { reconnect: opts.reconnect } : {}),
      ...(opts.pause ? { pause: opts.pause } : {}),
    });
    this.status = this.connection.status;
    this.status.on('ready', () => this.requestDrain());
  }

  get ready(): boolean {
    return this.connection.ready;
  }

  /** For /healthz: ok only while ready (or during the start-up grace); see whatsappHealth(). */
  health(): WhatsAppHealth {
    return whatsappHealth(this.status.snapshot(), new Date(), this.opts.startGraceMs ?? DEFAULT_START_GRACE_MS);
  }

  /** Starts connecting in the background: a QR scan may take minutes, start-up does not wait. */
  async start(onMessage: InboundHandler): Promise<void> {
    this.onMessage = onMessage;
    this.connection.start();
  }

  async send(to: Address, message: Outbound): Promise<void> {
    const text = formatOutbound(message, this.opts.texts, this.opts.defaultLocale);
    const priority = message.priority ?? 'normal';
    const media = message.media;
    if (media) return this.chats.run(to.userId, priority, () => this.deliverFile(to.userId, text, media, priority));
    await this.chats.run(to.userId, priority, () => this.deliver(to.userId, text, priority));
  }

  /** The file of a message the person sent (downloaded from WhatsApp now); undefined when there is none to have. */
  async fetchMedia(from: Address, messageId: string): Promise<InboundMedia | undefined> {
    const client = this.connection.readyClient;
    if (!client) return undefined;
    try {
      const message = await client.getMessageById(messageId);
      // Only a message this very person sent: an id never opens another chat's files.
      if (!message || message.fromMe || message.from !== from.userId) return undefined;
      return await downloadInboundMedia(message, MAX_MEDIA_BYTES);
    } catch (err) {
      this.log.warn({ err: safeError(err), user: this.userHash(from.userId) }, 'whatsapp file could not be downloaded');
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.connection.stop();
    await this.chats.idle();
  }

  /** Messages waiting in the outbox (admin page, tests). */
  async outboxLength(): Promise<number> {
    return this.outbox.length();
  }

  private receive(message: WaMessage): void {
    const inbound = toInbound(message);
    if (!inbound || !this.onMessage) return;
    // Handed over synchronously, in arrival order: the conversation service keeps each person's
    // turns in that order while different people proceed in parallel.
    this.onMessage(inbound).catch((err: unknown) => this.log.error({ err: safeError(err), user: this.userHash(inbound.address.userId) }, 'inbound whatsapp message failed'));
  }

  private async deliver(jid: string, text: string, priority: Priority): Promise<void> {
    const client = this.connection.readyClient;
    if (client && !this.outboxInUse) {
      try {
        await this.sendNow(client, jid, text, priority);
        return;
      } catch (err) {
        if (this.connection.ready) throw new ChannelUnavailableError('whatsapp', safeError(err));
        // The connection dropped during the send: keep the message for after reconnection.
      }
    }
    await this.enqueue(jid, text, priority);
  }

  /**
   * A file goes out now or not at all. The outbox keeps JSON in Redis for as long as WhatsApp is away:
   * a young person's photo or an educator's voice note must not sit there, nor overtake the messages
   * waiting in it. So while WhatsApp is disconnected, or messages still wait, this throws
   * ChannelUnavailableError and the sender says so (the educator sees "not delivered" and sends again).
   */
  private async deliverFile(jid: string, text: string, media: OutboundMedia, priority: Priority): Promise<void> {
    const client = this.connection.readyClient;
    if (!client || this.outboxInUse) throw new ChannelUnavailableError('whatsapp');
    const plan = sendPlan(media, text);
    try {
      const file = await this.mediaFactory(media.mimeType, media.data.toString('base64'), media.fileName);
      if (plan.textFirst) await this.sendNow(client, jid, plan.textFirst, priority);
      await this.pacer.pace(jid, text, async () => (await client.getChatById(jid)).sendStateTyping(), () => client.sendMessage(jid, file, plan.options), priority);
    } catch (err) {
      throw new ChannelUnavailableError('whatsapp', safeError(err));
    }
  }

  private sendNow(client: WaClient, jid: string, text: string, priority: Priority): Promise<unknown> {
    return this.pacer.pace(
      jid,
      text,
      async () => (await client.getChatById(jid)).sendStateTyping(),
      () => client.sendMessage(jid, text),
      priority,
    );
  }

  private async enqueue(jid: string, text: string, priority: Priority): Promise<void> {
    this.outboxInUse = true;
    this.pushesInFlight += 1;
    try {
      await this.outbox.push(jid, text, Date.now(), priority);
    } catch (err) {
      throw new ChannelUnavailableError('whatsapp', safeError(err));
    } finally {
      this.pushesInFlight -= 1;
    }
    this.log.debug({ user: this.userHash(jid) }, 'whatsapp message queued until reconnection');
    if (this.connection.ready) this.requestDrain();
  }

  private requestDrain(): void {
    this.drainRequested = true;
    if (!this.draining) void this.drainLoop();
  }

  private async drainLoop(): Promise<void> {
    this.draining = true;
    try {
      while (this.drainRequested && this.connection.ready && !this.stopped) {
        this.drainRequested = false;
        await this.drainOnce();
      }
    } catch (err) {
      this.log.error({ err: safeError(err) }, 'whatsapp outbox drain failed; it resumes at the next reconnection');
    } finally {
      this.draining = false;
    }
  }

  /** Sends the outbox (urgent items first, then oldest first) until it is empty or WhatsApp drops again. */
  private async drainOnce(): Promise<void> {
    let sent = 0;
    for (;;) {
      const client = this.connection.readyClient;
      if (!client || this.stopped) return;
      const item = await this.outbox.peek();
      if (!item) {
        // A push started after our read will request another drain when it lands.
        if (this.pushesInFlight > 0) return;
        this.outboxInUse = false;
        if (sent > 0) this.log.info({ sent }, 'whatsapp outbox delivered');
        this.status.emit('outbox-empty', { sent });
        return;
      }
      try {
        await this.chats.run(item.to, item.priority, () => this.sendNow(client, item.to, item.text, item.priority));
        await this.outbox.remove(item);
        sent += 1;
      } catch (err) {
        if (!this.connection.ready) return; // stays first in line for the next reconnection
        const outcome = await this.outbox.failed(item, MAX_OUTBOX_ATTEMPTS);
        this.log.warn({ err: safeError(err), user: this.userHash(item.to), outcome }, 'whatsapp outbox message failed');
      }
    }
  }
}
