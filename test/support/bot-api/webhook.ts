// Webhook delivery: while a webhook is set, queued updates are POSTed to it one at a time, in order, with
// the secret header. A non-2xx answer or a network error is kept for getWebhookInfo and retried later;
// a JSON body naming a `method` is executed, as Telegram does with webhook replies.
import type { Update, WebhookInfo } from 'grammy/types';
import type { UpdateQueue } from './updates.js';

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
}

export type WebhookReplyHandler = (call: Record<string, unknown>) => Promise<void>;

const DELIVERY_TIMEOUT_MS = 30_000;

export class WebhookDeliverer {
  private config: WebhookConfig | undefined;
  private running = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private inflight: AbortController | undefined;
  private lastError: { date: number; message: string } | undefined;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly onReply: WebhookReplyHandler,
    private readonly retryMs: number,
    private readonly onChange: () => void,
  ) {
    queue.onPush(() => this.kick());
  }

  get active(): boolean {
    return this.config !== undefined;
  }

  set(config: WebhookConfig): void {
    this.config = config;
    this.lastError = undefined;
    this.cancelRetry();
    this.kick();
  }

  clear(): void {
    this.config = undefined;
    this.lastError = undefined;
    this.cancelRetry();
    this.inflight?.abort();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }

  info(): WebhookInfo {
    const info: WebhookInfo = {
      url: this.config?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.queue.size,
    };
    if (this.config !== undefined) {
      info.max_connections = this.config.maxConnections;
      if (this.config.allowedUpdates !== undefined) {
        // Telegram echoes the list back; its element type is a closed union we don't re-validate here.
        info.allowed_updates = this.config.allowedUpdates.filter(isUpdateKey);
      }
    }
    if (this.lastError !== undefined) {
      info.last_error_date = this.lastError.date;
      info.last_error_message = this.lastError.message;
    }
    return info;
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private kick(): void {
    if (this.running || this.closed || this.config === undefined || this.retryTimer !== undefined) return;
    if (this.queue.size === 0) return;
    void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (;;) {
        const config = this.config;
        const update = this.queue.peek();
        if (this.closed || config === undefined || update === undefined) return;
        const delivered = await this.deliver(config, update);
        if (delivered) {
          this.queue.remove(update.update_id);
        } else if (this.config === config && !this.closed) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.kick();
          }, this.retryMs);
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async deliver(config: WebhookConfig, update: Update): Promise<boolean> {
    const controller = new AbortController();
    this.inflight = controller;
    const timer = setTimeout(() => controller.abort(), DELIVERY_TIMEOUT_MS);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (config.secretToken !== undefined) headers['X-Telegram-Bot-Api-Secret-Token'] = config.secretToken;
    try {
      const res = await fetch(config.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        signal: controller.signal,
      });
      const body = await res.text();
      if (!res.ok) {
        this.fail(`Wrong response from the webhook: ${res.status} ${res.statusText}`);
        return false;
      }
      const reply = parseReply(body);
      if (reply !== undefined) void this.onReply(reply).catch(() => undefined); // Telegram ignores their errors too
      return true;
    } catch (error) {
      this.fail(controller.signal.aborted ? 'Connection timed out' : describeNetworkError(error));
      return false;
    } finally {
      clearTimeout(timer);
      if (this.inflight === controller) this.inflight = undefined;
    }
  }

  private fail(message: string): void {
    this.lastError = { date: Math.floor(Date.now() / 1000), message };
    this.onChange();
  }
}

const UPDATE_KEYS = new Set([
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'inline_query',
  'chosen_inline_result',
  'callback_query',
  'shipping_query',
  'pre_checkout_query',
  'poll',
  'poll_answer',
  'my_chat_member',
  'chat_member',
  'chat_join_request',
  'message_reaction',
  'message_reaction_count',
]);
type UpdateKey = Exclude<keyof Update, 'update_id'>;
function isUpdateKey(key: string): key is UpdateKey {
  return UPDATE_KEYS.has(key);
}

function parseReply(body: string): Record<string, unknown> | undefined {
  if (body.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'method' in parsed) {
      return Object.fromEntries(Object.entries(parsed));
    }
  } catch {
    // Not JSON: an ordinary acknowledgement.
  }
  return undefined;
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  if (code === 'ECONNREFUSED') return 'Connection refused';
  return cause instanceof Error ? cause.message : String(cause);
}
