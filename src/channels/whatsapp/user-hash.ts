// A WhatsApp user id is a phone number: logs carry a short keyed hash instead (HMAC-SHA256), enough
// to follow one person through the logs. A plain hash of a phone number is reversed in seconds by
// trying every number; with a secret key (LOG_HASH_KEY, or one drawn at start) it is not.
import { createHmac, randomBytes } from 'node:crypto';

export type UserHasher = (jid: string) => string;

/** Hashes with `key`; without one, with a key drawn now (hashes then differ from one start to the next). */
export function userHasher(key: string | undefined): UserHasher {
  const secret = key ?? randomBytes(32).toString('hex');
  return (jid) => createHmac('sha256', secret).update(jid).digest('hex').slice(0, 12);
}

/** An error as it may be logged: whatsapp-web.js messages can quote a jid, so long numbers are masked. */
export function safeError(err: unknown): { name: string; message: string } {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return { name, message: message.replace(/\d{6,}/g, '<number>') };
}
