// The contract between the app and a feature (reminders, rights, handoff…): what a feature gets
// (FeatureDeps) and what it declares (Feature: actions, arrival hooks, stages, channels, personal
// data, start/stop). Features import this file; src/features.ts only lists them, so no feature
// imports the list that imports it.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ActionHandler } from '../actions/registry.js';
import type { Config } from '../config.js';
import type { Content } from '../content.js';
import type { Channel } from './channel.js';
import type { Address, Inbound } from './message.js';
import type { TextArgs } from '../i18n/locales.js';
import type { ChannelRouter } from './router.js';
import type { Stage } from '../conversation/pipeline.js';
import type { ConversationService } from '../conversation/service.js';
import type { HttpServer } from '../http/server.js';
import type { Metrics } from '../observability/metrics.js';
import type { MaintenanceScheduler } from '../maintenance/scheduler.js';
import type { UsageSink } from '../usage/counter.js';

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
  /** Anonymous usage counts (src/usage/): fire and forget, never a person, an id or a text. */
  usage: UsageSink;
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
  /** Extra facts for /healthz (e.g. how many people are on duty per team); never personal data. */
  health?(): Promise<Record<string, unknown>>;
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
  /**
   * Erases everything this feature keeps about the person (and its scheduled jobs). When something
   * could not be erased (a staff topic Telegram refused to delete), says so: `incomplete` is the
   * locale key of the sentence the person reads.
   */
  erase(address: Address): Promise<void | { incomplete: string }>;
}

/** What a feature declares before it is built: `flows:check` knows its actions without starting anything. */
export interface FeatureDeclaration {
  readonly name: string;
  /** Every action the feature registers (and no other: the app checks). */
  readonly actions: readonly string[];
}

export type FeatureFactory = ((deps: FeatureDeps) => Feature) & { readonly declaration?: FeatureDeclaration };

/** A factory together with its declaration. */
export function declareFeature(declaration: FeatureDeclaration, create: (deps: FeatureDeps) => Feature): FeatureFactory {
  return Object.assign((deps: FeatureDeps) => create(deps), { declaration });
}
