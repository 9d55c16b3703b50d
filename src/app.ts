// The composition root: builds the services from config, content and a Redis connection, then
// lets each feature (src/features.ts) add its actions, stages, channels and workers.
// main.ts adds the terminal and signals; tests build the same app around their own channels.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { setLocale } from './actions/locale.js';
import { ActionRegistry } from './actions/registry.js';
import type { Config } from './config.js';
import type { Content } from './content.js';
import type { Channel } from './core/channel.js';
import { ChannelRouter } from './core/router.js';
import { FloodGuard } from './conversation/flood-guard.js';
import { localeStage } from './conversation/locale-stage.js';
import { ConversationService } from './conversation/service.js';
import { parseDatePhrase } from './dates/parse.js';
import { FEATURES, type Feature, type FeatureFactory, type PersonalData } from './features.js';
import { HttpServer } from './http/server.js';
import { Metrics } from './observability/metrics.js';
import { MaintenanceScheduler } from './maintenance/scheduler.js';
import { registerOpsRoutes } from './observability/routes.js';
import { registerFlowsGraphRoutes } from './flows-graph/routes.js';
import { registerReportRoute } from './report/route.js';
import { SessionStore } from './sessions/store.js';
import { UsageCounter } from './usage/counter.js';
import { flowEvents } from './usage/flows.js';
import { usageStage } from './usage/stage.js';

export interface App {
  conversations: ConversationService;
  router: ChannelRouter;
  sessions: SessionStore;
  actions: ActionRegistry;
  http: HttpServer;
  metrics: Metrics;
  /** Anonymous usage counts (src/usage/). */
  usage: UsageCounter;
  features: Feature[];
  /** Channels the features provide (Telegram, WhatsApp) according to the config. */
  platformChannels: Channel[];
  /** Starts the given channels and every feature; the HTTP port opens when a route exists. */
  start(channels: Channel[]): Promise<void>;
  /** Stops taking messages, waits for turns in flight, stops features. Redis is closed by the caller. */
  stop(): Promise<void>;
  /** What a stop is still waiting for (logged when it runs out of time). */
  pendingWork(): { people: number; messages: number; other: number };
}

export interface AppOptions {
  config: Config;
  content: Content;
  redis: Redis;
  log: Logger;
  clock?: () => Date;
  /** Defaults to FEATURES; tests may pass a subset. */
  features?: FeatureFactory[];
  /**
   * Flows may name actions of features left out of `features` (a test app): they then answer
   * "unavailable". Without it, the app refuses to start while a flow names an action nobody handles.
   */
  absentFeaturesAnswerUnavailable?: boolean;
  /** Process metrics (CPU, memory, event loop) on /metrics: on for the service, off in test apps. */
  processMetrics?: boolean;
}

