// The webhook payload (Graph API "whatsapp_business_account" object), validated with zod, and its
// messages translated to core Inbound. Fields we do not use are let through (passthrough) so a
// new field from Meta never makes a delivery fail.
import { z } from 'zod';
import type { Inbound, UnsupportedKind } from '../../core/message.js';

const mediaRef = z.object({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional() }).passthrough();

const messageSchema = z
  .object({
    from: z.string(),
    id: z.string(),
    timestamp: z.string(),
    type: z.string(),
    text: z.object({ body: z.string() }).passthrough().optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z.object({ id: z.string(), title: z.string().optional() }).passthrough().optional(),
        list_reply: z.object({ id: z.string(), title: z.string().optional() }).passthrough().optional(),
      })
      .passthrough()
      .optional(),
    /** A quick-reply button of a template: its payload is the id we put on it. */
    button: z.object({ payload: z.string().optional(), text: z.string().optional() }).passthrough().optional(),
    audio: mediaRef.extend({ voice: z.boolean().optional() }).optional(),
    image: mediaRef.optional(),
    document: mediaRef.optional(),
    video: mediaRef.optional(),
    sticker: mediaRef.optional(),
  })
  .passthrough();

const statusSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    timestamp: z.string().optional(),
    recipient_id: z.string().optional(),
    errors: z.array(z.object({ code: z.number(), title: z.string().optional() }).passthrough()).optional(),
  })
  .passthrough();

export const webhookSchema = z
  .object({
    object: z.string(),
    entry: z.array(
      z
        .object({
          id: z.string().optional(),
          changes: z.array(
            z
              .object({
                field: z.string().optional(),
                value: z
                  .object({
                    messaging_product: z.string().optional(),
                    metadata: z.object({ phone_number_id: z.string().optional(), display_phone_number: z.string().optional() }).passthrough().optional(),
                    contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).passthrough().optional() }).passthrough()).optional(),
                    messages: z.array(messageSchema).optional(),
                    statuses: z.array(statusSchema).optional(),
                  })
                  .passthrough(),
              })
              .passthrough(),
          ),
        })
        .passthrough(),
    ),
  })
  .passthrough();

export type WebhookPayload = z.output<typeof webhookSchema>;
export type CloudMessage = z.output<typeof messageSchema>;
export type CloudStatus = z.output<typeof statusSchema>;

/** A person's message, with the media id to fetch when it carries a file. */
export interface CloudInbound {
  inbound: Inbound;
  media?: { id: string; mimeType?: string; caption?: string; fileName?: string; kind: 'voice' | 'audio' | 'photo' | 'document' | 'video' };
}

export interface WebhookContents {
  messages: CloudInbound[];
  statuses: CloudStatus[];
}

/**
 * Everything a delivery holds, for our phone number only (`phoneNumberId`: a shared app may get
 * other numbers' deliveries). Messages keep the order Meta gave.
 */
export function readWebhook(payload: WebhookPayload, phoneNumberId?: string): WebhookContents {
  const out: WebhookContents = { messages: [], statuses: [] };
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      const value = change.value;
      const number = value.metadata?.phone_number_id;
      if (phoneNumberId !== undefined && number !== undefined && number !== phoneNumberId) continue;
      const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
      for (const message of value.messages ?? []) out.messages.push(toCloudInbound(message, names.get(message.from)));
      out.statuses.push(...(value.statuses ?? []));
    }
  }
  return out;
}

/**
 * The core userId of a WhatsApp number: its wa_id digits (33612345678). The web adapter's ids are
 * jids (33612345678@c.us): people's state does not carry over when a centre switches modes.
 */
export function userIdOf(waId: string): string {
  return waId;
}

/** The Graph API's `to` (digits only) for a core userId; a web-mode jid is accepted too. */
export function waIdOf(userId: string): string {
  return userId.replace(/@c\.us$/, '');
}

export function toCloudInbound(message: CloudMessage, name?: string): CloudInbound {
  const seconds = Number(message.timestamp);
  const inbound: Inbound = {
    address: { channel: 'whatsapp', userId: userIdOf(message.from) },
    content: { kind: 'unsupported', what: 'other' },
    receivedAt: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(),
    messageId: message.id,
    ...(name ? { firstName: name.split(/\s+/)[0] ?? name } : {}),
  };
  const unsupported = (what: UnsupportedKind): CloudInbound => ({ inbound: { ...inbound, content: { kind: 'unsupported', what } } });
  switch (message.type) {
    case 'text':
      return message.text ? { inbound: { ...inbound, content: { kind: 'text', text: message.text.body } } } : unsupported('other');
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      return reply ? { inbound: { ...inbound, content: { kind: 'choice', choiceId: reply.id } } } : unsupported('other');
    }
    case 'button': {
      // A payload we set is a choice id; without one, Meta gives the button's text as its payload.
      const payload = message.button?.payload;
      if (payload && payload !== message.button?.text) return { inbound: { ...inbound, content: { kind: 'choice', choiceId: payload } } };
      return message.button?.text ? { inbound: { ...inbound, content: { kind: 'text', text: message.button.text } } } : unsupported('other');
    }
    case 'audio': {
      const kind = message.audio?.voice ? 'voice' : 'audio';
      return withMedia(unsupported(kind), message.audio, kind);
    }
    case 'image':
      return withMedia(unsupported('photo'), message.image, 'photo');
    case 'document':
      return withMedia(unsupported('document'), message.document, 'document');
    case 'video':
      return withMedia(unsupported('video'), message.video, 'video');
    case 'sticker':
      return unsupported('sticker');
    case 'location':
      return unsupported('location');
    case 'contacts':
      return unsupported('contact');
    default:
      return unsupported('other');
  }
}

function withMedia(base: CloudInbound, ref: z.output<typeof mediaRef> | undefined, kind: NonNullable<CloudInbound['media']>['kind']): CloudInbound {
  if (!ref) return base;
  return {
    ...base,
    media: {
      id: ref.id,
      kind,
      ...(ref.mime_type ? { mimeType: ref.mime_type } : {}),
      ...(ref.caption ? { caption: ref.caption } : {}),
      ...(ref.filename ? { fileName: ref.filename } : {}),
    },
  };
}
