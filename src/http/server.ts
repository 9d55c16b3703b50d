// The service's one HTTP port: Telegram webhook, health, metrics and admin pages register
// routes here. Plain node:http; admin routes check ADMIN_TOKEN (Bearer header or ?token=, then a
// cookie that a page's own assets and API calls carry).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

interface Route {
  method: string;
  /** Exact path, or a prefix when it ends with "/*". */
  path: string;
  admin: boolean;
  /** Health and metrics: served when the port is open, but never a reason to open it. */
  optional: boolean;
  handler: RouteHandler;
}

export class HttpServer {
  private readonly routes: Route[] = [];
  private server: Server | undefined;

  constructor(
    private readonly opts: { port: number; host?: string; adminToken?: string; log: Logger },
  ) {}

  route(method: string, path: string, handler: RouteHandler, options: { admin?: boolean; optional?: boolean } = {}): this {
    this.routes.push({ method: method.toUpperCase(), path, admin: options.admin ?? false, optional: options.optional ?? false, handler });
    return this;
  }

  /** True when a feature needs the port (a webhook, an admin page). */
  get hasRoutes(): boolean {
    return this.routes.some((r) => !r.optional);
  }

  /** The port actually listened on (useful with port 0 in tests). */
  get port(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : this.opts.port;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.opts.port, this.opts.host ?? '0.0.0.0', () => resolve());
    });
    this.opts.log.info({ port: this.port }, 'http server listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // Idle keep-alive connections (a webhook client) would hold close() open: end them first.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    server.closeAllConnections();
    await closed;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = this.routes.find(
      (r) => r.method === req.method && (r.path === url.pathname || (r.path.endsWith('/*') && url.pathname.startsWith(r.path.slice(0, -1)))),
    );
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.admin) {
      const access = this.adminAccess(req, url);
      if (!access) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('admin token required');
        return;
      }
      // A dashboard's scripts, styles and API calls carry no token: after one authorised visit
      // a cookie scoped to /admin does (HttpOnly: no script reads it; Strict: no other site sends it).
      if (access === 'token') res.setHeader('set-cookie', this.adminCookie(req));
    }
    try {
      await route.handler(req, res, url);
    } catch (err) {
      this.opts.log.error({ err, path: url.pathname }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    }
  }

  private adminAccess(req: IncomingMessage, url: URL): 'token' | 'cookie' | undefined {
    const expected = this.opts.adminToken;
    if (!expected) return undefined; // no token configured: admin routes stay closed
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('token') ?? '');
    if (sameSecret(given, expected)) return 'token';
    const cookie = readCookie(req.headers.cookie, ADMIN_COOKIE);
    return cookie !== undefined && sameSecret(cookie, adminCookieValue(expected)) ? 'cookie' : undefined;
  }

  private adminCookie(req: IncomingMessage): string {
    const value = adminCookieValue(this.opts.adminToken ?? '');
    const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
    return `${ADMIN_COOKIE}=${value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${ADMIN_COOKIE_SECONDS}${secure}`;
  }
}

const ADMIN_COOKIE = 'passerelle_admin';
const ADMIN_COOKIE_SECONDS = 12 * 3600;

/** Derived from ADMIN_TOKEN (so the cookie is not the token itself); changes when the token does. */
export function adminCookieValue(adminToken: string): string {
  return createHmac('sha256', adminToken).update('passerelle admin cookie').digest('base64url');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** Reads a request body (bounded, so a client cannot exhaust memory). */
export async function readBody(req: IncomingMessage, limitBytes = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
