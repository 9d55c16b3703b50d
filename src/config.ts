// The environment, parsed once at start-up into a frozen, typed config. A wrong value stops
// the process with a message naming the variable and what it expects.
import { z } from 'zod';
import { LOCALES } from './i18n/locales.js';
import { ConfigError } from './core/errors.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Paris');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 20:00');

export const envSchema = z.object({
  /** Redis connection; when empty, 127.0.0.1:6379 is tried, then a local redis-server is started. */
  REDIS_URL: z.string().url('must be a URL such as redis://127.0.0.1:6379').optional(),
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - or _').default('pas'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOT_TIMEZONE: timeZone.default('Europe/Paris'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('fr'),
  DATA_DIR: z.string().min(1).default('./data'),
  FLOWS_DIR: z.string().min(1).default('./flows'),
  LOCALES_DIR: z.string().min(1).default('./locales'),
  /** A conversation left alone this long starts again from the menu. */
  SESSION_TTL_DAYS: z.coerce.number().positive('must be a positive number of days').default(30),
  /** Run the terminal chat even when a platform channel is configured. */
  TERMINAL_CHAT: bool.default(false),
  /** Who the terminal chat talks as (lets a tester keep several conversations). */
  TERMINAL_USER: z.string().min(1).default('local'),
  /** Several processes share one Redis (scaled out): order each person's messages through Redis. */
  MULTI_INSTANCE: bool.default(false),
  /** MULTI_INSTANCE: a person's lock, renewed every third of it during a turn; a crashed process's people are taken over after it. */
  MULTI_INSTANCE_LOCK_SECONDS: z.coerce.number().min(0.3, 'must be at least 0.3 seconds').default(30),
  /** Open the HTTP port even when no feature needs it, for /healthz and /metrics (servers: true). */
  HTTP_ENABLED: bool.default(false),
  /** One HTTP port for webhooks, /healthz, /metrics and admin pages. */
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Signs in at /admin/login to the admin routes (WhatsApp QR, queues dashboard). Without it they stay closed. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Set: GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. Empty: /metrics is open. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Past this many messages from one person within FLOOD_WINDOW_SECONDS: one "slow down", the rest ignored. */
  FLOOD_MAX_MESSAGES: z.coerce.number().int().positive().default(20),
  FLOOD_WINDOW_SECONDS: z.coerce.number().int().positive().default(10),
  /** Key of the hash that stands for a WhatsApp phone number in the logs (16+ characters); drawn at start when unset. */
  LOG_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The first SIGTERM/SIGINT finishes work in flight within this time, then the process leaves anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  /** At most this many of one person's messages wait for their turn; more are dropped at the door (counted in /metrics). */
  FLOOD_MAX_QUEUED: z.coerce.number().int().positive().default(40),
  QUIET_HOURS_START: hhmm.default('20:00'),
  QUIET_HOURS_END: hhmm.default('09:00'),
  /** Reminders sent per second at most, over all channels (BullMQ rate limiter). */
  REMINDER_SEND_RATE: z.coerce.number().int().min(1, 'must be at least 1').max(1000).default(20),
  /** Telegram: the token from BotFather. When set, the Telegram channel starts. */
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like 123456789:AA… (from BotFather)').optional(),
  /** Bot API server to talk to (a self-hosted one, or the local test server). */
  TELEGRAM_API_ROOT: z.string().url('must be a URL such as https://api.telegram.org').default('https://api.telegram.org'),
  /** Set: webhook mode (Telegram POSTs to this public https URL, served on HTTP_PORT). Empty: long polling. */
  TELEGRAM_WEBHOOK_URL: z.string().url('must be the public URL of the webhook, such as https://bot.example.org/telegram').optional(),
  /** Telegram sends it in a header with every webhook call; required with TELEGRAM_WEBHOOK_URL. */
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16 to 256 characters among A-Z a-z 0-9 _ -').optional(),
  /** Outbound pacing to Telegram (messages wait, never dropped). 0 lifts a limit (tests, benchmarks). */
  TELEGRAM_MAX_PER_SECOND: z.coerce.number().min(0).default(25),
  TELEGRAM_MAX_PER_CHAT_PER_SECOND: z.coerce.number().min(0).default(1),
  /** Messages a chat may receive at once before the per-chat pace applies (e.g. a text and its question). */
  TELEGRAM_CHAT_BURST: z.coerce.number().int().min(1).default(3),
  /** `npm run flows:check` lists rights/places facts verified longer ago than this (a warning). */
  RIGHTS_MAX_AGE_DAYS: z.coerce.number().int().positive('must be a positive number of days').default(365),
  /** The staff forum supergroup (one topic per conversation) of every team without its own. Empty: no person reachable. */
  TELEGRAM_STAFF_CHAT_ID: z.string().regex(/^-100\d{5,}$/, 'must be a supergroup id such as -1001234567890').optional(),
  /** The reception team's own staff group (flows/data/teams.yaml); empty: it shares TELEGRAM_STAFF_CHAT_ID. */
  TELEGRAM_ACCUEIL_CHAT_ID: z.string().regex(/^-100\d{5,}$/, 'must be a supergroup id such as -1001234567890').optional(),
  /** Messages a minute the bot sends in a staff group, all topics together (Telegram allows about 20); 0 = no budget. */
  TELEGRAM_STAFF_MAX_PER_MINUTE: z.coerce.number().min(0).default(20),
  /** Reminders one person may have at once; beyond, a kind message says how to delete some. */
  REMINDERS_PER_PERSON: z.coerce.number().int().positive().default(20),
  /** A person's messages posted one by one in their staff topic per minute; the rest come grouped in one post. */
  STAFF_TOPIC_MAX_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** A /present lasts at most this long (a forgotten /absent never makes the bot claim someone is there). */
  STAFF_DUTY_HOURS: z.coerce.number().positive('must be a positive number of hours').max(24).default(8),
  /** Minutes without a person taking a waiting conversation before the one "still waiting" update (counted from the usual opening when the team's sourced hours say it is closed). */
  HANDOFF_NO_ANSWER_MINUTES: z.coerce.number().positive('must be a positive number of minutes').default(20),
  /** Days an ended conversation (closed, handed back or stopped: its topic and records) is kept, without activity, before it is erased. */
  HANDOFF_RETENTION_DAYS: z.coerce.number().positive('must be a positive number of days').default(30),
  /** How often due "still waiting" updates and erasures are looked for. */
  HANDOFF_SWEEP_SECONDS: z.coerce.number().positive('must be a positive number of seconds').default(60),
  /** How long a staff membership check (getChatMember) is trusted. */
  STAFF_MEMBER_CACHE_SECONDS: z.coerce.number().min(0).default(60),
  /** WhatsApp (whatsapp-web.js, unofficial): starts the channel; the session is kept in DATA_DIR/whatsapp. */
  WHATSAPP_ENABLED: bool.default(false),
  /** The system Chromium that whatsapp-web.js drives (nothing downloads a browser). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** Link by an 8-letter code instead of a QR: the bot's own number, international digits only. */
  WHATSAPP_PAIRING_PHONE: z.string().regex(/^[1-9]\d{7,14}$/, 'digits only with the country code, such as 33612345678').optional(),
  /** Gentle sending: messages per minute at most, all chats together. */
  WHATSAPP_RATE_PER_MINUTE: z.coerce.number().int().min(1, 'must be at least 1').max(600).default(20),
  /** Least time between two messages to the same chat, and longest "typing…" shown before one. */
  WHATSAPP_CHAT_GAP_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  WHATSAPP_TYPING_MS: z.coerce.number().int().min(0).max(10_000).default(1_500),
  /** Reconnection pauses double from 2 s up to this many seconds. */
  WHATSAPP_RECONNECT_MAX_SECONDS: z.coerce.number().int().min(1).max(3_600).default(300),
  /** web: whatsapp-web.js (unofficial, a pilot); cloud: Meta's WhatsApp Business Cloud API (official). */
  WHATSAPP_MODE: z.enum(['web', 'cloud']).default('web'),
  /** Cloud API: the path of the webhook on HTTP_PORT (set the public URL of it in Meta's app dashboard). */
  WHATSAPP_CLOUD_WEBHOOK_PATH: z.string().regex(/^\/[A-Za-z0-9_\/-]*$/, 'must be a path such as /whatsapp').default('/whatsapp'),
  /** Cloud API: the word Meta sends back in the webhook handshake (chosen by you in the app dashboard). */
  WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Cloud API: the app secret (signs every webhook call, X-Hub-Signature-256). */
  WHATSAPP_CLOUD_APP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Cloud API: Graph API host (a local fake in tests). */
  WHATSAPP_CLOUD_API_ROOT: z.string().url('must be a URL such as https://graph.facebook.com').default('https://graph.facebook.com'),
  WHATSAPP_CLOUD_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must be a version such as v21.0').default('v21.0'),
  /** Cloud API: the id of the business phone number (not the number itself). */
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: z.string().regex(/^\d{5,}$/, 'must be the digits of the phone number id from the app dashboard').optional(),
  /** Cloud API: a system user's permanent access token. */
  WHATSAPP_CLOUD_TOKEN: z.string().min(20, 'must be the access token of a system user').optional(),
  /** Cloud API: messages per second for the number's tier, shared by all processes. */
  WHATSAPP_CLOUD_RATE_PER_SECOND: z.coerce.number().int().min(1, 'must be at least 1').max(1000).default(80),
  /** Months the anonymous usage counts are kept, counting the month itself (each month's keys expire at the start of the month this many months later). */
  USAGE_RETENTION_MONTHS: z.coerce.number().int().min(1, 'must be at least 1 month').max(120, 'must be at most 120 months').default(24),
}).superRefine((env, ctx) => {
  if (env.TELEGRAM_WEBHOOK_URL !== undefined && env.TELEGRAM_WEBHOOK_SECRET === undefined) {
    ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'is required with TELEGRAM_WEBHOOK_URL (e.g. openssl rand -hex 32)' });
  }
  if (env.WHATSAPP_ENABLED && env.WHATSAPP_MODE === 'cloud') {
    for (const name of ['WHATSAPP_CLOUD_VERIFY_TOKEN', 'WHATSAPP_CLOUD_APP_SECRET', 'WHATSAPP_CLOUD_PHONE_NUMBER_ID', 'WHATSAPP_CLOUD_TOKEN'] as const) {
      if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required with WHATSAPP_MODE=cloud' });
    }
  }
});

export type Config = Readonly<z.output<typeof envSchema>>;

/** Settings whose value is a secret: tokens, secrets, passwords, URLs that may hold credentials. */
const SECRET = /TOKEN|SECRET|PASSWORD|KEY|REDIS_URL/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value in .env means "not set", as people expect.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    // The value is shown only for settings that are not secrets (a token must never reach a log).
    const shown = (name: string): string => (SECRET.test(name) ? 'a value that is not shown: it is a secret' : JSON.stringify(cleaned[name] ?? null));
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${shown(String(i.path[0]))})`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}
