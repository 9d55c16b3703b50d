// The WhatsApp Cloud API feature (WHATSAPP_ENABLED=true with WHATSAPP_MODE=cloud): the channel, its
// webhook routes on the one HTTP app (GET handshake and POST deliveries at WHATSAPP_CLOUD_WEBHOOK_PATH),
// the templates file, and /metrics counters for status callbacks and undeliverable messages.
//   createWhatsAppCloudFeature({ fetch })  — tests point it at the fake Graph API (with
//   WHATSAPP_CLOUD_API_ROOT) or inject a fetch; `whatsappCloudFeature` is the production one.
import { join } from 'node:path';
import { Counter } from 'prom-client';
import { ConfigError } from '../../core/errors.js';
import type { Feature, FeatureDeps, FeatureFactory } from '../../core/feature.js';
import { WhatsAppCloudChannel } from './channel.js';
import type { FetchLike } from './graph-client.js';
import { loadTemplates, templateButtonProblems, TEMPLATES_FILE, type Templates } from './templates.js';

export interface WhatsAppCloudFeatureOptions {
  fetch?: FetchLike;
  /** Default: FLOWS_DIR/data/whatsapp-templates.yaml. */
  templates?: Templates;
  /** Retry tuning for tests. */
  initialBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function createWhatsAppCloudFeature(options: WhatsAppCloudFeatureOptions = {}): FeatureFactory {
  return (deps) => buildFeature(deps, options);
}

export const whatsappCloudFeature: FeatureFactory = createWhatsAppCloudFeature();

function required(name: string, value: string | undefined): string {
  if (value === undefined) throw new ConfigError(`${name} is required with WHATSAPP_MODE=cloud`);
  return value;
}

function buildFeature({ config, content, redis, log, http, metrics }: FeatureDeps, options: WhatsAppCloudFeatureOptions): Feature {
  const feature: Feature = { name: 'whatsapp' };
  if (!config.WHATSAPP_ENABLED) return feature;
  const statuses = new Counter({ name: 'passerelle_whatsapp_cloud_status_total', help: 'WhatsApp Cloud API status callbacks (sent, delivered, read, failed)', labelNames: ['status'] as const, registers: [metrics.registry] });
  const failed = new Counter({ name: 'passerelle_whatsapp_cloud_failed_total', help: 'WhatsApp Cloud API messages accepted, then reported failed, by Meta error code', labelNames: ['code'] as const, registers: [metrics.registry] });
  const undeliverable = new Counter({ name: 'passerelle_whatsapp_cloud_undeliverable_total', help: 'WhatsApp Cloud API messages not sent (outside the 24-hour window without a template, or refused)', registers: [metrics.registry] });
  const templates = options.templates ?? loadTemplates(join(config.FLOWS_DIR, 'data', TEMPLATES_FILE));
  const problems = templateButtonProblems(templates, content.texts);
  if (problems.length > 0) throw new ConfigError(`WhatsApp templates do not match the texts:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const channel = new WhatsAppCloudChannel({
    apiRoot: config.WHATSAPP_CLOUD_API_ROOT,
    apiVersion: config.WHATSAPP_CLOUD_API_VERSION,
    phoneNumberId: required('WHATSAPP_CLOUD_PHONE_NUMBER_ID', config.WHATSAPP_CLOUD_PHONE_NUMBER_ID),
    token: required('WHATSAPP_CLOUD_TOKEN', config.WHATSAPP_CLOUD_TOKEN),
    appSecret: required('WHATSAPP_CLOUD_APP_SECRET', config.WHATSAPP_CLOUD_APP_SECRET),
    verifyToken: required('WHATSAPP_CLOUD_VERIFY_TOKEN', config.WHATSAPP_CLOUD_VERIFY_TOKEN),
    redis,
    prefix: config.REDIS_PREFIX,
    templates,
    ratePerSecond: config.WHATSAPP_CLOUD_RATE_PER_SECOND,
    texts: content.texts,
    defaultLocale: config.DEFAULT_LOCALE,
    log: log.child({ module: 'whatsapp-cloud' }),
    ...(config.LOG_HASH_KEY ? { logHashKey: config.LOG_HASH_KEY } : {}),
    onStatus: (status) => statuses.inc({ status: status.status }),
    onFailed: (code) => failed.inc({ code }),
    onUndeliverable: () => undeliverable.inc(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.initialBackoffMs !== undefined ? { initialBackoffMs: options.initialBackoffMs } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const path = config.WHATSAPP_CLOUD_WEBHOOK_PATH;
  http.route('GET', path, channel.verificationHandler());
  http.route('POST', path, channel.webhookHandler());
  return {
    ...feature,
    channels: [channel],
    personalData: {
      async describe(address, t) {
        // Also kept: the time of the last message (24-hour window) and file references, erased by the sweep.
        if (address.channel !== 'whatsapp') return [];
        const files = await channel.waiting.count(address.userId);
        return files > 0 ? [t('whatsapp.data.files', { count: files })] : [];
      },
      async erase(address) {
        if (address.channel !== 'whatsapp') return;
        await channel.window.erase(address.userId);
        await channel.waiting.erase(address.userId);
      },
    },
  };
}
