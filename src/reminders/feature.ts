// Pense-bête: reminders of online procedures. Wires the catalogue, the Redis records, the BullMQ
// queue and worker, and the `rappels` flow's actions into the app (registered in src/features.ts).
import { declareFeature, type Feature, type FeatureDeps, type FeatureFactory } from '../core/feature.js';
import { ConfigError } from '../core/errors.js';
import { queuesDashboard } from '../observability/queues-dashboard.js';
import { REMINDER_ACTIONS, reminderActions } from './actions.js';
import { join } from 'node:path';
import { formatDataError } from '../data/load-yaml.js';
import { loadCatalogue, PROCEDURES_FILE, type Catalogue } from './catalogue.js';
import { listWordStage } from './list-word-stage.js';
import { reminderMessage } from './message.js';
import { ReminderQueue } from './queue.js';
import { queueLagSeconds } from './queue-lag.js';
import { SentMarks } from './sent-marks.js';
import { ReminderService } from './service.js';
import { ReminderStore } from './store.js';
import { DEFAULT_LOCK_MS, ReminderWorker, type ReminderWorkerOptions } from './worker.js';

export interface RemindersFeatureOptions {
  catalogue?: Catalogue;
  /**
   * Worker tuning for tests and benchmarks. Crash recovery: `lockDurationMs` (5 s) and
   * `stalledIntervalMs` (2 s) bring a killed process's reminders back within 10 s (worker.ts).
   */
  worker?: Partial<Pick<ReminderWorkerOptions, 'concurrency' | 'lockDurationMs' | 'stalledIntervalMs' | 'afterSent' | 'rate' | 'retryBaseMs' | 'clock'>>;
  /** Re-add missing jobs from the records at start (default true). */
  resync?: boolean;
  /**
   * How long a claimed send holds once its process stopped renewing it, before another attempt may
   * send (sent-marks.ts). Default: the worker's lock duration, so that both lapse together.
   */
  leaseMs?: number;
}

export interface RemindersFeature extends Feature {
  service: ReminderService;
  marks: SentMarks;
}

export function createRemindersFeature(deps: FeatureDeps, options: RemindersFeatureOptions = {}): RemindersFeature {
  const { config, redis, log } = deps;
  let catalogue = options.catalogue;
  if (!catalogue) {
    // From the configured flows folder, like every other data file.
    const loaded = loadCatalogue(join(config.FLOWS_DIR, 'data', PROCEDURES_FILE));
    if (!loaded.ok) throw new ConfigError(loaded.errors.map(formatDataError).join('\n'));
    catalogue = loaded.value;
  }
  const prefix = config.REDIS_PREFIX;
  const store = new ReminderStore(redis, prefix);
  const queue = new ReminderQueue({ connection: redis, prefix });
  queuesDashboard(deps.http).add(queue.queue);
  const { metrics } = deps;
  const service = new ReminderService(
    store,
    queue,
    { timeZone: config.BOT_TIMEZONE, quietHours: { start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END } },
    { scheduled: () => metrics.remindersScheduled.inc() },
  );
  metrics.gaugeOnScrape('passerelle_reminders_queue_lag_seconds', 'Age of the oldest reminder job due but not yet taken by a worker (0 when none)', () => queueLagSeconds(queue.queue));
  const marks = new SentMarks(redis, prefix, options.leaseMs ?? options.worker?.lockDurationMs ?? DEFAULT_LOCK_MS);
  // A person who blocked the bot will not receive reminders: cancel them rather than fail each one.
  deps.router.onRecipientBlocked(async (address) => {
    const removed = await service.removeAll(address);
    if (removed > 0) log.info({ channel: address.channel, removed }, 'reminders cancelled: the person blocked the bot');
  });
  const texts = deps.content.texts;
  const cat = catalogue;
  let worker: ReminderWorker | undefined;

  return {
    name: 'reminders',
    service,
    marks,
    actions: reminderActions({ service, catalogue: cat, texts, timeZone: config.BOT_TIMEZONE, maxPerPerson: config.REMINDERS_PER_PERSON, usage: deps.usage }),
    stages: [listWordStage(texts)],
    // "mes données" counts the reminders; "oubli" deletes them with their scheduled jobs.
    personalData: {
      async describe(address, t) {
        const [count, finished] = await Promise.all([store.list(address).then((l) => l.length), store.finished(address).then((l) => l.length)]);
        return [...(count > 0 ? [t('rappels.data.kept', { count })] : []), ...(finished > 0 ? [t('rappels.data.finished', { count: finished })] : [])];
      },
      async erase(address) {
        await service.removeAll(address);
        await store.eraseFinished(address);
      },
    },
    async start() {
      if (options.resync ?? true) {
        const count = await service.resync(redis, prefix);
        log.info({ occurrences: count }, 'reminder jobs checked');
      }
      worker = new ReminderWorker({
        connection: redis.duplicate({ maxRetriesPerRequest: null }),
        prefix,
        service,
        marks,
        router: deps.router,
        conversations: deps.conversations,
        render: (r) => reminderMessage(r, texts, cat),
        log: log.child({ module: 'reminders' }),
        rate: { max: config.REMINDER_SEND_RATE, durationMs: 1000 },
        events: {
          sent: (procedure) => {
            metrics.remindersSent.inc();
            deps.usage.count({ kind: 'reminder.delivered', label: procedure });
          },
          failed: () => metrics.remindersFailed.inc(),
        },
        ...options.worker,
      });
      await worker.waitUntilReady();
      worker.start();
    },
    async stop() {
      await worker?.close();
      await queue.close();
    },
  };
}

export const REMINDERS_DECLARATION = { name: 'reminders', actions: REMINDER_ACTIONS };

/** The reminders feature with options (tests tune its worker); declared like the default one. */
export function remindersFeatureWith(options: RemindersFeatureOptions, built?: (feature: RemindersFeature) => void): FeatureFactory {
  return declareFeature(REMINDERS_DECLARATION, (deps) => {
    const feature = createRemindersFeature(deps, options);
    built?.(feature);
    return feature;
  });
}

export const remindersFeature: FeatureFactory = remindersFeatureWith({});
