// The service's one HTTP port: one Hono app served by @hono/node-server. Features register their
// routes (the Telegram webhook, admin pages) before start(); health and metrics too. Admin routes
// need a session opened at /admin/login (admin-auth.ts); /metrics needs `Bearer METRICS_TOKEN`
// when that is set. Every response carries the security headers (security-headers.ts).
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AdminAuth } from './admin-auth.js';
import { AdminSessions, sameSecret } from './admin-sessions.js';
import { isAdminPath, securityHeaders } from './security-headers.js';

export type RouteHandler = (c: Context) => Response | Promise<Response>;

export interface RouteOptions {
  /** Needs an admin session (sign-in at /admin/login). Required for, and only for, paths under /admin/. */
  admin?: boolean;
  /** Needs `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set; never cached. */
  metrics?: boolean;
  /** Health and metrics: served when the port is open, but never a reason to open it. */
  optional?: boolean;
}

interface Route extends Required<RouteOptions> {
  method: string;
  /** Exact path, or a prefix when it ends with "/*". */
  path: string;
  handler: RouteHandler;
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  log: Logger;
  /** Admin sessions and failed sign-ins live in Redis under this prefix. */
  redis: Redis;
  redisPrefix: string;
  /** Unset: admin routes answer 401. */
  adminToken?: string | undefined;
  /** Set: /metrics requires it as a Bearer token. */
  metricsToken?: string | undefined;
}

/** Largest request body accepted (a Telegram update is a few kB). */
const MAX_BODY_BYTES = 1_000_000;

export class HttpServer {
  private readonly routes: Route[] = [];
  private server: Server | undefined;
  private started = false;

  constructor(private readonly opts: HttpServerOptions) {}

  route(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): this {
    if (this.started) throw new Error(`HTTP route ${method} ${path} registered after start(): register routes when the feature is built`);
    // The session cookie is sent under /admin only, and everything there must need a session.
    if ((options.admin ?? false) !== isAdminPath(path)) throw new Error(`HTTP route ${method} ${path}: admin routes (and only they) live under /admin/`);
    this.routes.push({ method: method.toUpperCase(), path, handler, admin: options.admin ?? false, metrics: options.metrics ?? false, optional: options.optional ?? false });
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
    this.started = true;
    const app = this.build();
    // overrideGlobalObjects: false keeps the global Request and Response as Node made them.
    const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false }) as Server;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host ?? '0.0.0.0', () => resolve());
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

  private build(): Hono {
    const log = this.opts.log;
    const app = new Hono();
    app.use(securityHeaders());
    app.use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.text('request body too large', 413) }));
    const auth = new AdminAuth({
      adminToken: this.opts.adminToken,
      sessions: new AdminSessions({ redis: this.opts.redis, prefix: this.opts.redisPrefix }),
      log,
    });
    const adminPages = this.routes.filter((r) => r.admin && r.method === 'GET' && !r.path.endsWith('/*')).map((r) => r.path);
    auth.register(app, () => adminPages);
    for (const route of this.routes) {
      const guards: MiddlewareHandler[] = [];
      if (route.admin) guards.push(auth.guard);
      if (route.metrics) guards.push(this.metricsGuard());
      // Hono runs every handler matching a request in registration order: the guards, then the route.
      for (const guard of guards) app.on(route.method, route.path, guard);
      app.on(route.method, route.path, route.handler);
    }
    app.notFound((c) => c.text('not found', 404));
    app.onError((err, c) => {
      log.error({ err, path: c.req.path }, 'http handler failed');
      return c.text('internal error', 500);
    });
    return app;
  }

  private metricsGuard(): MiddlewareHandler {
    const token = this.opts.metricsToken;
    return async (c, next) => {
      if (token !== undefined) {
        const header = c.req.header('authorization') ?? '';
        if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7), token)) {
          c.header('www-authenticate', 'Bearer');
          c.header('cache-control', 'no-store');
          return c.text('metrics token required', 401);
        }
      }
      await next();
      c.res.headers.set('cache-control', 'no-store');
      return undefined;
    };
  }
}
