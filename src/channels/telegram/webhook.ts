// The webhook route on the service's HTTP port. Telegram sends the secret given to setWebhook in a
// header with every call; a request without it (or with another) is refused with 401.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { z } from 'zod';
import { readBody, type RouteHandler } from '../../http/server.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Answer Telegram by then even if the turn is still running (waiting for pacing or a retry): a late
 * answer makes Telegram deliver the same update again. The turn goes on in the background. */
const ANSWER_WITHIN_MS = 10_000;

const updateShape = z.looseObject({ update_id: z.number().int() });

export function webhookPath(url: string): string {
  return new URL(url).pathname || '/';
}

export function webhookHandler(opts: { secret: string; handle: (update: Update) => Promise<void>; log: Logger }): RouteHandler {
  const expected = Buffer.from(opts.secret);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers[SECRET_HEADER];
    const given = Buffer.from(typeof header === 'string' ? header : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      req.resume();
      res.writeHead(401, { 'content-type': 'text/plain' }).end('secret token required');
      return;
    }
    let update: Update;
    try {
      const parsed = updateShape.safeParse(JSON.parse(await readBody(req)));
      if (!parsed.success) throw new Error('not an update');
      // Telegram's own payload behind a verified secret: its full shape is grammY's to read.
      update = parsed.data as unknown as Update;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad update');
      return;
    }
    // The error itself may hold the update (message text): log what failed, not the payload.
    const turn = opts.handle(update).catch((err: unknown) => opts.log.error({ error: err instanceof Error ? err.name : typeof err, updateId: update.update_id }, 'webhook update failed'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([turn, new Promise<void>((resolve) => (timer = setTimeout(resolve, ANSWER_WITHIN_MS)))]);
    clearTimeout(timer);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  };
}
