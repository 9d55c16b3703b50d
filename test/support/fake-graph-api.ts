// A local stand-in for Meta's side of the WhatsApp Business Cloud API (Graph API), on a real HTTP port,
// so the cloud adapter is tested through plain fetch and its real webhook route, never a mock.
// Modelled on Meta's published reference (messages, media, webhooks, error codes):
//  - POST /{version}/{phone-number-id}/messages: text, interactive (button, list), template, image,
//    audio, document (media by id or link), and the read/typing form; Bearer token (190 otherwise);
//    parameters validated like Meta (error 100); answer {messaging_product, contacts, messages:[{id}]};
//  - the 24-hour customer-service window: a non-template message to someone whose last message is older
//    than 24 h (or who never wrote) is accepted, then a `failed` status webhook with error 131047 comes
//    back, which is how Meta documents it (windowMode 'sync' answers 400 at once instead);
//  - throughput: `rate` messages per second (token bucket); above it error 130429 (HTTP status
//    configurable: Meta's table lists 400, many proxies answer 429);
//  - media: POST /{version}/{phone-number-id}/media (multipart), GET /{version}/{media-id}, GET the url;
//  - webhooks signed `X-Hub-Signature-256: sha256=<HMAC-SHA256(raw body, app secret)>`.
// Not modelled (cannot be checked without Meta's servers): template approval and quality rating,
// conversation pricing, messaging limit tiers per 24 h, the 30 s webhook retries with backoff.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface FakeGraphApiOptions {
  token?: string;
  appSecret?: string;
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  businessAccountId?: string;
  /** The app's webhook URL; may be set later with setWebhook(). */
  webhookUrl?: string;
  /** Messages per second accepted on the number (0: no limit). */
  rate?: number;
  rateLimitHttpStatus?: number;
  /** How a free-form message outside the 24-hour window fails: failed status webhook (Meta) or at once. */
  windowMode?: 'status' | 'sync';
  /** Send sent/delivered status webhooks for each accepted message (default true). */
  autoStatuses?: boolean;
  /**
   * Approved templates: name → languages, number of body parameters and, per language, the texts of
   * its quick-reply buttons. Unset: any template accepted.
   */
  templates?: Record<string, { languages: string[]; bodyParams: number; quickReplies?: Record<string, string[]> }>;
}

/** A message the fake accepted and delivered to the person. */
export interface SentMessage {
  id: string;
  to: string;
  type: string;
  /** The request body as sent by the app. */
  body: Record<string, unknown>;
  /** What the person reads: text body, interactive body text, template name and parameters, caption. */
  text: string;
  /** Button/list reply ids offered, in order. */
  choices: { id: string; title: string }[];
  at: number;
}

export interface FailedMessage {
  id: string;
  to: string;
  code: number;
  body: Record<string, unknown>;
}

interface StoredMedia {
  id: string;
  bytes: Buffer;
  mimeType: string;
  sha256: string;
  filename?: string;
}

interface ApiError {
  http: number;
  code: number;
  message: string;
  type?: string;
  details?: string;
}

class GraphError extends Error {
  constructor(readonly e: ApiError) {
    super(e.message);
  }
}

const TITLES: Record<number, string> = {
  1: 'An unknown error occurred',
  2: 'Service temporarily unavailable',
  100: 'Invalid parameter',
  131000: 'Something went wrong',
  131026: 'Message Undeliverable.',
  131047: 'Re-engagement message',
  130429: 'Rate limit hit',
  131053: 'Media upload error',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
  131009: 'Parameter value is not valid',
};

const WINDOW_DETAILS = 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';

function newWamid(): string {
  return `wamid.${randomBytes(24).toString('base64url')}`;
}

