// The webhook's pure parts: the signature and handshake checks, and a delivery → Inbound.
import { describe, expect, it } from 'vitest';
import { handshakeChallenge, signBody, validSignature } from '../../src/channels/whatsapp-cloud/signature.js';
import { readWebhook, webhookSchema } from '../../src/channels/whatsapp-cloud/payload.js';

const SECRET = 'app-secret-0123456789';

describe('X-Hub-Signature-256', () => {
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
  it('accepts the HMAC of the raw body with the app secret', () => {
    expect(validSignature(body, signBody(body, SECRET), SECRET)).toBe(true);
  });
  it('refuses another secret, a changed body, a missing or malformed header', () => {
    expect(validSignature(body, signBody(body, 'another-secret-0123'), SECRET)).toBe(false);
    expect(validSignature(Buffer.from(`${body.toString()} `), signBody(body, SECRET), SECRET)).toBe(false);
    expect(validSignature(body, undefined, SECRET)).toBe(false);
    expect(validSignature(body, 'sha256=abc', SECRET)).toBe(false);
    expect(validSignature(body, signBody(body, SECRET).replace('sha256=', 'sha1='), SECRET)).toBe(false);
  });
});

describe('GET handshake', () => {
  const query = (q: Record<string, string>) => (name: string) => q[name];
  it('echoes the challenge for subscribe with our verify token', () => {
    expect(handshakeChallenge(query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-token-123456', 'hub.challenge': '1158201444' }), 'verify-token-123456')).toBe('1158201444');
  });
  it('refuses a wrong token or mode', () => {
    expect(handshakeChallenge(query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }), 'verify-token-123456')).toBeUndefined();
    expect(handshakeChallenge(query({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'verify-token-123456', 'hub.challenge': '1' }), 'verify-token-123456')).toBeUndefined();
  });
});

function delivery(messages: unknown[], statuses: unknown[] = [], phoneNumberId = '106540352242922') {
  return webhookSchema.parse({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: 'Amina B' }, wa_id: '33612345678' }],
              messages,
              statuses,
            },
          },
        ],
      },
    ],
  });
}

const base = { from: '33612345678', timestamp: '1733130000' };

describe('delivery → Inbound', () => {
  it('maps text, button and list replies, with the id we sent', () => {
    const { messages } = readWebhook(
      delivery([
        { ...base, id: 'wamid.1', type: 'text', text: { body: 'Bonjour' } },
        { ...base, id: 'wamid.2', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'c:oui', title: 'Oui' } } },
        { ...base, id: 'wamid.3', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'c:7', title: '7. CAF' } } },
      ]),
      '106540352242922',
    );
    expect(messages.map((m) => m.inbound.content)).toEqual([
      { kind: 'text', text: 'Bonjour' },
      { kind: 'choice', choiceId: 'c:oui' },
      { kind: 'choice', choiceId: 'c:7' },
    ]);
    expect(messages[0]?.inbound.address).toEqual({ channel: 'whatsapp', userId: '33612345678' });
    expect(messages[0]?.inbound.messageId).toBe('wamid.1');
    expect(messages[0]?.inbound.firstName).toBe('Amina');
    expect(messages[0]?.inbound.receivedAt.getTime()).toBe(1733130000 * 1000);
  });

  it('marks files unsupported with their kind and keeps the media id to fetch', () => {
    const { messages } = readWebhook(
      delivery([
        { ...base, id: 'wamid.v', type: 'audio', audio: { id: 'media-1', mime_type: 'audio/ogg; codecs=opus', voice: true } },
        { ...base, id: 'wamid.p', type: 'image', image: { id: 'media-2', mime_type: 'image/jpeg', caption: 'ma facture' } },
        { ...base, id: 'wamid.s', type: 'sticker', sticker: { id: 'media-3', mime_type: 'image/webp' } },
        { ...base, id: 'wamid.r', type: 'reaction', reaction: { message_id: 'x', emoji: '👍' } },
      ]),
    );
    expect(messages.map((m) => m.inbound.content)).toEqual([
      { kind: 'unsupported', what: 'voice' },
      { kind: 'unsupported', what: 'photo' },
      { kind: 'unsupported', what: 'sticker' },
      { kind: 'unsupported', what: 'other' },
    ]);
    expect(messages[0]?.media).toMatchObject({ id: 'media-1', kind: 'voice' });
    expect(messages[1]?.media).toMatchObject({ id: 'media-2', kind: 'photo', caption: 'ma facture' });
    expect(messages[2]?.media).toBeUndefined();
  });

  it('returns statuses, and ignores another phone number’s deliveries', () => {
    const payload = delivery([{ ...base, id: 'wamid.1', type: 'text', text: { body: 'x' } }], [{ id: 'wamid.out', status: 'failed', recipient_id: '33612345678', errors: [{ code: 131026 }] }]);
    expect(readWebhook(payload, '106540352242922').statuses.map((s) => s.status)).toEqual(['failed']);
    expect(readWebhook(payload, '999999').messages).toEqual([]);
  });

  it('refuses a body that is not a WhatsApp delivery', () => {
    expect(webhookSchema.safeParse({ hello: 'world' }).success).toBe(false);
  });
});
