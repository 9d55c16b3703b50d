// The WhatsApp Business Cloud API channel (WHATSAPP_MODE=cloud): Meta's Graph API in place of
// whatsapp-web.js, behind the same Channel port (channel id 'whatsapp').
//
// Construction (what the feature does; tests do the same with the fake Graph API):
//
//   const channel = new WhatsAppCloudChannel({
//     apiRoot: 'http://127.0.0.1:PORT',  // WHATSAPP_CLOUD_API_ROOT (default https://graph.facebook.com)
//     apiVersion: 'v21.0', phoneNumberId: '1234567890', token: '…', appSecret: '…', verifyToken: '…',
//     fetch,                              // optional: any fetch-compatible function (default global fetch)
//     redis, prefix: 'pas', templates: loadTemplates('flows/data/whatsapp-templates.yaml'),
//     ratePerSecond: 80, texts, defaultLocale: 'fr', log,
//   });
//   http.route('GET', '/whatsapp', channel.verificationHandler());
//   http.route('POST', '/whatsapp', channel.webhookHandler());
//   await channel.start(onMessage);
//
// Or without HTTP: `channel.handleDelivery(rawBody, signatureHeader)` → { status } (what the POST
// route answers), `channel.verify(query)` → the challenge or undefined.
//
// Addresses: userId is the person's wa_id, digits with the country code (`33612345678`).
//
// Receiving: each POST is checked (X-Hub-Signature-256), parsed, and its messages passed to the
// handler in order, each once (a message id is remembered 3 days); the route answers 200 once they
// are queued, 401 on a bad signature, 400 on a body that is not a webhook, 503 before start() or
// when queuing fails (Meta delivers again later). Files a person sends arrive as `unsupported`
// with their kind; fetchMedia() downloads them through the media endpoint.
//
// Sending (send()): one person's messages in order, urgent then high then normal (lanes), each send
// after the shared rate limiter. Within 24 hours of the person's last message: text, buttons, a list
// or numbered text (interactive.ts), files by upload. Outside it, or when the API answers 131047:
// the template of the message's purpose (templates.ts); none → MessageUndeliverableError (never
// free text the API would refuse). An educator's file outside it: uploaded, announced by the staff
// template, sent when the person writes again (waiting-media.ts). Meta may also accept a free-form
// message and report 131047 later in a `failed` status: each accepted text is kept a day (by wamid)
// and then re-sent as its template, once; a passing failure (131000, 131016, throughput) is re-sent
// once as it was; the record goes on delivered, read or failed. Failed statuses are counted by code
// (onFailed → /metrics). Recipient unavailable → RecipientBlockedError; rate limits and 5xx →
// retried (graph-client.ts); a refused token → WhatsAppCloudAuthError (a ChannelUnavailableError).
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Channel, ChannelCapabilities, ChannelHealth, InboundHandler, Sent } from '../../core/channel.js';
import { MAX_MEDIA_BYTES, type Address, type InboundMedia, type MediaKind, type Outbound, type OutboundMedia } from '../../core/message.js';
import { translate, type Locale, type Texts } from '../../i18n/locales.js';
import type { RouteHandler } from '../../http/server.js';
import { ChatQueues } from '../whatsapp/pacer.js';
import { safeError, userHasher, type UserHasher } from '../whatsapp/user-hash.js';
import { classifyGraphError, GraphApiError, MessageUndeliverableError, WhatsAppCloudAuthError } from './errors.js';
import { GraphClient, type FetchLike } from './graph-client.js';
import { messageBody, textBody, type MessageBody } from './interactive.js';
import { readWebhook, waIdOf, userIdOf, webhookSchema, type CloudInbound, type CloudStatus } from './payload.js';
import { SharedRateLimiter } from './rate.js';
import { handshakeChallenge, validSignature } from './signature.js';
import { purposeOf, templateBody, type Templates } from './templates.js';
import { WaitingMedia, type WaitingFile } from './waiting-media.js';
import { ServiceWindow } from './window.js';

const SEEN_TTL_SECONDS = 3 * 24 * 3600;
/** A `failed` status (131047) comes within seconds to hours of the send; a day covers it. */
const RESEND_TTL_SECONDS = 24 * 3600;
/** Meta keeps a person's media about 30 days. */
const MEDIA_TTL_SECONDS = 30 * 24 * 3600;

