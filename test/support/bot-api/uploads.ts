// Sending files and getting them back, as Telegram does: sendPhoto, sendVoice, sendAudio, sendVideo and
// sendDocument take a multipart upload ("attach://name", or the file in the field itself) or the file_id
// of a file the bot already knows; getFile gives the path the bytes are downloaded from
// ({apiRoot}/file/bot{token}/{path}, served by the server). Upload size limits are not simulated;
// getFile refuses files over 20 MB as Telegram does.
import type { Audio, Document, Message, PhotoSize, Video, Voice } from 'grammy/types';
import { z } from 'zod';
import type { BotState } from './bot-state.js';
import { badRequest } from './errors.js';
import { extensionOf, mimeOf, type StoredFile } from './files.js';
import { formatText } from './formatting.js';
import type { UploadedFile } from './http-body.js';
import { checkThread, MAX_CAPTION, postBotMessage, repliedMessage, writableChat, type MessageContent } from './methods.js';
import { bool, chatId, int, json, parseParams, parseReplyMarkup, type Params } from './params.js';

export type UploadHandler = (bot: BotState, params: Params, files: readonly UploadedFile[]) => unknown;

/** Telegram lets bots download files up to 20 MB. */
const DOWNLOAD_LIMIT = 20 * 1024 * 1024;

const FILE_PREFIX: Readonly<Record<UploadKind, string>> = {
  photo: 'AgACAgQAAxkBAAI',
  voice: 'AwACAgQAAxkBAAI',
  audio: 'CQACAgQAAxkBAAI',
  video: 'BAACAgQAAxkBAAI',
  document: 'BQACAgQAAxkBAAI',
};

type UploadKind = 'photo' | 'voice' | 'audio' | 'video' | 'document';

const sendSchema = z.looseObject({
  chat_id: chatId,
  message_thread_id: int.optional(),
  caption: z.string().optional(),
  parse_mode: z.string().optional(),
  reply_markup: json(z.unknown()).optional(),
  reply_parameters: json(z.looseObject({ message_id: int, chat_id: chatId.optional(), allow_sending_without_reply: bool.optional() })).optional(),
  reply_to_message_id: int.optional(),
  allow_sending_without_reply: bool.optional(),
});

const getFileSchema = z.looseObject({ file_id: z.string() });

/** The file named by the field: an upload, or a file_id the bot already has. */
function inputFile(bot: BotState, kind: UploadKind, value: string | undefined, files: readonly UploadedFile[]): { stored: StoredFile; name: string | undefined } {
  const attached = value?.startsWith('attach://') ? files.find((f) => f.field === value.slice('attach://'.length)) : files.find((f) => f.field === kind);
  if (attached) {
    const serial = bot.nextFileSerial().toString(36).padStart(6, '0');
    const ids = { file_id: `${FILE_PREFIX[kind]}${serial}u_${bot.me.id}`, file_unique_id: `AQAD${serial}u` };
    return { stored: bot.files.add(kind, ids, { bytes: attached.bytes }, extensionOf(attached.filename)), name: attached.filename };
  }
  if (value === undefined || value.startsWith('attach://')) throw badRequest(`there is no ${kind} in the request`);
  const known = bot.files.get(value);
  if (!known) throw badRequest('wrong file identifier/HTTP URL specified');
  return { stored: known, name: undefined };
}

function contentFor(kind: UploadKind, stored: StoredFile, name: string | undefined): MessageContent {
  const ids = { file_id: stored.fileId, file_unique_id: stored.uniqueId, file_size: stored.size };
  const mime = mimeOf(name ?? stored.path);
  switch (kind) {
    case 'photo': {
      const photo: PhotoSize = { ...ids, width: 1280, height: 960 };
      return { photo: [photo] };
    }
    case 'voice': {
      const voice: Voice = { ...ids, duration: 1, mime_type: mime };
      return { voice };
    }
    case 'audio': {
      const audio: Audio = { ...ids, duration: 1, mime_type: mime, ...(name ? { file_name: name } : {}) };
      return { audio };
    }
    case 'video': {
      const video: Video = { ...ids, width: 640, height: 360, duration: 1, mime_type: mime, ...(name ? { file_name: name } : {}) };
      return { video };
    }
    case 'document': {
      const document: Document = { ...ids, mime_type: mime, ...(name ? { file_name: name } : {}) };
      return { document };
    }
  }
}

function sendFile(kind: UploadKind): UploadHandler {
  const method = `send${kind[0]?.toUpperCase() ?? ''}${kind.slice(1)}`;
  return (bot, params, files) => {
    const p = parseParams(sendSchema, params);
    const chat = writableChat(bot, p.chat_id);
    const threadId = checkThread(chat, p.message_thread_id);
    const markup = parseReplyMarkup(p.reply_markup);
    const value = params[kind];
    const { stored, name } = inputFile(bot, kind, typeof value === 'string' ? value : undefined, files);
    const content = contentFor(kind, stored, name);
    if (p.caption !== undefined && p.caption !== '') {
      const formatted = formatText(p.caption, p.parse_mode);
      if (formatted.text.length > MAX_CAPTION) throw badRequest('message caption is too long');
      content.caption = formatted.text;
      if (formatted.entities !== undefined) content.caption_entities = formatted.entities;
    }
    const replyTo = repliedMessage(bot, chat, p);
    const message: Message = postBotMessage(bot, method, chat, content, { threadId, markup, parseMode: p.parse_mode, replyTo });
    return message;
  };
}

const handlers: Record<string, UploadHandler> = {
  sendPhoto: sendFile('photo'),
  sendVoice: sendFile('voice'),
  sendAudio: sendFile('audio'),
  sendVideo: sendFile('video'),
  sendDocument: sendFile('document'),
  getFile: (bot, params) => {
    const p = parseParams(getFileSchema, params);
    const file = bot.files.get(p.file_id);
    if (!file) throw badRequest('invalid file_id');
    if (file.size > DOWNLOAD_LIMIT) throw badRequest('file is too big');
    return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size, file_path: file.path };
  },
};

const byLowerName = new Map(Object.entries(handlers).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));

/** Telegram matches method names case-insensitively. */
export function findUploadMethod(method: string): { name: string; handler: UploadHandler } | undefined {
  return byLowerName.get(method.toLowerCase());
}
