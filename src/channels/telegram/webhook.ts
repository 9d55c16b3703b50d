// The webhook route on the service's HTTP port: grammY's webhookCallback on the channel's own bot,
// so an update goes through the same middleware as in polling mode (one chat's updates in order,
// counted for a clean stop). Telegram sends the secret given to setWebhook in a header with every
// call; grammY refuses a call without it (or with another) with 401.
import { BotError, webhookCallback, type Bot } from 'grammy';
import type { Logger } from 'pino';
import type { RouteHandler } from '../../http/server.js';
import { describeError } from './telegram-channel.js';

/** Answer Telegram by then even if the turn is still running (waiting for pacing or a retry): a late
 * answer makes Telegram deliver the same update again. The turn goes on in the background. */
const ANSWER_WITHIN_MS = 10_000;

export function webhookPath(url: string): string {
  return new URL(url).pathname || '/';
}

export function webhookHandler(opts: { secret: string; bot: Bot; log: Logger }): RouteHandler {
  const callback = webhookCallback(loggingFailures(opts.bot, opts.log), 'hono', {
    secretToken: opts.secret,
    onTimeout: 'return',
    timeoutMilliseconds: ANSWER_WITHIN_MS,
  });
  return async (c) => {
    try {
      return await callback(c);
    } catch (err) {
      // A failed update never gets here (see loggingFailures): the body was not JSON.
      if (err instanceof SyntaxError) return c.text('bad update', 400);
      throw err;
    }
  };
}

/**
 * The bot as webhookCallback sees it, except that an update whose middleware fails is logged here
 * (what failed, never the payload: it holds the message) and answered 200. A rejection would answer
 * 500 and Telegram would deliver the same update again and again; after the timeout it would go
 * unhandled. Everything else (state, middleware, init) is the channel's bot itself.
 */
function loggingFailures(bot: Bot, log: Logger): Bot {
  const view = Object.create(bot) as Bot;
  view.init = (signal) => bot.init(signal);
  view.handleUpdate = async (update, envelope) => {
    try {
      await bot.handleUpdate(update, envelope);
    } catch (err) {
      log.error({ err: describeError(err instanceof BotError ? err.error : err), updateId: update.update_id }, 'webhook update failed');
    }
  };
  return view;
}