export interface WhatsAppCloudChannelOptions {
  /** WHATSAPP_CLOUD_API_ROOT: https://graph.facebook.com, or the fake Graph API in tests. */
  apiRoot: string;
  /** WHATSAPP_CLOUD_API_VERSION, e.g. v21.0. */
  apiVersion: string;
  phoneNumberId: string;
  token: string;
  /** Checks X-Hub-Signature-256 of every webhook POST. */
  appSecret: string;
  /** Compared with hub.verify_token in the GET handshake. */
  verifyToken: string;
  /** Replaces the global fetch (tests). */
  fetch?: FetchLike;
  redis: Redis;
  /** REDIS_PREFIX: keys live under `{prefix}:whatsapp-cloud:…`. */
  prefix: string;
  templates: Templates;
  /** WHATSAPP_CLOUD_RATE_PER_SECOND, shared by all processes on this Redis. */
  ratePerSecond: number;
  texts: Texts;
  defaultLocale: Locale;
  log: Logger;
  logHashKey?: string;
  /** Each status callback (sent, delivered, read, failed): the feature counts them for /metrics. */
  onStatus?: (status: CloudStatus) => void;
  /** A message Meta accepted, then reported failed, by error code (for /metrics). */
  onFailed?: (code: string) => void;
  /** A message that could not go out (no template outside the window, refused): counted for /metrics. */
  onUndeliverable?: (reason: string) => void;
  /** Mark each message read and show "typing…" while the reply is prepared (default true). */
  readReceipts?: boolean;
  /** Retry tuning (tests use small pauses). */
  maxAttempts?: number;
  initialBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** A free-form text Meta accepted, kept until its status: `again` when it is itself a re-send. */
interface ResendRecord {
  m: Outbound;
  again?: boolean;
}

/** What is kept to download a person's file later (fetchMedia). */
interface MediaRef {
  id: string;
  kind: MediaKind;
  mimeType?: string;
  caption?: string;
  fileName?: string;
}

export class WhatsAppCloudChannel implements Channel {
  readonly id = 'whatsapp' as const;
  readonly capabilities: ChannelCapabilities = { buttons: true, edits: false };
  readonly window: ServiceWindow;
  readonly waiting: WaitingMedia;
  readonly graph: GraphClient;
  private readonly chats = new ChatQueues();
  private readonly log: Logger;
  private readonly userHash: UserHasher;
  private onMessage: InboundHandler | undefined;
  private authFailed = false;

  constructor(private readonly opts: WhatsAppCloudChannelOptions) {
    this.log = opts.log;
    this.userHash = userHasher(opts.logHashKey);
    this.window = new ServiceWindow(opts.redis, opts.prefix, opts.now);
    this.waiting = new WaitingMedia(opts.redis, opts.prefix, opts.now);
    const limiter = new SharedRateLimiter({ redis: opts.redis, prefix: opts.prefix, perSecond: opts.ratePerSecond, ...(opts.sleep ? { sleep: opts.sleep } : {}) });
    this.graph = new GraphClient({
      apiRoot: opts.apiRoot,
      apiVersion: opts.apiVersion,
      phoneNumberId: opts.phoneNumberId,
      token: opts.token,
      log: opts.log,
      beforeSend: () => limiter.take(),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
      ...(opts.initialBackoffMs !== undefined ? { initialBackoffMs: opts.initialBackoffMs } : {}),
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
    });
  }

  async start(onMessage: InboundHandler): Promise<void> {
    this.onMessage = onMessage;
  }

  async stop(): Promise<void> {
    this.onMessage = undefined;
    await this.chats.idle();
  }

  health(): ChannelHealth {
    if (this.authFailed) return { ok: false, state: 'token-refused' };
    return this.onMessage ? { ok: true, state: 'connected' } : { ok: false, state: 'stopped' };
  }

  // ---- receiving -------------------------------------------------------------------------------

  /** The GET handshake: the challenge, or undefined (answer 403). */
  verify(query: (name: string) => string | undefined): string | undefined {
    return handshakeChallenge(query, this.opts.verifyToken);
  }

  verificationHandler(): RouteHandler {
    return (c: Context) => {
      const challenge = this.verify((name) => c.req.query(name));
      return challenge === undefined ? c.text('forbidden', 403) : c.text(challenge, 200);
    };
  }

