// A local HTTP server speaking the Telegram Bot API, for tests and benchmarks that run grammY's real client
// against it: `new Bot(server.token, { client: { apiRoot: server.apiRoot } })`.
// The pieces live in ./bot-api/: per-token state, methods, simulated users, webhook delivery, faults.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotState, botIdFromToken } from './bot-api/bot-state.js';
import { type ApiResponse, ApiError, methodNotFound } from './bot-api/errors.js';
import { faultError } from './bot-api/faults.js';
import { BotHandle } from './bot-api/handle.js';
import { readParams, type UploadedFile } from './bot-api/http-body.js';
import { findMethod } from './bot-api/methods.js';
import type { Params } from './bot-api/params.js';
import type { RecordedCall } from './bot-api/recorder.js';
import { findUploadMethod } from './bot-api/uploads.js';

export type { CallbackQueryState } from './bot-api/bot-state.js';
export type { ChatType, MemberStatus } from './bot-api/chats.js';
export type { ApiResponse } from './bot-api/errors.js';
export type { Fault } from './bot-api/faults.js';
export type { CallWaitOptions, SentMatcher, SentQuery, SupergroupOptions, WaitOptions } from './bot-api/handle.js';
export { BotHandle } from './bot-api/handle.js';
export type { RecordedCall, SentMessage } from './bot-api/recorder.js';
export type {
  CallbackQueryUpdate,
  MediaKind,
  MessageUpdate,
  PressOptions,
  SimUser,
  UserMessageOptions,
} from './bot-api/users.js';
export { DEFAULT_GROUP_ID, DEFAULT_SUPERGROUP_ID } from './bot-api/users.js';

/** The default token; its bot is @test_bot with id 123456789. */
export const TEST_TOKEN = '123456789:TEST-token-for-the-local-bot-api-server';

