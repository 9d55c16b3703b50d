// `npm start`: reads the environment, checks flows and locales, finds Redis, starts the channels.
// With no platform configured, the terminal chat starts so a newcomer can talk to the bot at once.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { ContentError, loadContent } from './content.js';
import type { Channel } from './core/channel.js';
import { ConfigError } from './core/errors.js';
import { TerminalChannel } from './channels/terminal/terminal-channel.js';
import { translate } from './i18n/locales.js';
import { createLogger } from './log.js';
import { resolveRedis } from './redis/resolve.js';
import { FEATURE_ACTIONS } from './features.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw err;
  }
  // A person chatting in a terminal should not read JSON logs between the bot's lines: logs then
  // go to a file under DATA_DIR. Otherwise (scripts, servers, containers) they go to stderr.
  const personAtTerminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const logFile = join(config.DATA_DIR, 'passerelle.log');
  if (personAtTerminal) mkdirSync(config.DATA_DIR, { recursive: true });
  const log = createLogger({ level: config.LOG_LEVEL, destination: personAtTerminal ? pino.destination({ dest: logFile, sync: false }) : pino.destination(2) });
  if (personAtTerminal) process.stderr.write(`(logs: ${logFile})\n`);

  const { content, errors } = loadContent({ flowsDir: config.FLOWS_DIR, localesDir: config.LOCALES_DIR, dataDir: join(config.FLOWS_DIR, 'data'), actions: FEATURE_ACTIONS });
  if (errors.length > 0) {
    process.stderr.write(`${new ContentError(errors).message}\nFix these, then start again (npm run flows:check shows them too).\n`);
    process.exit(1);
  }

  let redisInfo;
  try {
    redisInfo = await resolveRedis({ ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}), dataDir: config.DATA_DIR });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  log.info({ source: redisInfo.source }, 'redis ready');
  const redis = new Redis(redisInfo.url, { maxRetriesPerRequest: null });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection problem'));

  const app = createApp({ config, content, redis, log });
  const channels: Channel[] = [];
  channels.push(...app.platformChannels);
  const platformConfigured = app.platformChannels.length > 0;
  let terminal: TerminalChannel | undefined;
  if (!platformConfigured || config.TERMINAL_CHAT) {
    const interactive = Boolean(process.stdin.isTTY);
    terminal = new TerminalChannel({
      input: process.stdin,
      output: process.stdout,
      userId: config.TERMINAL_USER,
      interactive,
      promptLabel: (locale) => translate(content.texts, locale ?? config.DEFAULT_LOCALE, 'core.terminal.prompt'),
    });
    channels.push(terminal);
  }

  let stopping = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    // Whatever is down (a Bot API that does not answer, a person's long backlog), the stop ends in
    // time: what is left is logged; reminders stay due in Redis and are sent after the restart.
    const limit = config.SHUTDOWN_TIMEOUT_SECONDS * 1000;
    const late = setTimeout(() => {
      log.warn({ seconds: config.SHUTDOWN_TIMEOUT_SECONDS, ...app.pendingWork() }, 'shutdown timed out: leaving with work still in flight');
      process.exit(1);
    }, limit);
    late.unref();
    await app.stop();
    await redis.quit().catch(() => undefined);
    await redisInfo.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130); // a second signal: leave at once
      void shutdown(signal);
    });
  }

  await app.start(channels);
  log.info({ channels: channels.map((c) => c.id) }, 'passerelle started');
  if (terminal && !platformConfigured) {
    await terminal.finished;
    await shutdown('end of input');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Passerelle could not start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
