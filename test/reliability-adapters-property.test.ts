// Reliability (issue #8): property-based tests of the channel adapters' translation with arbitrary
// text — emoji and composed graphemes, right-to-left text, control characters, lone surrogates,
// very long messages. The adapters never throw, and always give a core message or a documented
// silence (WhatsApp: groups, statuses, the bot's own and empty messages are ignored).
// The engine's own property tests are in engine-property.test.ts.
import fc from 'fast-check';
import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { COMMANDS, contentOfMessage, parseCommand, type CommandWords } from '../src/channels/telegram/inbound.js';
import { MAX_TEXT, splitText } from '../src/channels/telegram/outbound.js';
import type { WaMessage } from '../src/channels/whatsapp/client.js';
import { formatOutbound } from '../src/channels/whatsapp/format.js';
import { isPersonalChat, toInbound } from '../src/channels/whatsapp/translate.js';
import { UNSUPPORTED_KINDS } from '../src/core/message.js';
import { realContent } from './support/reminders-app.js';

const TRICKY = [
  '👍', '🙏🏽', '👨‍👩‍👧‍👦', '🇫🇷', 'é', 'e\u0301', 'مرحبا', 'שלום', '\u202E', '\u200F', '\u200D', '\uFEFF', '\u00A0',
  '\u0000', '\u0007', '\u001b', '\u0085', '\u2028', '\r', '\n', '\n\n', '\t', ' ', '/', '@', '/start', '/menu', '\uD800', '\uDC00',
];
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'mot', ' ') },
);
const text = (maxLength: number): fc.Arbitrary<string> => fc.array(unit, { maxLength }).map((parts) => parts.join(''));
const anyText = fc.oneof(text(40), fc.string(), fc.string({ unit: 'binary' }));

