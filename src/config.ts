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
  /** Open the HTTP port even when no feature needs it, for /healthz and /metrics (servers: true). */
  HTTP_ENABLED: bool.default(false),
  /** One HTTP port for webhooks, /healthz, /metrics and admin pages. */
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Protects admin routes (WhatsApp QR, queues dashboard). Without it they stay closed. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Past this many messages from one person within FLOOD_WINDOW_SECONDS: one "slow down", the rest ignored. */
  FLOOD_MAX_MESSAGES: z.coerce.number().int().positive().default(20),
  FLOOD_WINDOW_SECONDS: z.coerce.number().int().positive().default(10),
  QUIET_HOURS_START: hhmm.default('20:00'),
  QUIET_HOURS_END: hhmm.default('09:00'),
});

export type Config = Readonly<z.output<typeof envSchema>>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value in .env means "not set", as people expect.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])] ?? null)})`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}
