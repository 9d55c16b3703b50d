// A WhatsApp phone number stands in the logs as a keyed hash: the same person gets the same hash
// under one key, and the hash cannot be found again by hashing every phone number without the key.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { userHasher } from '../../src/channels/whatsapp/user-hash.js';

const jid = '33612345678@c.us';

describe('the phone number hash in logs', () => {
  it('is stable under one key and differs under another', () => {
    const key = 'a-log-hash-key-for-tests';
    expect(userHasher(key)(jid)).toBe(userHasher(key)(jid));
    expect(userHasher(key)(jid)).not.toBe(userHasher('another-key-for-the-test')(jid));
    expect(userHasher(key)(jid)).not.toContain('612345678');
  });

  it('is not the plain hash anyone could compute from the number', () => {
    const plain = (s: string): string => createHash('sha256').update(s).digest('hex');
    const hash = userHasher(undefined)(jid);
    expect(plain(jid)).not.toContain(hash);
    expect(plain(`passerelle:${jid}`)).not.toContain(hash);
    // Without a configured key, each start draws its own.
    expect(userHasher(undefined)(jid)).not.toBe(hash);
  });
});
