// Simulated users: each helper changes the chat the way a Telegram client would and queues the update the
// bot would receive. Misuse by a test (pressing a button that isn't there...) throws at once, in the test.
import type {
  CallbackQuery,
  ChatMemberUpdated,
  Message,
  MessageEntity,
  PhotoSize,
  Update,
  User,
} from 'grammy/types';
import type { BotState } from './bot-state.js';
import type { ChatState, ChatType } from './chats.js';
import { type MessageContent, now } from './methods.js';

export interface SimUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: true;
}

export interface UserMessageOptions {
  /** Defaults to the user's private chat (id = user id). */
  chatId?: number;
  threadId?: number;
  /** Defaults to the existing chat's type, else private for positive ids, supergroup below -10^12, group otherwise. */
  chatType?: ChatType;
  /** Defaults to true when threadId names a topic of a forum. */
  isTopicMessage?: boolean;
  chatTitle?: string;
  /** Message id (in the same chat) this message replies to. */
  replyTo?: number;
  /** Caption for photo, video, document, audio and voice. */
  caption?: string;
  /** The bytes (and name) of the media's file, as getFile downloads them; plausible bytes otherwise. */
  file?: { bytes: Buffer; fileName?: string; mimeType?: string };
  /** Extra message fields, merged last (forward_origin, a custom location...). */
  patch?: Omit<Partial<Message>, 'message_id' | 'chat' | 'from' | 'date'>;
}

export type MediaKind = 'voice' | 'audio' | 'photo' | 'sticker' | 'document' | 'location' | 'video';

export type MessageUpdate = Update & { message: Message & Update.NonChannel };
export type CallbackQueryUpdate = Update & { callback_query: CallbackQuery };

export const DEFAULT_SUPERGROUP_ID = -1001000000001;
export const DEFAULT_GROUP_ID = -4000000001;

export function toUser(user: SimUser): User {
  const full: User = { id: user.id, is_bot: false, first_name: user.first_name ?? `User ${user.id}` };
  if (user.last_name !== undefined) full.last_name = user.last_name;
  if (user.username !== undefined) full.username = user.username;
  if (user.language_code !== undefined) full.language_code = user.language_code;
  if (user.is_premium !== undefined) full.is_premium = user.is_premium;
  return full;
}

function privateChatFor(bot: BotState, user: User): ChatState {
  const chat = bot.ensureChat(user.id, 'private', {});
  // The private chat shows the user's current name.
  chat.info.firstName = user.first_name;
  chat.info.lastName = user.last_name;
  chat.info.username = user.username;
  return chat;
}

function chatFor(bot: BotState, user: User, opts: UserMessageOptions): ChatState {
  const existing = opts.chatId === undefined ? undefined : bot.chats.get(opts.chatId);
  const type: ChatType =
    opts.chatType ??
    existing?.type ??
    (opts.chatId === undefined || opts.chatId > 0 ? 'private' : opts.chatId < -1e12 ? 'supergroup' : 'group');
  if (type === 'private') {
    if (opts.chatId !== undefined && opts.chatId !== user.id) {
      throw new Error(`a private chat's id is its user's id: got chatId ${opts.chatId} for user ${user.id}`);
    }
    return privateChatFor(bot, user);
  }
  const id = opts.chatId ?? (type === 'supergroup' ? DEFAULT_SUPERGROUP_ID : DEFAULT_GROUP_ID);
  if (id > 0) throw new Error(`group chat ids are negative: got ${id}`);
  const chat = bot.ensureChat(id, type, opts.chatTitle === undefined ? {} : { title: opts.chatTitle });
  if (opts.chatTitle !== undefined) chat.info.title = opts.chatTitle;
  return chat;
}

/** A /command at the start of the text or after whitespace gets a bot_command entity, as clients do. */
function commandEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const m of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=$|\s)/g)) {
    const command = m[2] ?? '';
    entities.push({ type: 'bot_command', offset: (m.index ?? 0) + (m[1]?.length ?? 0), length: command.length });
  }
  return entities;
}

