// Webhook authenticity: Meta signs each POST with HMAC-SHA256 of the raw body and the app secret
// (X-Hub-Signature-256: sha256=<hex>); the GET handshake echoes hub.challenge when hub.verify_token
// is ours. Both compare in constant time so timing reveals nothing of the secret.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** True when `header` is `sha256=<hex>` of HMAC-SHA256(raw, appSecret). */
export function validSignature(raw: Buffer | string, header: string | undefined, appSecret: string): boolean {
  if (!header) return false;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}

/** The header value Meta would send for `raw` (for tests and the fake Graph API). */
export function signBody(raw: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/** Constant-time string equality (hashed first, so lengths may differ). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The GET handshake: the challenge to echo, or undefined (answer 403). */
export function handshakeChallenge(query: (name: string) => string | undefined, verifyToken: string): string | undefined {
  if (query('hub.mode') !== 'subscribe') return undefined;
  if (!sameSecret(query('hub.verify_token'), verifyToken)) return undefined;
  return query('hub.challenge');
}