export function createApp({ config, content, redis, log, clock, features = FEATURES, absentFeaturesAnswerUnavailable = false, processMetrics = features === FEATURES }: AppOptions): App {
  const router = new ChannelRouter(log.child({ module: 'router' }));
  // One process: it alone writes sessions and counts floods, so both can live in memory too.
  const single = !config.MULTI_INSTANCE;
  const sessions = new SessionStore(
    redis,
    config.REDIS_PREFIX,
    Math.round(config.SESSION_TTL_DAYS * 86_400),
    log.child({ module: 'sessions' }),
    single ? { maxEntries: 10_000, maxAgeMs: 10 * 60_000 } : undefined,
  );
  const http = new HttpServer({ port: config.HTTP_PORT, log: log.child({ module: 'http' }), redis, redisPrefix: config.REDIS_PREFIX, adminToken: config.ADMIN_TOKEN, metricsToken: config.METRICS_TOKEN });
  const actions = new ActionRegistry().register('locale.set', setLocale);
  const maintenance = new MaintenanceScheduler({ redis, prefix: config.REDIS_PREFIX, log: log.child({ module: 'maintenance' }) });
  const metrics = new Metrics({ defaultMetrics: processMetrics });
  const usage = new UsageCounter({ redis, prefix: config.REDIS_PREFIX, timeZone: config.BOT_TIMEZONE, retentionMonths: config.USAGE_RETENTION_MONTHS, log: log.child({ module: 'usage' }), ...(clock ? { clock } : {}) });
  router.onSent = (to) => metrics.messagesOut.inc({ channel: to.channel });
  router.onFailed = (to, reason) => metrics.sendFailures.inc({ channel: to.channel, reason });

  let conversations: ConversationService | undefined;
  const built: Feature[] = features.map((factory) =>
    factory({
      config,
      content,
      redis,
      log,
      router,
      http,
      conversations: () => {
        if (!conversations) throw new Error('the conversation service is not built yet');
        return conversations;
      },
      metrics,
      usage,
      maintenance,
      personalData: (): PersonalData[] => built.flatMap((f) => (f.personalData ? [f.personalData] : [])),
    }),
  );
  registerActions(actions, features, built);
  checkFlowActions(content, actions, absentFeaturesAnswerUnavailable, log);

  conversations = new ConversationService({
    engine: { flows: content.flows, texts: content.texts, words: content.words, timeZone: config.BOT_TIMEZONE, parseDate: parseDatePhrase },
    store: sessions,
    actions,
    sender: router,
    defaultLocale: config.DEFAULT_LOCALE,
    log: log.child({ module: 'conversation' }),
    flood: new FloodGuard({ redis, prefix: config.REDIS_PREFIX, max: config.FLOOD_MAX_MESSAGES, windowSeconds: config.FLOOD_WINDOW_SECONDS, local: single }),
    stages: [
      localeStage,
      usageStage(usage, config.BOT_TIMEZONE),
      ...built.flatMap((f) => f.stages ?? []),
    ],
    arrival: built.flatMap((f) => f.arrival ?? []),
    maxQueued: config.FLOOD_MAX_QUEUED,
    onDropped: (address) => metrics.messagesDropped.inc({ channel: address.channel }),
    onFlowEnded: (flowId) => metrics.flowCompletions.inc({ flow: flowId }),
    onEngineStep: (seen) => {
      try {
        for (const event of flowEvents(seen, content)) usage.count(event, seen.at);
      } catch (err) {
        log.warn({ error: err instanceof Error ? err.message : String(err) }, 'flow usage not counted');
      }
    },
    ...(config.MULTI_INSTANCE ? { multiInstance: { redis, prefix: config.REDIS_PREFIX, lockMs: config.MULTI_INSTANCE_LOCK_SECONDS * 1000 } } : {}),
    ...(clock ? { clock } : {}),
  });
  const service = conversations;
  let started: Channel[] = [];
  registerOpsRoutes(http, { redis, channels: () => started, metrics, features: built });
  registerFlowsGraphRoutes(http, content);
  registerReportRoute(http, { redis, prefix: config.REDIS_PREFIX, flows: content.flows, texts: content.texts, timeZone: config.BOT_TIMEZONE, ...(clock ? { clock } : {}) });

  return {
    conversations: service,
    router,
    sessions,
    actions,
    http,
    metrics,
    usage,
    features: built,
    platformChannels: built.flatMap((f) => f.channels ?? []),
    async start(channels) {
      for (const channel of channels) router.add(channel);
      started = channels;
      if (http.hasRoutes || config.HTTP_ENABLED) await http.start();
      for (const channel of channels) {
        await channel.start((message) => {
          metrics.messagesIn.inc({ channel: channel.id });
          const { accepted, handled } = service.receive(message);
          return channel.capabilities.turnByTurn ? handled : accepted;
        });
      }
      for (const feature of built) await feature.start?.();
      await maintenance.start();
      service.startRecovery(channels.map((c) => c.id)); // MULTI_INSTANCE: messages a crashed process left
    },
    pendingWork: () => service.pending(),
    async stop() {
      await Promise.allSettled(started.map((c) => c.stop()));
      await service.stopRecovery();
      await service.idle();
      await maintenance.stop();
      for (const feature of [...built].reverse()) await feature.stop?.().catch((err: unknown) => log.error({ err, feature: feature.name }, 'feature did not stop cleanly'));
      await usage.flush();
      await http.stop();
    },
  };
}

/** Registers each feature's actions, checking that they are the ones it declared. */
function registerActions(actions: ActionRegistry, factories: readonly FeatureFactory[], built: readonly Feature[]): void {
  built.forEach((feature, i) => {
    const declared = factories[i]?.declaration;
    for (const [name, handler] of Object.entries(feature.actions ?? {})) {
      if (declared && !declared.actions.includes(name)) throw new Error(`feature "${feature.name}" registers the action "${name}" it does not declare`);
      actions.register(name, handler);
    }
  });
}

/** Every action a flow names has a handler, or the app does not start. */
function checkFlowActions(content: Content, actions: ActionRegistry, answerUnavailable: boolean, log: Logger): void {
  const missing = new Map<string, string[]>();
  for (const [flowId, flow] of content.flows) {
    for (const step of flow.steps.values()) {
      if (step.type === 'action' && !actions.get(step.action)) missing.set(step.action, [...(missing.get(step.action) ?? []), flowId]);
    }
  }
  if (missing.size === 0) return;
  if (!answerUnavailable) {
    const list = [...missing].map(([action, flows]) => `${action} (flow ${[...new Set(flows)].join(', ')})`).join('; ');
    throw new Error(`actions without a handler: ${list}`);
  }
  for (const name of missing.keys()) actions.register(name, async () => ({ outcome: 'unavailable' }));
  log.debug({ actions: [...missing.keys()] }, 'actions of absent features answer "unavailable"');
}