  webhookHandler(): RouteHandler {
    return async (c: Context) => {
      const raw = Buffer.from(await c.req.arrayBuffer());
      const { status } = await this.handleDelivery(raw, c.req.header('x-hub-signature-256'));
      return c.text(status === 200 ? 'ok' : 'refused', status as 200 | 400 | 401 | 503);
    };
  }

  /** One webhook POST: checks, parses, queues its messages in order, counts its statuses. */
  async handleDelivery(raw: Buffer | string, signature: string | undefined): Promise<{ status: 200 | 400 | 401 | 503 }> {
    if (!validSignature(raw, signature, this.opts.appSecret)) {
      this.log.warn('WhatsApp Cloud webhook refused: bad or missing X-Hub-Signature-256');
      return { status: 401 };
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      return { status: 400 };
    }
    const parsed = webhookSchema.safeParse(json);
    if (!parsed.success) {
      this.log.warn({ issues: parsed.error.issues.length }, 'WhatsApp Cloud webhook: not a WhatsApp delivery');
      return { status: 400 };
    }
    const contents = readWebhook(parsed.data, this.opts.phoneNumberId);
    for (const status of contents.statuses) await this.noteStatus(status);
    if (contents.messages.length === 0) return { status: 200 };
    const handler = this.onMessage;
    if (!handler) return { status: 503 };
    for (const message of contents.messages) {
      if (!(await this.firstTime(message))) continue;
      try {
        await this.remember(message);
        this.sendWaitingFiles(message.inbound.address.userId);
        await handler(message.inbound);
      } catch (err) {
        // Forget it was seen, so Meta's next delivery of it is taken.
        await this.opts.redis.del(this.seenKey(message)).catch(() => undefined);
        this.log.error({ err: safeError(err), user: this.userHash(message.inbound.address.userId) }, 'WhatsApp Cloud message could not be queued');
        return { status: 503 };
      }
      this.acknowledge(message);
    }
    return { status: 200 };
  }

  /** A wamid encodes the sender's number: the key holds a hash of it instead. */
  private seenKey(message: CloudInbound): string {
    return `${this.opts.prefix}:whatsapp-cloud:seen:${createHash('sha256').update(message.inbound.messageId ?? '').digest('hex').slice(0, 32)}`;
  }

  /** SET NX: true for the first delivery of a message id. */
  private async firstTime(message: CloudInbound): Promise<boolean> {
    if (!message.inbound.messageId) return true;
    const set = await this.opts.redis.set(this.seenKey(message), '1', 'EX', SEEN_TTL_SECONDS, 'NX');
    if (set === null) this.log.debug({ user: this.userHash(message.inbound.address.userId) }, 'WhatsApp Cloud duplicate delivery ignored');
    return set !== null;
  }

  /** Opens the 24-hour window and keeps the media reference for fetchMedia. */
  private async remember(message: CloudInbound): Promise<void> {
    const { userId } = message.inbound.address;
    await this.window.opened(userId, message.inbound.receivedAt);
    if (message.media && message.inbound.messageId) {
      await this.opts.redis.set(this.mediaKey(userId, message.inbound.messageId), JSON.stringify(message.media), 'EX', MEDIA_TTL_SECONDS);
    }
  }

  private mediaKey(userId: string, messageId: string): string {
    return `${this.opts.prefix}:whatsapp-cloud:media:whatsapp:${userId}:${messageId}`;
  }

  /** Blue ticks and "typing…" for a message the bot answers (fire and forget). */
  private acknowledge(message: CloudInbound): void {
    if (this.opts.readReceipts === false || !message.inbound.messageId) return;
    const answered = message.inbound.content.kind === 'text' || message.inbound.content.kind === 'choice';
    this.graph.markRead(message.inbound.messageId, answered).catch((err: unknown) => this.log.debug({ err: safeError(err) }, 'WhatsApp Cloud read receipt failed'));
  }

