// A conversation with the real flows and texts, the rights feature, a real Redis and the
// recording channel: `say` returns what the person reads after each message, choices numbered.
import { basename, join } from 'node:path';
import type { Redis } from 'ioredis';
import pino from 'pino';
import type { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { loadContent, type Content } from '../../src/content.js';
import { formatDataError } from '../../src/data/load-yaml.js';
import type { SessionState } from '../../src/engine/state.js';
import type { FeatureFactory } from '../../src/features.js';
import { translate, type Locale } from '../../src/i18n/locales.js';
import { rightsFeature } from '../../src/rights/feature.js';
import { RecordingChannel } from './recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './redis.js';
import { FEATURE_ACTIONS } from '../../src/features.js';
import { createTestApp } from './test-app.js';

const OWN_FILES = ['droits.yaml', 'lieux.yaml', 'demarches.yaml', 'rights.yaml', 'eservices.yaml', 'places.yaml'];
const cache = new Map<string, Content>();

/** The flows of `flowsDir` and the real locales, with the rights data checked as at start-up. */
export function realContent(flowsDir = 'flows'): Content {
  const known = cache.get(flowsDir);
  if (known) return known;
  const { content, errors } = loadContent({ flowsDir, localesDir: 'locales', dataDir: join(flowsDir, 'data'), actions: FEATURE_ACTIONS });
  // Other people's flows may be work in progress: only problems in this feature's files count.
  const ours = errors.filter((e) => OWN_FILES.includes(basename(e.file)) || e.path.startsWith('droits.'));
  if (ours.length > 0) throw new Error(ours.map(formatDataError).join('\n'));
  cache.set(flowsDir, content);
  return content;
}

export interface ChatOptions {
  features?: FeatureFactory[];
  /** A copy of flows/ (with its data/ folder), to try edited data. */
  flowsDir?: string;
  /** The app's clock (opening hours: "open until 17 h"). */
  clock?: () => Date;
}

export class DroitsChat {
  private constructor(
    readonly app: App,
    readonly channel: RecordingChannel,
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly content: Content,
  ) {}

  static async start({ features = [rightsFeature], flowsDir = 'flows', clock }: ChatOptions = {}): Promise<DroitsChat> {
    const redis = connectRedis();
    const prefix = newPrefix();
    const content = realContent(flowsDir);
    const config = loadConfig({ REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', FLOWS_DIR: flowsDir });
    const app = createTestApp({ config, content, redis, log: pino({ level: 'silent' }), features, ...(clock ? { clock } : {}) });
    const channel = new RecordingChannel('whatsapp');
    await app.start([channel]);
    return new DroitsChat(app, channel, redis, prefix, content);
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await deletePrefix(this.redis, this.prefix);
    this.redis.disconnect();
  }

  /** The person sends `text`; returns what they read in reply (choices as "1. label", counts from "0. label"). */
  async say(userId: string, text: string): Promise<string[]> {
    return this.turn(userId, () => this.channel.say(userId, text));
  }

  /** The person opens a deep link (/start <payload>). */
  async open(userId: string, payload: string): Promise<string[]> {
    return this.turn(userId, () => this.channel.receive(userId, { kind: 'start', payload }));
  }

  async state(userId: string): Promise<SessionState | undefined> {
    return (await this.app.sessions.load({ channel: 'whatsapp', userId })) ?? undefined;
  }

  t(locale: Locale, key: string, args: Record<string, unknown> = {}): string {
    return translate(this.content.texts, locale, key, args);
  }

  private async turn(userId: string, act: () => Promise<void>): Promise<string[]> {
    const from = this.channel.sent.length;
    await act();
    return this.channel.sent
      .slice(from)
      .filter((s) => s.to.userId === userId)
      .flatMap((s) => [s.message.text, ...(s.message.choices ?? []).map((c, i) => `${c.number ?? i + 1}. ${c.label}`)]);
  }
}