export interface BotApiServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Token of the bot the server's own helpers act on (default TEST_TOKEN). */
  token?: string;
  /** Username of that bot (default 'test_bot'); other tokens get test_<id>_bot. */
  username?: string;
  /** Pause before retrying a failed webhook delivery (default 100 ms; Telegram waits much longer). */
  webhookRetryMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class BotApiServer extends BotHandle {
  private globalDelayMs = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly http: Server,
    readonly port: number,
    private readonly bots: Map<string, BotState>,
    defaultBot: BotState,
    private readonly options: BotApiServerOptions,
  ) {
    super(defaultBot, () => [...bots.keys()].filter((t) => t !== defaultBot.token && bots.get(t)?.recorder.calls().length));
  }

  /** Use as grammY's `client.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(options: BotApiServerOptions = {}): Promise<BotApiServer> {
    const bots = new Map<string, BotState>();
    const http = createServer();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    const { port } = http.address() as AddressInfo; // always an AddressInfo for a TCP listener
    const token = options.token ?? TEST_TOKEN;
    // The default bot exists before any request, so tests can queue updates before the bot starts.
    let server: BotApiServer | undefined;
    const defaultBot = new BotState(
      token,
      options.username ?? 'test_bot',
      (call) => server?.webhookReply(defaultBot, call) ?? Promise.resolve(),
      options.webhookRetryMs ?? 100,
    );
    bots.set(token, defaultBot);
    const started = new BotApiServer(http, port, bots, defaultBot, options);
    server = started;
    http.on('request', (req, res) => void started.onRequest(req, res));
    return started;
  }

  /** The handle of another token (created on first use; each token has its own chats and updates). */
  bot(token: string): BotHandle {
    return new BotHandle(this.botState(token), () => [...this.bots.keys()].filter((t) => t !== token));
  }

  /** Tokens that have state on this server. */
  tokens(): string[] {
    return [...this.bots.keys()];
  }

  /** Every call from every token. */
  allCalls(method?: string): RecordedCall[] {
    return [...this.bots.values()].flatMap((b) => b.recorder.calls(method)).sort((a, b) => a.at - b.at);
  }

  /** Delays every answer by `ms` (0 turns it off). */
  setGlobalDelay(ms: number): void {
    this.globalDelayMs = Math.max(0, ms);
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const bot of this.bots.values()) bot.close();
      this.http.close(() => resolve());
      // Keep-alive sockets (grammY's agent keeps them) and held long polls would keep close() waiting.
      this.http.closeAllConnections();
    });
    return this.closing;
  }

  private botState(token: string): BotState {
    let bot = this.bots.get(token);
    if (bot === undefined) {
      const created: BotState = new BotState(
        token,
        `test_${botIdFromToken(token)}_bot`,
        (call) => this.webhookReply(created, call),
        this.options.webhookRetryMs ?? 100,
      );
      bot = created;
      this.bots.set(token, bot);
    }
    return bot;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // A file's bytes, at the path getFile gave: /file/bot<token>/<path>.
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (download?.[1] !== undefined && download[2] !== undefined) {
        req.resume();
        serveFile(res, this.bots.get(decodeURIComponent(download[1]))?.files.atPath(decodeURIComponent(download[2]))?.bytes());
        return;
      }
      // grammY's shape: /bot<token>/<method>, or /bot<token>/test/<method> for the test environment.
      const route = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z_]+)\/?$/.exec(url.pathname);
      const token = route?.[1];
      const method = route?.[2];
      if (token === undefined || method === undefined) {
        req.resume();
        reply(res, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      const bot = this.botState(decodeURIComponent(token));
      // A client that gives up (aborted long poll, bot.stop()) must not keep a waiter alive.
      const gone = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) gone.abort();
      });
      let params: Params;
      let files: UploadedFile[];
      try {
        ({ params, files } = await readParams(req, url));
      } catch (error) {
        const invalid: ApiResponse = { ok: false, error_code: 400, description: 'Bad Request: invalid request body' };
        reply(res, error instanceof ApiError ? error.toResponse() : invalid);
        return;
      }
      const { call, response } = await this.execute(bot, method, params, 'http', gone.signal, () => req.socket.destroy(), files);
      if (gone.signal.aborted) call.clientGone = true;
      if (response !== undefined) reply(res, response);
    } catch (error) {
      const description = `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`;
      if (!res.headersSent) reply(res, { ok: false, error_code: 500, description });
    }
  }

  /** Runs one call: global delay, injected fault, then the method. No response when the connection was dropped. */
  private async execute(
    bot: BotState,
    requested: string,
    params: Params,
    source: RecordedCall['source'],
    signal: AbortSignal,
    disconnect: () => void,
    files: readonly UploadedFile[] = [],
  ): Promise<{ call: RecordedCall; response: ApiResponse | undefined }> {
    const upload = findUploadMethod(requested);
    const resolved = findMethod(requested) ?? (upload && { name: upload.name, handler: (b: BotState, p: Params) => upload.handler(b, p, files) });
    const call: RecordedCall = { token: bot.token, method: resolved?.name ?? requested, params, at: Date.now(), source };
    bot.recorder.addCall(call);

    if (this.globalDelayMs > 0) await sleep(this.globalDelayMs);
    const fault = bot.faults.take(call.method);
    if (fault?.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault?.disconnect === true) {
      disconnect();
      call.clientGone = true;
      bot.recorder.changed();
      return { call, response: undefined };
    }
    let response: ApiResponse;
    const injected = fault === undefined ? undefined : faultError(fault);
    if (injected !== undefined) response = injected.toResponse();
    else if (resolved === undefined) response = methodNotFound().toResponse();
    else {
      try {
        response = { ok: true, result: await resolved.handler(bot, params, signal) };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        response = error.toResponse();
      }
    }
    bot.recorder.answerCall(call, response);
    return { call, response };
  }

  /** Telegram runs a method named in a webhook response body as if the bot had called it. */
  private async webhookReply(bot: BotState, body: Record<string, unknown>): Promise<void> {
    const { method, ...params } = body;
    if (typeof method !== 'string') return;
    await this.execute(bot, method, params, 'webhook-reply', new AbortController().signal, () => undefined);
  }
}

/** A file download: the bytes, or 404 as Telegram answers for an unknown path. */
function serveFile(res: ServerResponse, bytes: Buffer | undefined): void {
  if (bytes === undefined) {
    reply(res, { ok: false, error_code: 404, description: 'Not Found' });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
  res.end(bytes);
}

function reply(res: ServerResponse, response: ApiResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const body = JSON.stringify(response);
  res.writeHead(response.ok ? 200 : response.error_code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Starts a server on 127.0.0.1; `await server.close()` when done (after stopping the bots using it). */
export function startBotApiServer(options: BotApiServerOptions = {}): Promise<BotApiServer> {
  return BotApiServer.start(options);
}
