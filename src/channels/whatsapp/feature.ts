// The WhatsApp feature: with WHATSAPP_ENABLED=true it provides the WhatsApp channel, the admin
// page to link the number (GET /admin/whatsapp/qr, ADMIN_TOKEN), operator notices in the
// terminal, and a message in the Telegram staff chat (TELEGRAM_STAFF_CHAT_ID) when the session
// is logged out. Other features subscribe with `whatsappStatus(router)` (see status.ts).
import { existsSync } from 'node:fs';
import type { Config } from '../../config.js';
import { ConfigError } from '../../core/errors.js';
import type { Feature, FeatureDeps, FeatureFactory } from '../../core/feature.js';
import { translate } from '../../i18n/locales.js';
import { WhatsAppChannel } from './channel.js';
import { webClientFactory, type WaClientFactory, type WaMediaFactory } from './client.js';
import type { Pause } from './connection.js';
import { qrTerminal } from './qr-image.js';
import { QR_PAGE_PATH, qrPageHandler } from './qr-page.js';

export interface WhatsAppFeatureOptions {
  /** Tests inject a fake client; by default the real whatsapp-web.js client on the system Chromium. */
  clientFactory?: (config: Config) => WaClientFactory;
  /** Tests give the fake client's files; by default whatsapp-web.js's MessageMedia. */
  mediaFactory?: WaMediaFactory;
  /** Where operator notices go (default: stderr, beside the logs). */
  print?: (line: string) => void;
  pause?: Pause;
}

export function createWhatsAppFeature(options: WhatsAppFeatureOptions = {}): FeatureFactory {
  return (deps) => buildFeature(deps, options);
}

export const whatsappFeature: FeatureFactory = createWhatsAppFeature();

function buildFeature({ config, content, redis, log, router, http }: FeatureDeps, options: WhatsAppFeatureOptions): Feature {
  const feature: Feature = { name: 'whatsapp' };
  if (!config.WHATSAPP_ENABLED) return feature;
  const channelLog = log.child({ module: 'whatsapp' });
  const clientFactory = options.clientFactory?.(config) ?? realClientFactory(config);
  const channel = new WhatsAppChannel({
    clientFactory,
    ...(options.mediaFactory ? { mediaFactory: options.mediaFactory } : {}),
    ...(config.LOG_HASH_KEY ? { logHashKey: config.LOG_HASH_KEY } : {}),
    redis,
    prefix: config.REDIS_PREFIX,
    texts: content.texts,
    defaultLocale: config.DEFAULT_LOCALE,
    log: channelLog,
    pacing: { perMinute: config.WHATSAPP_RATE_PER_MINUTE, chatGapMs: config.WHATSAPP_CHAT_GAP_MS, maxTypingMs: config.WHATSAPP_TYPING_MS },
    reconnect: { initialDelayMs: 2_000, maxDelayMs: config.WHATSAPP_RECONNECT_MAX_SECONDS * 1000 },
    ...(options.pause ? { pause: options.pause } : {}),
  });

  const locale = config.DEFAULT_LOCALE;
  const t = (key: string, args: Record<string, unknown> = {}): string => translate(content.texts, locale, `whatsapp.${key}`, args);
  // No token in any link: the page asks the operator to sign in (/admin/login) first.
  const pageUrl = `http://HOST:${config.HTTP_PORT}${QR_PAGE_PATH}`;
  const print = options.print ?? ((line: string) => void process.stderr.write(`${line}\n`));
  http.route('GET', QR_PAGE_PATH, qrPageHandler({ snapshot: () => channel.status.snapshot(), outboxLength: () => channel.outboxLength(), texts: content.texts, locale }), { admin: true });
  if (!config.ADMIN_TOKEN) channelLog.warn('ADMIN_TOKEN is not set: the WhatsApp QR page is closed; use the QR printed in the terminal');

  channel.status.on('qr', ({ qr }) => {
    print(t('operator.qr', { url: pageUrl }));
    qrTerminal(qr).then(print, (err: unknown) => channelLog.warn({ err }, 'could not draw the QR for the terminal'));
  });
  channel.status.on('pairing-code', ({ code }) => print(t('operator.pairing_code', { code })));
  channel.status.on('ready', () => print(t('operator.ready')));
  channel.status.on('logged-out', () => {
    const text = t('operator.logged_out', { url: pageUrl });
    print(text);
    const staffChat = config.TELEGRAM_STAFF_CHAT_ID;
    if (staffChat && router.get('telegram')) {
      router.send({ channel: 'telegram', userId: staffChat }, { text, locale }).catch((err: unknown) => channelLog.warn({ err }, 'could not tell the staff chat that WhatsApp is logged out'));
    }
  });

  return {
    ...feature,
    channels: [channel],
    personalData: {
      async describe(address, tr) {
        if (address.channel !== 'whatsapp') return [];
        const count = await channel.outbox.countFor(address.userId);
        return count > 0 ? [tr('whatsapp.data.outbox', { count })] : [];
      },
      async erase(address) {
        if (address.channel === 'whatsapp') await channel.outbox.eraseFor(address.userId);
      },
    },
  };
}

function realClientFactory(config: Config): WaClientFactory {
  if (!existsSync(config.CHROMIUM_PATH)) {
    throw new ConfigError(`CHROMIUM_PATH: ${config.CHROMIUM_PATH} does not exist. Install Chromium (apt-get install chromium) or set CHROMIUM_PATH to its path.`);
  }
  return webClientFactory({
    chromiumPath: config.CHROMIUM_PATH,
    dataDir: config.DATA_DIR,
    ...(config.WHATSAPP_PAIRING_PHONE ? { pairingPhone: config.WHATSAPP_PAIRING_PHONE } : {}),
    runningAsRoot: process.getuid?.() === 0,
  });
}
