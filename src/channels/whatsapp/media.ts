// Files on WhatsApp ⇄ core media. Pure, but for the one download call: which received messages carry
// a file the staff can get, how large it may be, and how a core file is sent (voice note, document…).
import { z } from 'zod';
import type { InboundMedia, MediaKind, OutboundMedia } from '../../core/message.js';
import type { WaMediaMessage, WaSendOptions } from './client.js';

/** Message types whose file is relayed (a sticker, a location or a contact is not). */
const RELAYED: Readonly<Record<string, MediaKind>> = { ptt: 'voice', audio: 'audio', image: 'photo', video: 'video', document: 'document' };

const rawSize = z.object({ size: z.number().int().nonnegative() });

/**
 * Downloads the file of a received message: undefined when it carries none the staff can get, when
 * WhatsApp no longer has it, or when it is over `maxBytes` (checked before the download when WhatsApp
 * tells the size, and after it in any case).
 */
export async function downloadInboundMedia(message: WaMediaMessage, maxBytes: number): Promise<InboundMedia | undefined> {
  const kind = RELAYED[message.type];
  if (!kind || !message.hasMedia) return undefined;
  const announced = rawSize.safeParse(message.rawData);
  if (announced.success && announced.data.size > maxBytes) return undefined;
  const file = await message.downloadMedia();
  // Base64 takes 4 characters for 3 bytes: refuse before decoding a file that is too large anyway.
  if (!file || file.data.length > Math.ceil(maxBytes / 3) * 4) return undefined;
  const data = Buffer.from(file.data, 'base64');
  if (data.length > maxBytes) return undefined;
  const media: OutboundMedia = { kind, data, mimeType: file.mimetype, ...(file.filename ? { fileName: file.filename } : {}) };
  // A file's caption is its body (whatsapp-web.js sets body to the caption for media).
  const caption = message.body.trim();
  return caption ? { media, caption } : { media };
}

/**
 * How a file is sent: photos, videos and documents carry the text as their caption; WhatsApp shows
 * none under a voice note or an audio file, so their text goes in a message just before (`textFirst`).
 */
export function sendPlan(media: OutboundMedia, text: string): { options: WaSendOptions; textFirst?: string } {
  switch (media.kind) {
    case 'voice':
      return { options: { sendAudioAsVoice: true }, ...(text ? { textFirst: text } : {}) };
    case 'audio':
      return { options: {}, ...(text ? { textFirst: text } : {}) };
    case 'document':
      return { options: { sendMediaAsDocument: true, ...(text ? { caption: text } : {}) } };
    case 'photo':
    case 'video':
      return { options: text ? { caption: text } : {} };
  }
}
