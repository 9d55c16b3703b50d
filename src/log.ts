// pino loggers (JSON). Message texts, phone numbers and names are redacted by key, so they never
// reach the logs by accident; modules take a child logger named for them.
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACTED_KEYS = ['text', 'phone', 'firstName', 'lastName', 'name', 'message.text', 'content.text', 'payload'];

export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  const options = {
    level: opts.level ?? 'info',
    base: { service: 'passerelle' },
    redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
