// One pino root logger (JSON). Modules take a child with `logger('name')`. Message texts,
// phone numbers and names are redacted by key so they never reach the logs by accident.
import pino, { type Logger } from 'pino';

export const REDACTED_KEYS = ['text', 'phone', 'firstName', 'lastName', 'name', 'message.text', 'content.text', 'payload'];

let root: Logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'passerelle' },
  redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' },
});

export function setRootLogger(next: Logger): void {
  root = next;
}

export function rootLogger(): Logger {
  return root;
}

export function logger(module: string): Logger {
  return root.child({ module });
}
