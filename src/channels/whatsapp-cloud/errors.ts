// Graph API errors (error.code in the JSON body, and the HTTP status) mapped to what the adapter
// does: wait and retry, give up on the person (blocked), resend as a template, or stop and tell
// the operator. Codes: https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
import { ChannelUnavailableError } from '../../core/errors.js';

export type ErrorAction =
  /** Too many messages (the number's or the pair's rate): wait, then send again. */
  | 'rate-limited'
  /** The person cannot receive (not on WhatsApp, blocked, unavailable): never retry. */
  | 'blocked'
  /** More than 24 hours since the person's last message: only a template may go. */
  | 're-engage'
  /** The token is wrong, expired or lacks a permission: the operator must act. */
  | 'auth'
  /** Meta's side failed or the network did: retry with back-off. */
  | 'transient'
  /** Our request is wrong (bad parameter, template not approved…): retrying would not help. */
  | 'rejected';

export interface GraphErrorInfo {
  status: number;
  code?: number;
  subcode?: number;
  title?: string;
}

const RATE_CODES = new Set([4, 80007, 130429, 131048, 131056]);
const BLOCKED_CODES = new Set([131026, 131051, 131045, 131021]);
const AUTH_CODES = new Set([190, 10, 200, 3, 131005, 131031]);
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 133004]);

export function classifyGraphError(info: GraphErrorInfo): ErrorAction {
  const { status, code } = info;
  if (code === 131047) return 're-engage';
  if (status === 429 || (code !== undefined && RATE_CODES.has(code))) return 'rate-limited';
  if (code !== undefined && BLOCKED_CODES.has(code)) return 'blocked';
  if (status === 401 || (code !== undefined && AUTH_CODES.has(code))) return 'auth';
  if (status >= 500 || (code !== undefined && TRANSIENT_CODES.has(code))) return 'transient';
  return 'rejected';
}

/** Reads `{ error: { code, error_subcode, message } }` from a Graph API answer (never throws). */
export function graphErrorOf(status: number, body: unknown): GraphErrorInfo {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return { status };
  const e = error as { code?: unknown; error_subcode?: unknown; message?: unknown; title?: unknown };
  return {
    status,
    ...(typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.error_subcode === 'number' ? { subcode: e.error_subcode } : {}),
    // Meta's error messages name the problem, not the person; still, long digit runs (numbers) are masked.
    ...(typeof e.message === 'string' ? { title: e.message.replace(/\d{6,}/g, '<number>').slice(0, 200) } : typeof e.title === 'string' ? { title: e.title } : {}),
  };
}

/** A Graph API call failed in a way the caller handles (re-engagement, rejection). */
export class GraphApiError extends Error {
  constructor(
    readonly info: GraphErrorInfo,
    readonly action: ErrorAction,
  ) {
    super(`Graph API error ${info.code ?? '-'} (HTTP ${info.status}): ${info.title ?? action}`);
    this.name = 'GraphApiError';
  }
}

/** The token is refused: sending cannot work until the operator replaces WHATSAPP_CLOUD_TOKEN. */
export class WhatsAppCloudAuthError extends ChannelUnavailableError {
  constructor(info: GraphErrorInfo) {
    super('whatsapp');
    this.name = 'WhatsAppCloudAuthError';
    this.message = `WhatsApp Cloud API refused the access token (error ${info.code ?? info.status}): check WHATSAPP_CLOUD_TOKEN (a system user's permanent token with whatsapp_business_messaging)`;
  }
}

/**
 * A message that may not go out: outside the 24-hour window with no approved template for it
 * (flows/data/whatsapp-templates.yaml), or refused by the API. Retrying would not help; the
 * person's next message reopens the window.
 */
export class MessageUndeliverableError extends Error {
  constructor(
    readonly channel: string,
    readonly reason: string,
  ) {
    super(`message undeliverable on ${channel}: ${reason}`);
    this.name = 'MessageUndeliverableError';
  }
}

/** Seconds from a Retry-After header (seconds or an HTTP date), if any. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
