// A feature (reminders, rights, handoff…) plugs into the app through this small interface:
// the actions its flows name, the stages it adds before the engine, HTTP routes, channels, and
// what it starts and stops. Each feature lives in its own folder; this file only lists them.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ActionHandler } from './actions/registry.js';
import type { Config } from './config.js';
import type { Content } from './content.js';
import type { Channel } from './core/channel.js';
import type { Address, Inbound } from './core/message.js';
import type { TextArgs } from './i18n/locales.js';
import type { ChannelRouter } from './core/router.js';
import type { Stage } from './conversation/pipeline.js';
import type { ConversationService } from './conversation/service.js';
import type { HttpServer } from './http/server.js';
import type { Metrics } from './observability/metrics.js';
import type { MaintenanceScheduler } from './maintenance/scheduler.js';
import { privacyFeature } from './privacy/feature.js';
import { telegramFeature } from './channels/telegram/feature.js';
import { whatsappFeature } from './channels/whatsapp/feature.js';
import { rightsFeature } from './rights/feature.js';
import { remindersFeature } from './reminders/feature.js';
import { handoffFeature } from './handoff/feature.js';

export interface FeatureDeps {
  config: Config;
  content: Content;
  redis: Redis;
  log: Logger;
  router: ChannelRouter;
  http: HttpServer;
  /** The conversation service (available once every feature is built; call it lazily). */
  conversations(): ConversationService;
  /** Periodic housekeeping run by BullMQ (once per period across all processes). */
  maintenance: MaintenanceScheduler;
  /** Prometheus metrics: features increment theirs and may add gauges read at scrape time. */
  metrics: Metrics;
  /** What every feature keeps about people (available once every feature is built). */
  personalData(): PersonalData[];
}

export interface Feature {
  name: string;
  actions?: Record<string, ActionHandler>;
  /** Stages run before the engine, in the order features are listed. */
  stages?: Stage[];
  /**
   * Run for every message the moment it arrives, before the person's queue (crisis words: help
   * numbers that nothing may delay). Must not throw; the turn waits for them in single-process mode.
   */
  arrival?: Array<(inbound: Inbound) => Promise<void>>;
  /** Channels this feature provides (e.g. Telegram when its token is set). */
  channels?: Channel[];
  /** What this feature keeps about a person: summarised by "mes données", erased by "oubli". */
  personalData?: PersonalData;
  /** Starts workers and timers, after the channels have started. */
  start?(): Promise<void>;
  /** Stops them (before the channels and Redis are closed). */
  stop?(): Promise<void>;
}

export interface PersonalData {
  /** Short lines, in the person's language, describing what is kept (empty when nothing). */
  describe(address: Address, t: (key: string, args?: TextArgs) => string): Promise<string[]>;
  /** Erases everything this feature keeps about the person (and its scheduled jobs). */
  erase(address: Address): Promise<void>;
}

export type FeatureFactory = (deps: FeatureDeps) => Feature;

/** The features of the service, in order. Add a feature's factory here. */
export const FEATURES: FeatureFactory[] = [privacyFeature, telegramFeature, whatsappFeature, rightsFeature, remindersFeature, handoffFeature];
