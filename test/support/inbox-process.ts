// One bot process of a MULTI_INSTANCE deployment, for tests that SIGKILL it mid-turn
// (test/reliability-inbox-kill.test.ts): the real app with the Telegram feature only and the fixed
// Telegram test content (its `echo` flow answers "Reçu : {text}"), configured from the environment
// like src/main.ts (REDIS_URL, REDIS_PREFIX, TELEGRAM_*, MULTI_INSTANCE, MULTI_INSTANCE_LOCK_SECONDS).
// FREEZE_AFTER_SAVE=<text>: once the session write of the turn that handled <text> went through, prints
// "saved <text>" and never finishes that turn, so that the test can kill the process in that window.
// Prints "ready" on stdout once the channel has started.
import { Redis } from 'ioredis';
import pino from 'pino';
import { telegramFeature } from '../../src/channels/telegram/feature.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { testContent } from './telegram-content.js';
import { createTestApp } from './test-app.js';

const config = loadConfig();
if (!config.REDIS_URL) throw new Error('inbox-process needs REDIS_URL');
const log = createLogger({ level: config.LOG_LEVEL, destination: pino.destination(2) });
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
const app = createTestApp({ config, content: testContent(), redis, log, features: [telegramFeature] });

const freezeAfter = process.env.FREEZE_AFTER_SAVE;
if (freezeAfter !== undefined) {
  const save = app.sessions.save.bind(app.sessions);
  app.sessions.save = async (address, state, fence) => {
    const saved = await save(address, state, fence);
    if (saved && state.vars.said === freezeAfter) {
      process.stdout.write(`saved ${freezeAfter}\n`);
      await new Promise<never>(() => undefined);
    }
    return saved;
  };
}

process.on('SIGTERM', () => {
  void app
    .stop()
    .then(() => redis.quit())
    .then(() => process.exit(0));
});

await app.start(app.platformChannels);
process.stdout.write('ready\n');
