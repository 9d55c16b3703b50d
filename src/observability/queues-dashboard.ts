// Bull Board (the BullMQ dashboard) at /admin/queues, behind the admin session like every admin
// route (sign in at /admin/login). Features add their queues with `queuesDashboard(http).add(queue)`.
// The board is read-only: a removed or promoted job would lose or advance someone's reminder.
// Bull Board is a small Hono app of its own (@bull-board/hono), loaded on the first request so a
// start without anyone opening the page does not pay for it; the service's app passes it the
// requests under /admin/queues. Its page asks for Google Fonts: that link is taken out (the admin
// CSP allows no outside host, and the board reads fine in the browser's own sans-serif).
import type { Queue } from 'bullmq';
import type { Context } from 'hono';
import type { HttpServer } from '../http/server.js';

export const QUEUES_PATH = '/admin/queues';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface Board {
  fetch(request: Request, env: unknown): Response | Promise<Response>;
  addQueue(queue: Queue): void;
}

export class QueuesDashboard {
  private readonly queues: Queue[] = [];
  private board: Promise<Board> | undefined;

  /** Shows a queue on the board (read-only). */
  add(queue: Queue): void {
    if (this.queues.includes(queue)) return;
    this.queues.push(queue);
    void this.board?.then((b) => b.addQueue(queue));
  }

  /** Answers a request under /admin/queues (the board is built once). */
  async handle(c: Context): Promise<Response> {
    this.board ??= buildBoard(this.queues).catch((err: unknown) => {
      this.board = undefined; // a failed load is retried on the next request
      throw err;
    });
    const response = await (await this.board).fetch(c.req.raw, c.env);
    return withoutOutsideFonts(response);
  }
}

const dashboards = new WeakMap<HttpServer, QueuesDashboard>();

/** The dashboard of this HTTP server; its routes are registered on first use. */
export function queuesDashboard(http: HttpServer): QueuesDashboard {
  let dashboard = dashboards.get(http);
  if (!dashboard) {
    const created = new QueuesDashboard();
    dashboard = created;
    dashboards.set(http, created);
    for (const method of METHODS) {
      for (const path of [QUEUES_PATH, `${QUEUES_PATH}/*`]) {
        http.route(method, path, (c) => created.handle(c), { admin: true, optional: true });
      }
    }
  }
  return dashboard;
}

async function buildBoard(queues: readonly Queue[]): Promise<Board> {
  const [{ createBullBoard }, { BullMQAdapter }, { HonoAdapter }, { Hono }, { serveStatic }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/hono'),
    import('hono'),
    import('@hono/node-server/serve-static'),
  ]);
  const adapter = (queue: Queue) => new BullMQAdapter(queue, { readOnlyMode: true });
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(QUEUES_PATH);
  const board = createBullBoard({
    queues: queues.map(adapter),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Passerelle queues' } },
  });
  const app = new Hono({ strict: false }).route(QUEUES_PATH, serverAdapter.registerPlugin()); // /admin/queues/ too
  return {
    fetch: (request, env) => app.fetch(request, env),
    addQueue: (queue) => void board.addQueue(adapter(queue)),
  };
}

/** Bull Board's page links Google Fonts (and may preconnect to it): those tags are removed. */
async function withoutOutsideFonts(response: Response): Promise<Response> {
  if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
  const html = (await response.text()).replace(/<link\b[^>]*\bhref="https:\/\/fonts\.(?:googleapis|gstatic)\.com[^"]*"[^>]*>\s*/g, '');
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
}
