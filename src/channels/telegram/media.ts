// Files on Telegram: a core OutboundMedia uploaded with the Bot API method that shows it best, and the
// file a staff message carries, described for the handoff. No I/O besides the one upload call.
import { InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import type { MediaKind, OutboundMedia } from '../../core/message.js';

/** Telegram's caption limit (characters after entity parsing); a longer text goes in a message of its own. */
export const MAX_CAPTION = 1024;
/** sendPhoto takes photos up to 10 MB; a larger picture still goes through as a document. */
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

type UploadMethod = 'sendPhoto' | 'sendDocument' | 'sendVoice' | 'sendAudio' | 'sendVideo';

export interface UploadOptions {
  caption?: string;
  message_thread_id?: number;
  reply_markup?: InlineKeyboardMarkup;
}

/** The upload method for a file: what Telegram can play as a voice note, audio or video, else a document. */
export function uploadMethod(media: OutboundMedia): UploadMethod {
  const mime = media.mimeType.toLowerCase();
  switch (media.kind) {
    case 'photo':
      return media.data.length <= PHOTO_MAX_BYTES ? 'sendPhoto' : 'sendDocument';
    // sendVoice plays OGG/Opus, MP3 and M4A; sendAudio MP3 and M4A.
    case 'voice':
      return /^audio\/(ogg|opus|mpeg|mp4|x-m4a)/.test(mime) ? 'sendVoice' : 'sendDocument';
    case 'audio':
      return /^audio\/(mpeg|mp3|mp4|x-m4a)/.test(mime) ? 'sendAudio' : 'sendDocument';
    case 'video':
      return mime.startsWith('video/mp4') ? 'sendVideo' : 'sendDocument';
    case 'document':
      return 'sendDocument';
  }
}

/** Uploads one file to a chat (or a topic of it). */
export async function sendFile(api: Api, chatId: number, media: OutboundMedia, options: UploadOptions): Promise<Message> {
  const file = new InputFile(media.data, media.fileName ?? defaultFileName(media));
  switch (uploadMethod(media)) {
    case 'sendPhoto':
      return api.sendPhoto(chatId, file, options);
    case 'sendVoice':
      return api.sendVoice(chatId, file, options);
    case 'sendAudio':
      return api.sendAudio(chatId, file, options);
    case 'sendVideo':
      return api.sendVideo(chatId, file, options);
    case 'sendDocument':
      return api.sendDocument(chatId, file, options);
  }
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
};

/** "photo.jpg", "voice.ogg"…: a name for a file that came without one (photos, voice notes). */
export function defaultFileName(media: Pick<OutboundMedia, 'kind' | 'mimeType'>): string {
  const extension = EXTENSIONS[media.mimeType.split(';')[0]?.trim().toLowerCase() ?? ''] ?? 'bin';
  return `${media.kind}.${extension}`;
}

/** A file in a staff message, as Telegram describes it. */
export interface TelegramFile {
  kind: MediaKind;
  fileId: string;
  mimeType: string;
  fileName?: string;
  /** Bytes, when Telegram says. */
  size?: number;
  /** copyMessage can carry a new caption (a round video note cannot have one). */
  captionable: boolean;
}

/** The file of a photo, document, voice note, audio or video message; undefined for anything else (sticker, location…). */
export function fileOfMessage(message: Message): TelegramFile | undefined {
  const described = (kind: MediaKind, file: { file_id: string; file_size?: number; mime_type?: string; file_name?: string }, mimeType: string, captionable = true): TelegramFile => ({
    kind,
    fileId: file.file_id,
    mimeType: file.mime_type ?? mimeType,
    ...(file.file_name ? { fileName: file.file_name } : {}),
    ...(file.file_size !== undefined ? { size: file.file_size } : {}),
    captionable,
  });
  if (message.voice) return described('voice', message.voice, 'audio/ogg');
  if (message.audio) return described('audio', message.audio, 'audio/mpeg');
  // Photos come in every stored size, smallest first: the largest is the original.
  const photo = message.photo?.at(-1);
  if (photo) return described('photo', photo, 'image/jpeg');
  if (message.video) return described('video', message.video, 'video/mp4');
  if (message.video_note) return described('video', message.video_note, 'video/mp4', false);
  // A GIF comes as an animation (and also as a document): an MP4 without sound.
  if (message.animation) return described('video', message.animation, 'video/mp4');
  if (message.document) return described('document', message.document, 'application/octet-stream');
  return undefined;
}
