// Bull Board (the BullMQ dashboard) at /admin/queues, behind ADMIN_TOKEN like every admin route
// (the first visit carries ?token= or a Bearer header; the page's assets and API calls then carry
// the admin cookie set by src/http/server.ts). Features add their queues with
// `queuesDashboard(http).add(queue)`. The board is read-only: a removed or promoted job would lose
// or advance someone's reminder. Bull Board, Hono and its Node adapter load on the first request,
// so a start without anyone opening the page does not pay for them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Queue } from 'bullmq';
import type { HttpServer } from '../http/server.js';

export const QUEUES_PATH = '/admin/queues';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;

export class QueuesDashboard {
  private readonly queues: Queue[] = [];
  private board: Promise<{ handler: NodeHandler; addQueue(queue: Queue): Promise<void> }> | undefined;

  /** Shows a queue on the board (read-only). */
  add(queue: Queue): void {
    if (this.queues.includes(queue)) return;
    this.queues.push(queue);
    void this.board?.then((b) => b.addQueue(queue));
  }

  /** The Node request handler of the board, built once. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    this.board ??= buildBoard(this.queues).catch((err: unknown) => {
      this.board = undefined; // a failed load is retried on the next request
      throw err;
    });
    return this.board.then((b) => b.handler(req, res));
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
        http.route(method, path, async (req, res) => void (await created.handle(req, res)), { admin: true, optional: true });
      }
    }
  }
  return dashboard;
}

async function buildBoard(queues: readonly Queue[]): Promise<{ handler: NodeHandler; addQueue(queue: Queue): Promise<void> }> {
  const [{ createBullBoard }, { BullMQAdapter }, { HonoAdapter }, { Hono }, { getRequestListener }, { serveStatic }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/hono'),
    import('hono'),
    import('@hono/node-server'),
    import('@hono/node-server/serve-static'),
  ]);
  const adapter = (queue: Queue) => new BullMQAdapter(queue, { readOnlyMode: true });
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(QUEUES_PATH);
  const board = createBullBoard({
    queues: queues.map(adapter),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Passerelle queues' } },
  });
  const app = new Hono().route(QUEUES_PATH, serverAdapter.registerPlugin());
  const listener = getRequestListener(app.fetch);
  return {
    handler: (req, res) => listener(req, res),
    addQueue: async (queue) => void board.addQueue(adapter(queue)),
  };
}
