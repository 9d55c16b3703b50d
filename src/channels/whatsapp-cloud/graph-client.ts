// The Graph API calls the adapter makes, with plain fetch (injectable for the fake Graph API):
// POST /{version}/{phone-number-id}/messages, POST …/media (upload), GET /{version}/{media-id} then
// its url (download), all with `Authorization: Bearer <token>`. Rate limits (429, 130429, 131056) wait
// Retry-After or a doubling pause and try again; 5xx and network failures likewise, a few times.
// The token never appears in a log or an error.
import type { Logger } from 'pino';
import { ChannelUnavailableError, RecipientBlockedError } from '../../core/errors.js';
import { classifyGraphError, graphErrorOf, GraphApiError, retryAfterMs, WhatsAppCloudAuthError } from './errors.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface GraphClientOptions {
  apiRoot: string;
  apiVersion: string;
  phoneNumberId: string;
  token: string;
  fetch?: FetchLike;
  log: Logger;
  /** Called before every message send (the shared rate limiter). */
  beforeSend?: () => Promise<void>;
  /** Attempts in all for a rate-limited or failing call (default 5). */
  maxAttempts?: number;
  /** First pause between attempts, doubled each time (default 500 ms). */
  initialBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class GraphClient {
  private readonly fetch: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly base: string;

  constructor(private readonly opts: GraphClientOptions) {
    this.fetch = opts.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.base = `${opts.apiRoot.replace(/\/+$/, '')}/${opts.apiVersion}`;
  }

  /** Sends one message body; resolves with the message id (wamid). */
  async sendMessage(body: Record<string, unknown>): Promise<string | undefined> {
    const answer = await this.call(`${this.base}/${this.opts.phoneNumberId}/messages`, () => ({ method: 'POST', headers: this.headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) }), true);
    const messages = (answer as { messages?: Array<{ id?: string }> }).messages;
    return messages?.[0]?.id;
  }

  /** Marks an inbound message read, with the typing indicator while the reply is prepared. */
  async markRead(messageId: string, typing: boolean): Promise<void> {
    const body = { messaging_product: 'whatsapp', status: 'read', message_id: messageId, ...(typing ? { typing_indicator: { type: 'text' } } : {}) };
    await this.call(`${this.base}/${this.opts.phoneNumberId}/messages`, () => ({ method: 'POST', headers: this.headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) }), false);
  }

  /** Uploads a file; resolves with its media id. */
  async uploadMedia(data: Buffer, mimeType: string, fileName: string): Promise<string> {
    const answer = await this.call(
      `${this.base}/${this.opts.phoneNumberId}/media`,
      () => {
        const form = new FormData();
        form.set('messaging_product', 'whatsapp');
        form.set('type', mimeType);
        form.set('file', new Blob([new Uint8Array(data)], { type: mimeType }), fileName);
        return { method: 'POST', headers: this.headers(), body: form };
      },
      false,
    );
    const id = (answer as { id?: unknown }).id;
    if (typeof id !== 'string') throw new ChannelUnavailableError('whatsapp', new Error('media upload answered without an id'));
    return id;
  }

  /** Downloads a person's file: its url from the media id, then the bytes (both with the token). */
  async downloadMedia(mediaId: string, maxBytes: number): Promise<{ data: Buffer; mimeType: string } | undefined> {
    const meta = (await this.call(`${this.base}/${encodeURIComponent(mediaId)}`, () => ({ method: 'GET', headers: this.headers() }), false)) as { url?: unknown; mime_type?: unknown; file_size?: unknown };
    if (typeof meta.url !== 'string') return undefined;
    if (typeof meta.file_size === 'number' && meta.file_size > maxBytes) return undefined;
    const response = await this.fetch(meta.url, { method: 'GET', headers: this.headers() });
    if (!response.ok) {
      this.opts.log.warn({ status: response.status }, 'WhatsApp Cloud media download failed');
      return undefined;
    }
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length > maxBytes) return undefined;
    const mimeType = typeof meta.mime_type === 'string' ? meta.mime_type : (response.headers.get('content-type') ?? 'application/octet-stream');
    return { data, mimeType };
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.opts.token}`, ...extra };
  }

  /** One call with retries; throws the project's errors for what is not retried. */
  private async call(url: string, init: () => RequestInit, isSend: boolean): Promise<unknown> {
    const maxAttempts = this.opts.maxAttempts ?? 5;
    let backoff = this.opts.initialBackoffMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      if (isSend) await this.opts.beforeSend?.();
      let response: Response;
      try {
        response = await this.fetch(url, init());
      } catch (err) {
        if (attempt >= maxAttempts) throw new ChannelUnavailableError('whatsapp', err);
        await this.sleep(backoff);
        backoff *= 2;
        continue;
      }
      const body: unknown = await response.json().catch(() => ({}));
      if (response.ok) return body;
      const info = graphErrorOf(response.status, body);
      const action = classifyGraphError(info);
      if (action === 'rate-limited' || action === 'transient') {
        if (attempt >= maxAttempts) throw new ChannelUnavailableError('whatsapp', new GraphApiError(info, action));
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? backoff;
        this.opts.log.warn({ code: info.code, status: info.status, waitMs: wait, attempt }, `WhatsApp Cloud API ${action}: waiting before trying again`);
        await this.sleep(wait);
        backoff *= 2;
        continue;
      }
      if (action === 'blocked') throw new RecipientBlockedError('whatsapp', new GraphApiError(info, action));
      if (action === 'auth') {
        const error = new WhatsAppCloudAuthError(info);
        this.opts.log.error({ code: info.code, status: info.status }, error.message);
        throw error;
      }
      throw new GraphApiError(info, action);
    }
  }
}
