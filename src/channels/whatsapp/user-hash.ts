// A WhatsApp user id is a phone number: logs carry a short hash instead, enough to follow one
// person through the logs. Not anonymous (phone numbers can be enumerated): keep logs private.
import { createHash } from 'node:crypto';

export function userHash(jid: string): string {
  return createHash('sha256').update(`passerelle:${jid}`).digest('hex').slice(0, 10);
}

/** An error as it may be logged: whatsapp-web.js messages can quote a jid, so long numbers are masked. */
export function safeError(err: unknown): { name: string; message: string } {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return { name, message: message.replace(/\d{6,}/g, '<number>') };
}