  private async noteStatus(status: CloudStatus): Promise<void> {
    this.opts.onStatus?.(status);
    const userId = status.recipient_id ? userIdOf(status.recipient_id) : undefined;
    const codes = (status.errors ?? []).map((e) => e.code);
    if (status.status === 'failed') {
      for (const code of codes.length > 0 ? codes : ['none']) this.opts.onFailed?.(String(code));
      this.log.warn({ codes, user: userId ? this.userHash(userId) : undefined }, 'WhatsApp Cloud message failed after it was accepted');
    }
    if (!userId || (status.status !== 'failed' && status.status !== 'delivered' && status.status !== 'read')) return;
    try {
      // GETDEL: the record is used (or dropped) once, even if Meta repeats the status.
      const raw = await this.opts.redis.getdel(this.resendKey(userId, status.id));
      if (!raw || status.status !== 'failed') return;
      const { m: message, again } = JSON.parse(raw) as ResendRecord;
      const actions = codes.map((code) => classifyGraphError({ status: 200, code }));
      // Not awaited: the webhook answers at once; the person's queue keeps the order.
      const later = (task: () => Promise<unknown>, what: string): void => {
        this.chats.run(userId, message.priority ?? 'normal', task).catch((err: unknown) => this.log.warn({ err: safeError(err), user: this.userHash(userId) }, what));
      };
      if (actions.includes('re-engage')) later(() => this.sendTemplate(userId, message, 're-engagement required after acceptance (131047)'), 'WhatsApp Cloud template re-send failed');
      // A passing failure on Meta's side (or its throughput): once more, never in a loop.
      else if (!again && actions.some((a) => a === 'transient' || a === 'rate-limited')) later(() => this.deliver(userId, message, true), 'WhatsApp Cloud re-send after a failed status failed');
    } catch (err) {
      this.log.warn({ err: safeError(err), user: this.userHash(userId) }, 'WhatsApp Cloud status could not be handled');
    }
  }

  /** Under the person's `whatsapp:{userId}` so erasing their data ("oubli") removes it; the wamid is hashed (it encodes the number). */
  private resendKey(userId: string, wamid: string): string {
    return `${this.opts.prefix}:whatsapp-cloud:resend:whatsapp:${userId}:${createHash('sha256').update(wamid).digest('hex').slice(0, 32)}`;
  }

  async fetchMedia(from: Address, messageId: string): Promise<InboundMedia | undefined> {
    const raw = await this.opts.redis.get(this.mediaKey(from.userId, messageId));
    if (!raw) return undefined;
    const ref = JSON.parse(raw) as MediaRef;
    try {
      const file = await this.graph.downloadMedia(ref.id, MAX_MEDIA_BYTES);
      if (!file) return undefined;
      const media: OutboundMedia = { kind: ref.kind, data: file.data, mimeType: ref.mimeType ?? file.mimeType, ...(ref.fileName ? { fileName: ref.fileName } : {}) };
      return { media, ...(ref.caption ? { caption: ref.caption } : {}) };
    } catch (err) {
      this.log.warn({ err: safeError(err), user: this.userHash(from.userId) }, 'WhatsApp Cloud media could not be fetched');
      return undefined;
    }
  }

  // ---- sending ---------------------------------------------------------------------------------

  async send(to: Address, message: Outbound): Promise<Sent> {
    return this.chats.run(to.userId, message.priority ?? 'normal', () => this.deliver(to.userId, message));
  }

  /** `again`: a re-send after a failed status (its own failure is not re-sent). */
  private async deliver(userId: string, message: Outbound, again = false): Promise<Sent> {
    try {
      if (!(await this.window.isOpen(userId))) return await this.sendTemplate(userId, message, 'window closed');
      try {
        await this.sendFree(userId, message, again);
        this.authFailed = false;
      } catch (err) {
        // The API's own view of the window wins over ours (clock, another number…).
        if (err instanceof GraphApiError && err.action === 're-engage') return await this.sendTemplate(userId, message, 're-engagement required (131047)');
        throw err;
      }
    } catch (err) {
      if (err instanceof WhatsAppCloudAuthError) this.authFailed = true;
      if (err instanceof GraphApiError) throw this.undeliverable(userId, `refused by the API (${err.info.code ?? err.info.status})`);
      throw err;
    }
  }