export function postUserMessage(bot: BotState, sim: SimUser, content: MessageContent, opts: UserMessageOptions): MessageUpdate {
  const from = bot.rememberUser(toUser(sim));
  const chat = chatFor(bot, from, opts);
  const message: Message & Update.NonChannel = { message_id: chat.nextMessageId(), from, chat: chat.toChat(), date: now(), ...content };
  if (opts.threadId !== undefined) {
    if (chat.isForum && !chat.topics.has(opts.threadId)) {
      throw new Error(`chat ${chat.id} has no topic ${opts.threadId}; topics: ${[...chat.topics.keys()].join(', ') || 'none'}`);
    }
    message.message_thread_id = opts.threadId;
    if (opts.isTopicMessage ?? chat.isForum) message.is_topic_message = true;
  } else if (opts.isTopicMessage === true) {
    throw new Error('isTopicMessage needs a threadId');
  }
  if (opts.replyTo !== undefined) {
    const replied = chat.messages.get(opts.replyTo);
    if (replied === undefined) throw new Error(`cannot reply to message ${opts.replyTo}: not in chat ${chat.id}`);
    // Telegram does not nest replies: the replied-to message comes without its own reply_to_message.
    message.reply_to_message = { ...replied, reply_to_message: undefined };
  }
  if (opts.patch !== undefined) Object.assign(message, opts.patch);
  chat.messages.set(message.message_id, message);
  const update = bot.queue.push({ message });
  return { ...update, message };
}

export function userSends(bot: BotState, user: SimUser, text: string, opts: UserMessageOptions = {}): MessageUpdate {
  if (text === '') throw new Error('Telegram clients cannot send an empty message');
  const entities = commandEntities(text);
  return postUserMessage(bot, user, entities.length > 0 ? { text, entities } : { text }, opts);
}

// File ids look like Telegram's (a type prefix, then an opaque tail) and are unique per bot.
const FILE_PREFIX: Record<Exclude<MediaKind, 'location'>, string> = {
  voice: 'AwACAgQAAxkBAAI',
  audio: 'CQACAgQAAxkBAAI',
  photo: 'AgACAgQAAxkBAAI',
  sticker: 'CAACAgIAAxkBAAI',
  document: 'BQACAgQAAxkBAAI',
  video: 'BAACAgQAAxkBAAI',
};

const EXTENSIONS: Record<Exclude<MediaKind, 'location'>, string> = { voice: 'oga', audio: 'mp3', photo: 'jpg', sticker: 'webp', document: 'pdf', video: 'mp4' };

/** New ids for a file of `size` bytes, kept in the bot's file store so that getFile finds it. */
function fileIds(bot: BotState, kind: Exclude<MediaKind, 'location'>, suffix = '', size = 0, bytes?: Buffer): { file_id: string; file_unique_id: string } {
  const serial = bot.nextFileSerial().toString(36).padStart(6, '0');
  const ids = { file_id: `${FILE_PREFIX[kind]}${serial}${suffix}_${bot.me.id}`, file_unique_id: `AQAD${serial}${suffix}` };
  bot.files.add(suffix === 't' ? 'thumbnail' : kind, ids, bytes ? { bytes } : { size }, suffix === 't' ? 'jpg' : EXTENSIONS[kind]);
  return ids;
}

function thumbnail(bot: BotState, kind: Exclude<MediaKind, 'location'>): PhotoSize {
  return { ...fileIds(bot, kind, 't', 9_120), width: 320, height: 180, file_size: 9_120 };
}

/** The main file of a media message: the test's bytes, or `size` plausible ones. */
function mainFile(bot: BotState, kind: Exclude<MediaKind, 'location'>, size: number, file: UserMessageOptions['file']): { file_id: string; file_unique_id: string; file_size: number } {
  return { ...fileIds(bot, kind, '', size, file?.bytes), file_size: file?.bytes.length ?? size };
}

export function mediaContent(bot: BotState, kind: MediaKind, caption: string | undefined, file?: UserMessageOptions['file']): MessageContent {
  const withCaption = <T extends MessageContent>(content: T): T => (caption === undefined ? content : { ...content, caption });
  switch (kind) {
    case 'voice':
      return withCaption({ voice: { ...mainFile(bot, kind, 13_418, file), duration: 4, mime_type: file?.mimeType ?? 'audio/ogg' } });
    case 'audio':
      return withCaption({
        audio: { ...mainFile(bot, kind, 96_512, file), duration: 6, mime_type: file?.mimeType ?? 'audio/mpeg', file_name: file?.fileName ?? 'audio.mp3' },
      });
    case 'photo': {
      // Telegram sends every stored size, smallest first.
      const sizes: [number, number, number][] = [
        [90, 68, 1_412],
        [320, 240, 17_903],
        [800, 600, 71_245],
        [1280, 960, 142_988],
      ];
      // The test's bytes, if any, are the largest size (the original).
      return withCaption({
        photo: sizes.map(([width, height, size], i) =>
          i === sizes.length - 1 ? { ...mainFile(bot, kind, size, file), width, height } : { ...fileIds(bot, kind, '', size), width, height, file_size: size },
        ),
      });
    }
    case 'sticker':
      return {
        sticker: {
          ...fileIds(bot, kind, '', 21_764),
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: '👍',
          set_name: 'TestStickers',
          thumbnail: thumbnail(bot, kind),
          file_size: 21_764,
        },
      };
    case 'document':
      return withCaption({
        document: { ...mainFile(bot, kind, 48_213, file), file_name: file?.fileName ?? 'document.pdf', mime_type: file?.mimeType ?? 'application/pdf' },
      });
    case 'location':
      return { location: { latitude: 50.6292, longitude: 3.0573 } }; // Lille
    case 'video':
      return withCaption({
        video: {
          ...mainFile(bot, kind, 1_804_112, file),
          width: 1280,
          height: 720,
          duration: 7,
          mime_type: file?.mimeType ?? 'video/mp4',
          thumbnail: thumbnail(bot, kind),
        },
      });
  }
}

