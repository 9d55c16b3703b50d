// The core's vocabulary for messages. No platform type appears here: channel adapters
// translate their vendor objects to and from these shapes.
import type { Locale } from '../i18n/locales.js';

export const CHANNEL_IDS = ['terminal', 'telegram', 'whatsapp'] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** Who a message comes from or goes to: one person on one channel. */
export interface Address {
  channel: ChannelId;
  /** The channel's own id for the chat (Telegram chat id, WhatsApp jid, "local"). */
  userId: string;
}

export const UNSUPPORTED_KINDS = ['voice', 'audio', 'photo', 'video', 'sticker', 'document', 'location', 'contact', 'other'] as const;
export type UnsupportedKind = (typeof UNSUPPORTED_KINDS)[number];

export type InboundContent =
  /** Free text typed by the person. */
  | { kind: 'text'; text: string }
  /** A button pressed; `choiceId` is the opaque id the engine put on the choice. */
  | { kind: 'choice'; choiceId: string }
  /** A platform command such as Telegram's /start with a deep-link payload. */
  | { kind: 'start'; payload?: string }
  /** The person opened the chat again (terminal start): resume where they were. */
  | { kind: 'open' }
  /** Something the bot cannot read (voice note, photo, sticker, location…). */
  | { kind: 'unsupported'; what: UnsupportedKind };

export interface Inbound {
  address: Address;
  content: InboundContent;
  receivedAt: Date;
  /** The platform's language code when it tells us (e.g. Telegram's "fr", "ar-MA"). */
  languageCode?: string;
  /** The platform's message id, for de-duplication and relaying. */
  messageId?: string;
  /** The person's first name as the platform gives it (never logged). */
  firstName?: string;
}

export interface Choice {
  /** Opaque id given back in an inbound `choice` when the button is pressed. */
  id: string;
  label: string;
  /** The number to show and type for it, when not its place in the list (counts start at 0). */
  number?: number;
}

/** The files a message may carry between a person and an educator (stickers, locations… are not relayed). */
export const MEDIA_KINDS = ['photo', 'document', 'voice', 'audio', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * The largest file relayed either way: the Bot API lets a bot download files up to 20 MB (getFile), and
 * upload photos up to 10 MB and other files up to 50 MB; the bytes are also held in memory while relayed.
 * A larger file is not relayed: the staff get the placeholder, or the educator is told.
 */
export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/** A file to send. Its bytes live in memory only while it is relayed: never in Redis, never in logs. */
export interface OutboundMedia {
  kind: MediaKind;
  data: Buffer;
  mimeType: string;
  fileName?: string;
}

/** A file a person sent, fetched from their platform: the file and the caption they typed, if any. */
export interface InboundMedia {
  media: OutboundMedia;
  caption?: string;
}

export interface Outbound {
  /** The message, or the caption of `media`. */
  text: string;
  /** A file sent with `text` as its caption (an educator's photo or voice note). */
  media?: OutboundMedia;
  choices?: Choice[];
  locale?: Locale;
  /**
   * 'urgent': help numbers after crisis words, sent ahead of everything; 'high': a reminder delivery,
   * ahead of ordinary replies but after urgent messages. Each level keeps its own order.
   */
  priority?: 'urgent' | 'high';
}

export function addressKey(address: Address): string {
  return `${address.channel}:${address.userId}`;
}