function invalid(path: string, rule: string): GraphError {
  return new GraphError({ http: 400, code: 100, message: `(#100) Param ${path} ${rule}`, details: `${path} ${rule}` });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function need(v: unknown, path: string, max: number): string {
  const s = str(v);
  if (s === undefined || s.length === 0) throw invalid(path, 'is required.');
  if ([...s].length > max) throw invalid(path, `must be at most ${max} characters long.`);
  return s;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function signBody(raw: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

export type FakeGraphApi = Awaited<ReturnType<typeof startFakeGraphApi>>;

export async function startFakeGraphApi(options: FakeGraphApiOptions = {}) {
  const token = options.token ?? 'test-token';
  const appSecret = options.appSecret ?? 'test-app-secret';
  const phoneNumberId = options.phoneNumberId ?? '100000000000001';
  const display = options.displayPhoneNumber ?? '33700000000';
  const wabaId = options.businessAccountId ?? '200000000000002';
  const windowMode = options.windowMode ?? 'status';
  const autoStatuses = options.autoStatuses ?? true;
  let rateLimitHttp = options.rateLimitHttpStatus ?? 400;
  let webhookUrl = options.webhookUrl;
  let offset = 0;
  const now = (): number => Date.now() + offset;

  const sent: SentMessage[] = [];
  const failed: FailedMessage[] = [];
  const lastInbound = new Map<string, number>();
  const media = new Map<string, StoredMedia>();
  const reads: { messageId: string; typing: boolean }[] = [];
  const webhookResults: { status: number; body: unknown }[] = [];
  const failQueue: { code: number; how: 'sync' | 'status' }[] = [];
  const waiters = new Set<() => void>();
  const pending = new Set<Promise<unknown>>();
  let rejectedForRate = 0;
  let mediaCount = 0;
  let inboundChain: Promise<unknown> = Promise.resolve();
  let requests = 0;

  // Token bucket: `rate` tokens per second, burst of `rate`.
  let rate = options.rate ?? 0;
  let tokens = rate;
  let refilledAt = Date.now();
  function takeToken(): boolean {
    if (rate <= 0) return true;
    const t = Date.now();
    tokens = Math.min(rate, tokens + ((t - refilledAt) / 1000) * rate);
    refilledAt = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  const notify = (): void => {
    for (const w of waiters) w();
  };

  function envelope(value: Record<string, unknown>): Record<string, unknown> {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: wabaId,
          changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: phoneNumberId }, ...value } }],
        },
      ],
    };
  }

  /** POSTs a webhook to the app as Meta does; `signature` overrides the header (bad-signature tests). */
  async function postWebhook(payload: unknown, opts: { signature?: string | null } = {}): Promise<{ status: number; text: string }> {
    if (!webhookUrl) throw new Error('fake Graph API: no webhook URL set');
    const raw = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const sig = opts.signature === undefined ? signBody(raw, appSecret) : opts.signature;
    if (sig !== null) headers['x-hub-signature-256'] = sig;
    const res = await fetch(webhookUrl, { method: 'POST', headers, body: raw });
    const text = await res.text();
    webhookResults.push({ status: res.status, body: payload });
    return { status: res.status, text };
  }

  function track<T>(p: Promise<T>): Promise<T> {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => undefined);
    return p;
  }

  function statusPayload(id: string, status: string, to: string, errorCode?: number): Record<string, unknown> {
    const s: Record<string, unknown> = { id, status, timestamp: String(Math.floor(now() / 1000)), recipient_id: to };
    if (errorCode !== undefined) {
      s.errors = [
        {
          code: errorCode,
          title: TITLES[errorCode] ?? 'Error',
          message: TITLES[errorCode] ?? 'Error',
          error_data: { details: errorCode === 131047 ? WINDOW_DETAILS : (TITLES[errorCode] ?? 'Error') },
        },
      ];
    }
    return envelope({ statuses: [s] });
  }

  /** Status webhooks in order, after the HTTP answer has left (as Meta's come later). */
  function sendStatuses(id: string, to: string, statuses: string[], errorCode?: number): void {
    if (!webhookUrl) return;
    track(
      (async () => {
        await new Promise((r) => setTimeout(r, 5));
        for (const st of statuses) await postWebhook(statusPayload(id, st, to, st === 'failed' ? errorCode : undefined)).catch(() => undefined);
      })(),
    );
  }

  function inWindow(waId: string): boolean {
    const last = lastInbound.get(waId);
    return last !== undefined && now() - last < DAY_MS;
  }

  /** Validates a send request like Meta; returns what the person would see. */
  function validate(body: Record<string, unknown>): Omit<SentMessage, 'id' | 'at'> {
    if (body.messaging_product !== 'whatsapp') throw invalid('messaging_product', "must be 'whatsapp'.");
    const to = need(body.to, 'to', 32);
    const type = str(body.type) ?? 'text';
    const base = { to: to.replace(/\D/g, ''), type, body, choices: [] as { id: string; title: string }[] };
    if (type === 'text') {
      const text = obj(body.text);
      return { ...base, text: need(text?.body, "text['body']", 4096) };
    }
    if (type === 'interactive') {
      const it = obj(body.interactive);
      if (!it) throw invalid('interactive', 'is required.');
      const bodyText = need(obj(it.body)?.text, "interactive['body']['text']", 1024);
      const action = obj(it.action);
      if (it.type === 'button') {
        const buttons = action?.buttons;
        if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) throw invalid("interactive['action']['buttons']", 'must have between 1 and 3 elements.');
        const choices = buttons.map((b, i) => {
          const reply = obj(obj(b)?.reply);
          if (obj(b)?.type !== 'reply') throw invalid(`interactive['action']['buttons'][${i}]['type']`, "must be 'reply'.");
          return {
            id: need(reply?.id, `interactive['action']['buttons'][${i}]['reply']['id']`, 256),
            title: need(reply?.title, `interactive['action']['buttons'][${i}]['reply']['title']`, 20),
          };
        });
        if (new Set(choices.map((c) => c.title)).size !== choices.length) throw invalid("interactive['action']['buttons']", 'must have unique titles.');
        if (new Set(choices.map((c) => c.id)).size !== choices.length) throw invalid("interactive['action']['buttons']", 'must have unique ids.');
        return { ...base, text: bodyText, choices };
      }
      if (it.type === 'list') {
        need(action?.button, "interactive['action']['button']", 20);
        const sections = action?.sections;
        if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) throw invalid("interactive['action']['sections']", 'must have between 1 and 10 elements.');
        const choices: { id: string; title: string }[] = [];
        sections.forEach((s, si) => {
          if (sections.length > 1) need(obj(s)?.title, `interactive['action']['sections'][${si}]['title']`, 24);
          const rows = obj(s)?.rows;
          if (!Array.isArray(rows) || rows.length < 1) throw invalid(`interactive['action']['sections'][${si}]['rows']`, 'must have at least 1 element.');
          rows.forEach((r, ri) => {
            const p = `interactive['action']['sections'][${si}]['rows'][${ri}]`;
            const row = obj(r);
            const desc = str(row?.description);
            if (desc !== undefined && [...desc].length > 72) throw invalid(`${p}['description']`, 'must be at most 72 characters long.');
            choices.push({ id: need(row?.id, `${p}['id']`, 200), title: need(row?.title, `${p}['title']`, 24) });
          });
        });
        if (choices.length > 10) throw invalid("interactive['action']['sections']", 'must have at most 10 rows in total.');
        if (new Set(choices.map((c) => c.id)).size !== choices.length) throw invalid("interactive['action']['sections']", 'must have unique row ids.');
        return { ...base, text: bodyText, choices };
      }
      throw invalid("interactive['type']", 'is invalid.');
    }
    if (type === 'template') {
      const t = obj(body.template);
      const name = need(t?.name, "template['name']", 512);
      const lang = need(obj(t?.language)?.code, "template['language']['code']", 15);
      const comps = Array.isArray(t?.components) ? (t.components as unknown[]) : [];
      const params = comps
        .filter((c) => obj(c)?.type === 'body')
        .flatMap((c) => (Array.isArray(obj(c)?.parameters) ? (obj(c)?.parameters as unknown[]) : []))
        .map((p) => str(obj(p)?.text) ?? '');
      const known = options.templates?.[name];
      if (options.templates && (!known || !known.languages.includes(lang))) {
        throw new GraphError({ http: 404, code: 132001, message: `(#132001) ${TITLES[132001]}`, details: `template name (${name}) does not exist in ${lang}` });
      }
      if (known && known.bodyParams !== params.length) {
        throw new GraphError({ http: 400, code: 132000, message: `(#132000) ${TITLES[132000]}`, details: `body: number of localizable_params (${params.length}) does not match the expected number of params (${known.bodyParams})` });
      }
      // Quick-reply buttons: the person sees the approved texts; a payload we are given comes back
      // when one is tapped, otherwise the button's text does.
      const titles = known ? (known.quickReplies?.[lang] ?? []) : undefined;
      const payloads = new Map<number, string>();
      for (const c of comps.filter((c) => obj(c)?.type === 'button')) {
        const b = obj(c);
        const index = Number(str(b?.index) ?? NaN);
        const param = obj(Array.isArray(b?.parameters) ? (b.parameters as unknown[])[0] : undefined);
        const payload = str(param?.payload);
        const bad = (details: string) => new GraphError({ http: 400, code: 131009, message: `(#131009) ${TITLES[131009]}`, details });
        if (b?.sub_type !== 'quick_reply') throw bad(`button sub_type (${String(b?.sub_type)}) is not quick_reply`);
        if (!Number.isInteger(index) || index < 0 || (titles !== undefined && index >= titles.length)) throw bad(`button at index ${String(b?.index)} does not exist in the template`);
        if (param?.type !== 'payload' || payload === undefined || payload.length === 0 || payload.length > 128) throw bad(`button ${index}: a quick reply takes one payload parameter of 1 to 128 characters`);
        if (payloads.has(index)) throw bad(`button ${index} given twice`);
        payloads.set(index, payload);
      }
      const buttons = titles ?? [...payloads.keys()].sort((a, b) => a - b).map((i) => `button ${i}`);
      const choices = buttons.map((title, i) => ({ id: payloads.get(i) ?? title, title }));
      return { ...base, text: [name, ...params].join(' | '), choices };
    }
    if (type === 'image' || type === 'audio' || type === 'document') {
      const m = obj(body[type]);
      const id = str(m?.id);
      const link = str(m?.link);
      if (!id && !link) throw invalid(`${type}`, "must have 'id' or 'link'.");
      if (id && !media.has(id)) throw new GraphError({ http: 400, code: 131053, message: `(#131053) ${TITLES[131053]}`, details: `media id ${id} not found` });
      if (type === 'audio' && m?.caption !== undefined) throw invalid("audio['caption']", 'is not allowed.');
      const caption = str(m?.caption);
      if (caption !== undefined && [...caption].length > 1024) throw invalid(`${type}['caption']`, 'must be at most 1024 characters long.');
      return { ...base, text: caption ?? '' };
    }
    throw invalid('type', `(${type}) is not supported.`);
  }

  function handleSend(body: Record<string, unknown>): Record<string, unknown> {
    // Read receipt / typing indicator form.
    if (body.status === 'read') {
      if (body.messaging_product !== 'whatsapp') throw invalid('messaging_product', "must be 'whatsapp'.");
      const messageId = need(body.message_id, 'message_id', 512);
      const typing = obj(body.typing_indicator);
      if (typing && typing.type !== 'text') throw invalid("typing_indicator['type']", "must be 'text'.");
      reads.push({ messageId, typing: typing !== undefined });
      return { success: true };
    }
    const forced = failQueue.shift();
    if (forced?.how === 'sync') {
      const c = forced.code;
      if (c >= 500 && c < 600) throw new GraphError({ http: c, code: c === 503 ? 2 : 1, message: TITLES[c === 503 ? 2 : 1]!, type: 'OAuthException' });
      if (c === 130429) throw new GraphError({ http: rateLimitHttp, code: c, message: `(#130429) ${TITLES[c]}`, details: 'Cloud API message throughput has been reached.' });
      throw new GraphError({ http: 400, code: c, message: `(#${c}) ${TITLES[c] ?? 'Error'}`, details: TITLES[c] ?? 'Error' });
    }
    if (!takeToken()) {
      rejectedForRate++;
      throw new GraphError({ http: rateLimitHttp, code: 130429, message: `(#130429) ${TITLES[130429]}`, details: 'Cloud API message throughput has been reached.' });
    }
    const msg = validate(body);
    const id = newWamid();
    const answer = { messaging_product: 'whatsapp', contacts: [{ input: String(body.to), wa_id: msg.to }], messages: [{ id }] };
    const outside = msg.type !== 'template' && !inWindow(msg.to);
    if (outside && windowMode === 'sync') {
      throw new GraphError({ http: 400, code: 131047, message: `(#131047) ${TITLES[131047]}`, details: WINDOW_DETAILS });
    }
    const failCode = forced?.how === 'status' ? forced.code : outside ? 131047 : undefined;
    if (failCode !== undefined) {
      failed.push({ id, to: msg.to, code: failCode, body });
      sendStatuses(id, msg.to, ['failed'], failCode);
      return answer;
    }
    sent.push({ ...msg, id, at: now() });
    notify();
    if (autoStatuses) sendStatuses(id, msg.to, ['sent', 'delivered']);
    return answer;
  }

  async function handleUpload(req: IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: raw }).formData();
    if (form.get('messaging_product') !== 'whatsapp') throw invalid('messaging_product', "must be 'whatsapp'.");
    const file = form.get('file');
    if (!file || typeof file === 'string') throw invalid('file', 'is required.');
    const bytes = Buffer.from(await file.arrayBuffer());
    const mimeType = String(form.get('type') ?? file.type ?? 'application/octet-stream');
    return { id: storeMedia(bytes, mimeType, file.name) };
  }

  function storeMedia(bytes: Buffer, mimeType: string, filename?: string): string {
    const id = String(1_000_000_000_000 + ++mediaCount);
    media.set(id, { id, bytes, mimeType, sha256: createHash('sha256').update(bytes).digest('hex'), filename });
    return id;
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  function sendError(res: ServerResponse, e: ApiError): void {
    send(res, e.http, {
      error: {
        message: e.message,
        type: e.type ?? 'OAuthException',
        code: e.code,
        ...(e.details ? { error_data: { messaging_product: 'whatsapp', details: e.details } } : {}),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    });
  }

  const server = createServer((req, res) => {
    void (async () => {
      requests++;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      try {
        if (req.headers.authorization !== `Bearer ${token}`) {
          throw new GraphError({ http: 401, code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
        }
        const dl = /^\/media-download\/(\d+)$/.exec(url.pathname);
        if (dl && req.method === 'GET') {
          const m = media.get(dl[1]!);
          if (!m) return void send(res, 404, { error: 'not found' });
          res.writeHead(200, { 'content-type': m.mimeType, 'content-length': String(m.bytes.length) });
          return void res.end(m.bytes);
        }
        const p = /^\/(v\d+\.\d+)\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
        if (!p) throw new GraphError({ http: 400, code: 2500, message: 'Unknown path components' });
        const [, , node, edge] = p;
        if (edge && node !== phoneNumberId) throw new GraphError({ http: 400, code: 100, message: `(#100) Unsupported post request. Object with ID '${node}' does not exist` });
        if (edge === 'messages' && req.method === 'POST') {
          let body: Record<string, unknown>;
          try {
            body = obj(JSON.parse(raw.toString('utf8'))) ?? {};
          } catch {
            throw invalid('body', 'must be JSON.');
          }
          return void send(res, 200, handleSend(body));
        }
        if (edge === 'media' && req.method === 'POST') return void send(res, 200, await handleUpload(req, raw));
        if (!edge && req.method === 'GET') {
          const m = media.get(node!);
          if (!m) throw new GraphError({ http: 400, code: 100, message: `(#100) Unsupported get request. Object with ID '${node}' does not exist` });
          return void send(res, 200, { messaging_product: 'whatsapp', url: `${root}/media-download/${m.id}`, mime_type: m.mimeType, sha256: m.sha256, file_size: m.bytes.length, id: m.id });
        }
        throw new GraphError({ http: 400, code: 100, message: '(#100) Unsupported request' });
      } catch (e) {
        if (e instanceof GraphError) return void sendError(res, e.e);
        send(res, 500, { error: { message: String(e), type: 'OAuthException', code: 1 } });
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** A person's message reaches Meta: it opens the window, then goes to the app's webhook. */
  async function inbound(waId: string, message: Record<string, unknown>, name = 'Test', toPhoneNumberId = phoneNumberId): Promise<{ id: string; status: number; payload: Record<string, unknown> }> {
    const id = newWamid();
    if (toPhoneNumberId === phoneNumberId) lastInbound.set(waId, now());
    const payload = envelope({
      contacts: [{ profile: { name }, wa_id: waId }],
      messages: [{ from: waId, id, timestamp: String(Math.floor(now() / 1000)), ...message }],
    });
    if (toPhoneNumberId !== phoneNumberId) withMetadata(payload, toPhoneNumberId);
    // One at a time, in the order people sent them (tests fire several without waiting).
    const posted = inboundChain.then(() => postWebhook(payload));
    inboundChain = posted.catch(() => undefined);
    const { status } = await posted;
    return { id, status, payload };
  }

  function withMetadata(payload: Record<string, unknown>, id: string): Record<string, unknown> {
    const entry = (payload.entry as { changes: { value: { metadata: Record<string, string> } }[] }[])[0]!;
    entry.changes[0]!.value.metadata.phone_number_id = id;
    return payload;
  }

  function sentTo(waId: string): SentMessage[] {
    return sent.filter((s) => s.to === waId);
  }

  return {
    url: root,
    token,
    appSecret,
    phoneNumberId,
    version: 'v21.0',
    sent,
    failed,
    reads,
    media,
    webhookResults,
    get rejectedForRate() {
      return rejectedForRate;
    },
    get requests() {
      return requests;
    },
    setWebhook(url: string): void {
      webhookUrl = url;
    },
    now,
    /** Moves the fake's clock (the 24-hour window, timestamps). */
    advance(ms: number): void {
      offset += ms;
    },
    lastInbound: (waId: string): number | undefined => lastInbound.get(waId),
    /** As if the person had just written (no webhook): opens Meta's side of the window. */
    openWindow(waId: string): void {
      lastInbound.set(waId, now());
    },
    setRate(n: number): void {
      rate = n;
      tokens = n;
      refilledAt = Date.now();
    },
    setRateLimitHttpStatus(s: number): void {
      rateLimitHttp = s;
    },
    /** The next send fails with `code` (Meta code, or an HTTP 5xx status). 131026 fails by status webhook. */
    failNext(code: number, how: 'sync' | 'status' = code === 131026 ? 'status' : 'sync'): void {
      failQueue.push({ code, how });
    },
    postWebhook,
    signBody: (raw: string | Buffer) => signBody(raw, appSecret),
    /** Any message object (Meta's `messages[]` shape minus from/id/timestamp). */
    userSends: (waId: string, message: Record<string, unknown>) => inbound(waId, message),
    /** A message to another number of the same Meta app: the adapter must leave it alone. */
    otherNumberMessage: (waId: string, text: string) => inbound(waId, { type: 'text', text: { body: text } }, 'Test', '100000000000999'),
    userSendsSticker(waId: string) {
      const id = storeMedia(Buffer.from('RIFF webp'), 'image/webp');
      return inbound(waId, { type: 'sticker', sticker: { mime_type: 'image/webp', sha256: media.get(id)!.sha256, id, animated: false } });
    },
    userSendsLocation: (waId: string) => inbound(waId, { type: 'location', location: { latitude: 50.6292, longitude: 3.0573, name: 'Lille' } }),
    userSendsText: (waId: string, text: string, name?: string) => inbound(waId, { type: 'text', text: { body: text } }, name),
    /** The person taps a reply button (`kind: 'button'`) or picks a list row. */
    userChooses(waId: string, replyId: string, title: string, kind: 'button' | 'list' = 'button', context?: string) {
      const reply = kind === 'button' ? { type: 'button_reply', button_reply: { id: replyId, title } } : { type: 'list_reply', list_reply: { id: replyId, title } };
      return inbound(waId, { type: 'interactive', interactive: reply, ...(context ? { context: { from: display, id: context } } : {}) });
    },
    /** The person taps a quick-reply button of a template: Meta sends type 'button' with its payload. */
    userTapsTemplateButton: (waId: string, payload: string, text: string, context?: string) =>
      inbound(waId, { type: 'button', button: { payload, text }, ...(context ? { context: { from: display, id: context } } : {}) }),
    userSendsVoice(waId: string, bytes: Buffer) {
      const id = storeMedia(bytes, 'audio/ogg; codecs=opus');
      const m = media.get(id)!;
      return inbound(waId, { type: 'audio', audio: { mime_type: m.mimeType, sha256: m.sha256, id, voice: true } });
    },
    userSendsImage(waId: string, bytes: Buffer, caption?: string) {
      const id = storeMedia(bytes, 'image/jpeg');
      const m = media.get(id)!;
      return inbound(waId, { type: 'image', image: { mime_type: m.mimeType, sha256: m.sha256, id, ...(caption ? { caption } : {}) } });
    },
    userSendsDocument(waId: string, bytes: Buffer, filename: string, mimeType = 'application/pdf', caption?: string) {
      const id = storeMedia(bytes, mimeType, filename);
      const m = media.get(id)!;
      return inbound(waId, { type: 'document', document: { filename, mime_type: mimeType, sha256: m.sha256, id, ...(caption ? { caption } : {}) } });
    },
    /** The bytes of a file uploaded to (or stored by) the fake, by media id. */
    mediaBytes: (id: string): Buffer | undefined => media.get(id)?.bytes,
    /** The person reads a message the app sent: a `read` status webhook. */
    userReads: (waId: string, messageId: string) => postWebhook(statusPayload(messageId, 'read', waId)),
    sentTo,
    async waitForSent(waId: string, n: number, timeoutMs = 10_000): Promise<SentMessage[]> {
      const deadline = Date.now() + timeoutMs;
      while (sentTo(waId).length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`fake Graph API: ${sentTo(waId).length}/${n} messages to ${waId} after ${timeoutMs} ms`);
        await new Promise<void>((r) => {
          const w = (): void => {
            waiters.delete(w);
            clearTimeout(t);
            r();
          };
          const t = setTimeout(w, Math.min(left, 200));
          waiters.add(w);
        });
      }
      return sentTo(waId);
    },
    /** Resolves when every status webhook in flight has been delivered. */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async close(): Promise<void> {
      await this.idle();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