export function userSendsKind(bot: BotState, user: SimUser, kind: MediaKind, opts: UserMessageOptions = {}): MessageUpdate {
  return postUserMessage(bot, user, mediaContent(bot, kind, opts.caption, opts.file), opts);
}

export interface PressOptions {
  /** Defaults to the user's private chat. */
  chatId?: number;
  /** Skip the check that the message shows a button with this callback_data (to simulate a stale client). */
  force?: boolean;
}

function callbackButtons(message: Message): { text: string; data: string }[] {
  return (message.reply_markup?.inline_keyboard ?? [])
    .flat()
    .flatMap((b) => ('callback_data' in b ? [{ text: b.text, data: b.callback_data }] : []));
}

export function userPresses(
  bot: BotState,
  sim: SimUser,
  messageId: number,
  callbackData: string,
  opts: PressOptions = {},
): CallbackQueryUpdate {
  const from = bot.rememberUser(toUser(sim));
  const chatId = opts.chatId ?? sim.id;
  const chat = bot.chats.get(chatId);
  const message = chat?.messages.get(messageId);
  if (chat === undefined || message === undefined) throw new Error(`message ${messageId} is not in chat ${chatId}`);
  if (message.from?.id !== bot.me.id) throw new Error(`message ${messageId} in chat ${chatId} was not sent by the bot`);
  const buttons = callbackButtons(message);
  if (opts.force !== true && !buttons.some((b) => b.data === callbackData)) {
    const shown = buttons.map((b) => `${JSON.stringify(b.text)}=${JSON.stringify(b.data)}`).join(', ') || 'none';
    throw new Error(`message ${messageId} has no button with callback_data ${JSON.stringify(callbackData)}; buttons: ${shown}`);
  }
  const id = bot.nextCallbackId();
  const query: CallbackQuery = {
    id,
    from,
    message,
    // A stable per-chat token, as Telegram's is.
    chat_instance: String(BigInt(Math.abs(chat.id)) * 7919n + 1_000_003n),
    data: callbackData,
  };
  bot.callbackQueries.set(id, { id, data: callbackData, chatId, messageId, fromId: from.id, answered: false });
  const update = bot.queue.push({ callback_query: query });
  return { ...update, callback_query: query };
}

/** Presses the button whose label is `buttonText`. */
export function userPressesButton(
  bot: BotState,
  sim: SimUser,
  messageId: number,
  buttonText: string,
  opts: Omit<PressOptions, 'force'> = {},
): CallbackQueryUpdate {
  const chatId = opts.chatId ?? sim.id;
  const message = bot.chats.get(chatId)?.messages.get(messageId);
  const button = message === undefined ? undefined : callbackButtons(message).find((b) => b.text === buttonText);
  if (button === undefined) {
    const shown = message === undefined ? 'message not found' : callbackButtons(message).map((b) => JSON.stringify(b.text)).join(', ');
    throw new Error(`no callback button labelled ${JSON.stringify(buttonText)} on message ${messageId} in chat ${chatId} (${shown})`);
  }
  return userPresses(bot, sim, messageId, button.data, opts);
}

/** Blocking (or unblocking) shows up as a my_chat_member update; sends to a blocked user fail with 403. */
export function setBlocked(bot: BotState, userId: number, blocked: boolean): Update {
  const user = bot.userFor(userId);
  const chat = privateChatFor(bot, user);
  const wasBlocked = chat.blockedBot;
  chat.blockedBot = blocked;
  const date = now();
  const change: ChatMemberUpdated = {
    chat: chat.toChat(),
    from: user,
    date,
    old_chat_member: wasBlocked ? { status: 'kicked', user: bot.asUser, until_date: 0 } : { status: 'member', user: bot.asUser },
    new_chat_member: blocked ? { status: 'kicked', user: bot.asUser, until_date: 0 } : { status: 'member', user: bot.asUser },
  };
  return bot.queue.push({ my_chat_member: change });
}
