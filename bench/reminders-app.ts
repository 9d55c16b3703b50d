// The app the reminder benchmarks run: only the reminders feature (the flows' other actions answer
// "unavailable"), its worker at concurrency 50, no start-up resync, logs silent.
import pino from 'pino';
import type { Redis } from 'ioredis';
import { createApp, type App } from '../src/app.js';
import type { Config } from '../src/config.js';
import type { Content } from '../src/content.js';
import { createRemindersFeature, type RemindersFeature } from '../src/reminders/feature.js';

export function remindersOnlyApp(config: Config, content: Content, redis: Redis): { app: App; service: RemindersFeature['service'] } {
  let feature: RemindersFeature | undefined;
  const app = createApp({
    config,
    content,
    redis,
    log: pino({ level: 'silent' }),
    features: [(deps) => (feature = createRemindersFeature(deps, { resync: false, worker: { concurrency: 50 } }))],
    absentFeaturesAnswerUnavailable: true,
  });
  if (!feature) throw new Error('feature not built');
  return { app, service: feature.service };
}
