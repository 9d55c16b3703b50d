// The whole service (createApp with every feature, configured from the environment like src/main.ts)
// in a child process that reliability tests kill with SIGKILL. Only the reminders' crash-recovery
// timings are shortened, so that a job held by a killed process comes back in about a second
// instead of about 5 s (BullMQ lock), and an in-doubt send is retried after LEASE_MS.
// REMINDER_TIMINGS=default keeps the service's own timings instead (the kill test measures them).
// Env: as src/main.ts (REDIS_URL required), plus LOCK_MS, STALLED_MS, LEASE_MS, RETRY_MS.
// Prints "ready" on stdout once every channel and feature has started.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ContentError, loadContent } from '../../src/content.js';
import { FEATURES, type FeatureFactory, FEATURE_ACTIONS } from '../../src/features.js';
import { createLogger } from '../../src/log.js';
import { createRemindersFeature, remindersFeature } from '../../src/reminders/feature.js';

const config = loadConfig();
if (!config.REDIS_URL) throw new Error('service-process needs REDIS_URL');
const log = createLogger({ level: config.LOG_LEVEL, destination: pino.destination(2) });
const { content, errors } = loadContent({ flowsDir: config.FLOWS_DIR, localesDir: config.LOCALES_DIR, dataDir: join(config.FLOWS_DIR, 'data'), actions: FEATURE_ACTIONS });
if (errors.length > 0) throw new ContentError(errors);

const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const tunedReminders: FeatureFactory = (deps) =>
  createRemindersFeature(deps, {
    leaseMs: num('LEASE_MS', 3000),
    worker: { lockDurationMs: num('LOCK_MS', 1000), stalledIntervalMs: num('STALLED_MS', 500), retryBaseMs: num('RETRY_MS', 200) },
  });

const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection problem'));
const features = process.env.REMINDER_TIMINGS === 'default' ? FEATURES : FEATURES.map((f) => (f === remindersFeature ? tunedReminders : f));
const app = createApp({ config, content, redis, log, features });

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) process.exit(130);
  stopping = true;
  void app
    .stop()
    .then(() => redis.quit())
    .then(() => process.exit(0));
});

await app.start(app.platformChannels);
process.stdout.write('ready\n');