const strip = (s: string): string => s.replace(/\s/g, '');
const codePoints = (s: string): number => [...s].length;
/** No lone surrogate (String.prototype.isWellFormed is not in this project's TypeScript lib). */
const wellFormed = (s: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('Telegram outbound: splitText', () => {
  it('keeps every character (but whitespace at cuts), parts within the limit, none empty, pairs never cut', () => {
    // Some texts open with many blank lines: a first window of whitespace alone once gave an empty part.
    const inputs = fc.oneof(text(300), fc.tuple(fc.nat(150), text(200)).map(([n, t]) => `${'\n'.repeat(n)}${t}`));
    fc.assert(
      fc.property(inputs, fc.integer({ min: 8, max: 64 }), (input, max) => {
        const parts = splitText(input, max);
        expect(strip(parts.join(''))).toBe(strip(input));
        for (const part of parts) expect(codePoints(part)).toBeLessThanOrEqual(max);
        if (strip(input) !== '') for (const part of parts) expect(strip(part)).not.toBe('');
        // A well-formed text stays well formed: no emoji or other surrogate pair cut in two.
        if (wellFormed(input)) for (const part of parts) expect(wellFormed(part)).toBe(true);
        if (codePoints(input) <= max) expect(parts).toEqual([input]);
      }),
      { numRuns: 400 },
    );
  });

  it('very long messages at the real limit (4096 characters)', () => {
    const long = fc.oneof(
      fc.array(unit, { minLength: 4000, maxLength: 12_000 }).map((p) => p.join('')),
      fc.constantFrom('👍'.repeat(5000), 'مرحبا '.repeat(2000), `${'\n'.repeat(3000)}${'x'.repeat(3000)}`, `a${' '.repeat(9000)}b`),
    );
    fc.assert(
      fc.property(long, (input) => {
        const parts = splitText(input);
        expect(strip(parts.join(''))).toBe(strip(input));
        for (const part of parts) {
          expect(codePoints(part)).toBeLessThanOrEqual(MAX_TEXT);
          expect(strip(part)).not.toBe('');
        }
      }),
      { numRuns: 40 },
    );
  });
});

const WORDS: CommandWords = { menu: 'menu', help: 'aide', language: 'langue', stop: 'stop' };
const sender = { id: 5, is_bot: false, first_name: 'Test' };
const chat = { id: 5, type: 'private' as const, first_name: 'Test' };
function telegramMessage(fields: Partial<Message>): Message {
  return { message_id: 1, date: 1_764_000_000, chat, from: sender, ...fields } as Message;
}
const MEDIA: Array<[keyof Message, string]> = [
  ['voice', 'voice'], ['audio', 'audio'], ['photo', 'photo'], ['video', 'video'], ['video_note', 'video'], ['animation', 'video'],
  ['sticker', 'sticker'], ['document', 'document'], ['location', 'location'], ['venue', 'location'], ['contact', 'contact'], ['poll', 'other'], ['dice', 'other'],
];

describe('Telegram inbound: contentOfMessage', () => {
  it('any text: the text as typed, /start (with its payload), or the word a menu command stands for', () => {
    const withCommands = fc.oneof(anyText, fc.tuple(fc.constantFrom(...COMMANDS, 'START', 'unknown'), fc.constantFrom('', '@test_bot', '@x'), anyText).map(([c, at, rest]) => `/${c}${at} ${rest}`));
    fc.assert(
      fc.property(withCommands, (input) => {
        const content = contentOfMessage(telegramMessage({ text: input }), WORDS);
        const command = parseCommand(input);
        if (command?.name === 'start') {
          expect(content.kind).toBe('start');
          if (content.kind === 'start') expect(content.payload ?? '').toBe(command.payload);
        } else if (command && command.name in WORDS) {
          expect(content).toEqual({ kind: 'text', text: WORDS[command.name as keyof CommandWords] });
        } else {
          expect(content).toEqual({ kind: 'text', text: input });
        }
      }),
      { numRuns: 400 },
    );
  });

  it('anything without text: an "unsupported" message of a known kind (never a throw, never a silence)', () => {
    fc.assert(
      fc.property(fc.subarray(MEDIA, { minLength: 0 }), fc.option(anyText, { nil: undefined }), (media, caption) => {
        const fields: Record<string, unknown> = Object.fromEntries(media.map(([key]) => [key, {}]));
        if (caption !== undefined) fields.caption = caption;
        const content = contentOfMessage(telegramMessage(fields as Partial<Message>), WORDS);
        expect(content.kind).toBe('unsupported');
        if (content.kind === 'unsupported') {
          expect(UNSUPPORTED_KINDS).toContain(content.what);
          expect(media.length === 0 ? ['other'] : media.map(([, kind]) => kind)).toContain(content.what);
        }
      }),
      { numRuns: 200 },
    );
  });
});

const WA_TYPES = ['chat', 'buttons_response', 'list_response', 'template_button_reply', 'ptt', 'audio', 'image', 'album', 'video', 'sticker', 'document', 'location', 'vcard', 'multi_vcard', 'poll_creation', 'revoked', 'e2e_notification', 'call_log', 'reaction', 'ciphertext', 'unknown'];
const jid = fc.oneof(
  fc.stringMatching(/^[1-9][0-9]{7,14}@(c\.us|lid)$/),
  fc.stringMatching(/^[0-9]{10,20}-?[0-9]*@g\.us$/),
  fc.constantFrom('status@broadcast', '120363000000000000@newsletter', '', '@c.us', '33612345678@c.us\n'),
  anyText,
);
const waMessage: fc.Arbitrary<WaMessage> = fc.record({
  from: jid,
  to: fc.constant('33700000000@c.us'),
  body: anyText,
  type: fc.oneof(fc.constantFrom(...WA_TYPES), fc.string()),
  fromMe: fc.boolean(),
  isStatus: fc.boolean(),
  broadcast: fc.option(fc.boolean(), { nil: undefined }),
  hasMedia: fc.boolean(),
  timestamp: fc.integer({ min: 0, max: 2_000_000_000 }),
  id: fc.record({ _serialized: fc.string() }),
}) as fc.Arbitrary<WaMessage>;

describe('WhatsApp translation', () => {
  it('toInbound: a core message for a person, or the documented silence', () => {
    fc.assert(
      fc.property(waMessage, (m) => {
        const inbound = toInbound(m, new Date(0));
        const ignoredSender = m.fromMe || m.isStatus || m.broadcast === true || !isPersonalChat(m.from);
        if (ignoredSender) {
          expect(inbound).toBeUndefined();
          return;
        }
        if (inbound === undefined) {
          // Silence only for empty texts and notices without media (revoked, reactions, system…).
          const textType = ['chat', 'buttons_response', 'list_response', 'template_button_reply'].includes(m.type);
          expect(textType ? m.body.trim() === '' : !m.hasMedia).toBe(true);
          return;
        }
        expect(inbound.address).toEqual({ channel: 'whatsapp', userId: m.from });
        expect(inbound.messageId).toBe(m.id._serialized);
        if (inbound.content.kind === 'text') expect(inbound.content.text).toBe(m.body.trim());
        else expect(inbound.content.kind).toBe('unsupported');
      }),
      { numRuns: 500 },
    );
  });

  it('formatOutbound: the text, then one numbered line per choice', () => {
    const { texts } = realContent();
    fc.assert(
      fc.property(anyText, fc.array(fc.record({ id: fc.string(), label: anyText }), { maxLength: 12 }), fc.constantFrom('fr', 'en', 'ar') as fc.Arbitrary<'fr' | 'en' | 'ar'>, (body, choices, locale) => {
        const out = formatOutbound({ text: body, choices, locale }, texts, 'fr');
        expect(out.startsWith(body)).toBe(true);
        choices.forEach((c, i) => expect(out).toContain(`${i + 1}. ${c.label}`));
        if (choices.length === 0) expect(out).toBe(body);
      }),
      { numRuns: 300 },
    );
  });
});
