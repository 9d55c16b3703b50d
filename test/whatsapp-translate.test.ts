// WhatsApp ⇄ core translation: what the bot reads, what it ignores, and how choices are written.
import { describe, expect, it } from 'vitest';
import type { WaMessage } from '../src/channels/whatsapp/client.js';
import { formatOutbound } from '../src/channels/whatsapp/format.js';
import { toInbound } from '../src/channels/whatsapp/translate.js';
import { matchChoice } from '../src/engine/match.js';
import { realContent } from './support/whatsapp-channel.js';

const USER = '33612345678@c.us';

function message(fields: Partial<WaMessage>): WaMessage {
  return { from: USER, to: '33700000000@c.us', body: '', type: 'chat', fromMe: false, isStatus: false, hasMedia: false, timestamp: 1_764_000_000, id: { _serialized: 'false_x_1' }, ...fields };
}

describe('WhatsApp inbound', () => {
  it('turns a text into an Inbound with the jid as user id and the message id', () => {
    const got = toInbound(message({ body: '  Bonjour  ' }));
    expect(got).toMatchObject({ address: { channel: 'whatsapp', userId: USER }, content: { kind: 'text', text: 'Bonjour' }, messageId: 'false_x_1' });
  });

  it('accepts linked-id chats (@lid) as one-to-one chats', () => {
    expect(toInbound(message({ from: '123456789012345@lid', body: 'salut' }))?.address.userId).toBe('123456789012345@lid');
  });

  it.each([
    ['ptt', 'voice'],
    ['audio', 'audio'],
    ['image', 'photo'],
    ['video', 'video'],
    ['sticker', 'sticker'],
    ['document', 'document'],
    ['location', 'location'],
    ['vcard', 'contact'],
    ['poll_creation', 'other'],
  ])('reports %s as unsupported (%s), even with a caption', (type, what) => {
    expect(toInbound(message({ type, body: 'a caption', hasMedia: true }))?.content).toEqual({ kind: 'unsupported', what });
  });

  it('reports an unknown media type as unsupported "other"', () => {
    expect(toInbound(message({ type: 'something_new', hasMedia: true }))?.content).toEqual({ kind: 'unsupported', what: 'other' });
  });

  it.each([
    ['a group', message({ from: '120363000000000001@g.us', body: 'hi' })],
    ['a status update', message({ from: 'status@broadcast', isStatus: true, body: 'hi' })],
    ['a broadcast list', message({ broadcast: true, body: 'hi' })],
    ['a channel (newsletter)', message({ from: '120363000000000002@newsletter', body: 'hi' })],
    ['its own message', message({ fromMe: true, body: 'hi' })],
    ['a deleted message', message({ type: 'revoked' })],
    ['a reaction', message({ type: 'reaction', body: '👍' })],
    ['an encryption notice', message({ type: 'e2e_notification' })],
    ['an empty text', message({ body: '   ' })],
  ])('ignores %s', (_what, msg) => {
    expect(toInbound(msg)).toBeUndefined();
  });
});

describe('WhatsApp choices as numbered text', () => {
  const { texts } = realContent();
  const choices = [
    { id: 'rappels:when:today', label: "Aujourd'hui" },
    { id: 'rappels:when:tomorrow', label: 'Demain' },
    { id: 'rappels:when:later', label: 'Plus tard' },
  ];

  it('numbers the choices and asks for a digit in the message locale', () => {
    expect(formatOutbound({ text: 'Quand ?', choices, locale: 'fr' }, texts, 'fr')).toBe("Quand ? Répondez 1, 2 ou 3.\n\n1. Aujourd'hui\n2. Demain\n3. Plus tard");
    expect(formatOutbound({ text: 'When?', choices, locale: 'en' }, texts, 'fr')).toMatch(/^When\? Reply 1, 2 or 3\.\n/);
    expect(formatOutbound({ text: 'متى؟', choices, locale: 'ar' }, texts, 'fr')).toMatch(/^متى؟ .*أجب بـ 1، 2 أو 3\.\n/);
    expect(formatOutbound({ text: 'Ok ?', choices: choices.slice(0, 1) }, texts, 'fr')).toMatch(/^Ok \? Répondez 1\.\n/);
  });

  it('leaves a message without choices as it is', () => {
    expect(formatOutbound({ text: 'Bonjour' }, texts, 'fr')).toBe('Bonjour');
  });

  it.each([
    ['2', 1],
    ['٢', 1],
    ['demain', 1],
    ['Demainn', 1],
    ['plus tard', 2],
    ['aujourdhui', 0],
    ['7', -1],
  ])('the engine reads the answer %j as choice %i', (typed, index) => {
    expect(matchChoice(typed, choices.map((c) => c.label))).toBe(index);
  });
});
