// WhatsApp messages → core Inbound. Pure: decides what the bot ignores (groups, statuses,
// its own messages, system notices) and what it cannot read (voice notes, images…).
import type { Inbound, UnsupportedKind } from '../../core/message.js';
import type { WaMessage } from './client.js';

/** One-to-one chats: classic phone jids and WhatsApp's newer "linked ids". */
const PERSONAL_CHAT = /^[0-9]+@(c\.us|lid)$/;

const UNSUPPORTED: Readonly<Record<string, UnsupportedKind>> = {
  ptt: 'voice',
  audio: 'audio',
  image: 'photo',
  album: 'photo',
  video: 'video',
  sticker: 'sticker',
  document: 'document',
  location: 'location',
  vcard: 'contact',
  multi_vcard: 'contact',
  poll_creation: 'other',
  scheduled_event_creation: 'other',
  groups_v4_invite: 'other',
  order: 'other',
  product: 'other',
  payment: 'other',
};

/** Text-bearing types; button and list replies only arrive from old clients and carry their label. */
const TEXT_TYPES = new Set(['chat', 'buttons_response', 'list_response', 'template_button_reply']);

export function isPersonalChat(jid: string): boolean {
  return PERSONAL_CHAT.test(jid);
}

/** The Inbound for a received message, or undefined when the bot must ignore it. */
export function toInbound(message: WaMessage, receivedAt: Date = new Date()): Inbound | undefined {
  if (message.fromMe || message.isStatus || message.broadcast === true) return undefined;
  if (!isPersonalChat(message.from)) return undefined; // groups (@g.us), status@broadcast, channels
  const address = { channel: 'whatsapp' as const, userId: message.from };
  const base = { address, receivedAt, messageId: message.id._serialized };
  if (TEXT_TYPES.has(message.type)) {
    const text = message.body.trim();
    return text ? { ...base, content: { kind: 'text', text } } : undefined;
  }
  const what = UNSUPPORTED[message.type];
  if (what) return { ...base, content: { kind: 'unsupported', what } };
  // Anything else with media is still something the person sent us; notices without media are not.
  if (message.hasMedia) return { ...base, content: { kind: 'unsupported', what: 'other' } };
  return undefined; // revoked, reactions, e2e/system notifications, call logs…
}