  private async sendFree(userId: string, message: Outbound, again: boolean): Promise<void> {
    if (!message.media) {
      const wamid = await this.graph.sendMessage(messageBody(waIdOf(userId), message, this.opts.texts, this.opts.defaultLocale));
      // Kept to re-send if Meta reports a failure later: as a template after 131047, once more after a
      // passing failure. (Files are not kept: the window is checked before one goes.)
      const record: ResendRecord = { m: message, ...(again ? { again: true } : {}) };
      if (wamid) await this.opts.redis.set(this.resendKey(userId, wamid), JSON.stringify(record), 'EX', RESEND_TTL_SECONDS);
      return;
    }
    await this.sendFile(userId, await this.upload({ ...message, media: message.media }));
  }

  /** Uploads the file of `message` to Meta: what it takes to send it now or when the window reopens. */
  private async upload(message: Outbound & { media: OutboundMedia }): Promise<WaitingFile> {
    const media = message.media;
    const id = await this.graph.uploadMedia(media.data, media.mimeType, media.fileName ?? `file-${randomUUID()}`);
    const type = media.kind === 'photo' ? 'image' : media.kind === 'voice' ? 'audio' : media.kind;
    // Audio takes no caption: the text goes just after it.
    const captioned = type !== 'audio' && message.text.length > 0;
    return {
      id,
      type,
      until: this.waiting.untilFromNow(),
      ...(captioned ? { caption: message.text.slice(0, 1024) } : {}),
      ...(type === 'document' && media.fileName ? { filename: media.fileName } : {}),
      ...(!captioned && message.text.length > 0 ? { text: message.text } : {}),
    };
  }

  private async sendFile(userId: string, file: WaitingFile): Promise<void> {
    const body: MessageBody = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: waIdOf(userId),
      type: file.type,
      [file.type]: { id: file.id, ...(file.caption ? { caption: file.caption } : {}), ...(file.filename ? { filename: file.filename } : {}) },
    };
    await this.graph.sendMessage(body);
    if (file.text) await this.graph.sendMessage(textBody(waIdOf(userId), file.text));
  }

  /**
   * An educator's file while the window is closed: the staff template tells the person a file waits
   * (with the educator's words), and the file goes out when the person writes again.
   */
  private async sendFileLater(userId: string, message: Outbound & { media: OutboundMedia }, why: string): Promise<Sent> {
    const locale = message.locale ?? this.opts.defaultLocale;
    const notice: Outbound = { text: [message.text, translate(this.opts.texts, locale, 'whatsapp.file_waiting')].filter(Boolean).join('\n'), locale, ...(message.priority ? { priority: message.priority } : {}) };
    const body = templateBody(waIdOf(userId), notice, this.opts.templates, this.opts.texts, this.opts.defaultLocale);
    if (!body) throw this.undeliverable(userId, `${why}; no ${purposeOf(message)} template in whatsapp-templates.yaml to announce a file`);
    const file = await this.upload(message);
    await this.graph.sendMessage(body);
    await this.waiting.add(userId, file);
    return { waiting: true };
  }

  /** The person wrote: the files that waited for the window go first, in order (not awaited). */
  private sendWaitingFiles(userId: string): void {
    this.chats
      .run(userId, 'high', async () => {
        for (let file = await this.waiting.take(userId); file; file = await this.waiting.take(userId)) {
          try {
            await this.sendFile(userId, file);
          } catch (err) {
            await this.waiting.putBack(userId, file);
            throw err;
          }
        }
      })
      .catch((err: unknown) => this.log.warn({ err: safeError(err), user: this.userHash(userId) }, 'WhatsApp Cloud waiting file not sent; it waits for the next message'));
  }

  private async sendTemplate(userId: string, message: Outbound, why: string): Promise<Sent> {
    if (message.media) return this.sendFileLater(userId, { ...message, media: message.media }, why);
    // Choices ride on the template's quick-reply buttons, or else go in its variable as numbered text.
    const body = templateBody(waIdOf(userId), message, this.opts.templates, this.opts.texts, this.opts.defaultLocale);
    if (!body) throw this.undeliverable(userId, `${why}; no ${purposeOf(message)} template in whatsapp-templates.yaml`);
    await this.graph.sendMessage(body);
  }

  private undeliverable(userId: string, reason: string): MessageUndeliverableError {
    this.opts.onUndeliverable?.(reason);
    this.log.warn({ user: this.userHash(userId), reason }, 'WhatsApp Cloud message not delivered');
    return new MessageUndeliverableError('whatsapp', reason);
  }
}
