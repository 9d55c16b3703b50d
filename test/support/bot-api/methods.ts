// The Bot API methods, as Telegram answers them: same results, same error codes and wordings.
import type { BotCommand, ForumTopic, InlineKeyboardMarkup, Message, User } from 'grammy/types';
import type { BotState } from './bot-state.js';
import { type ChatState, chatMember } from './chats.js';
import { badRequest, conflict, forbidden, WEBHOOK_ACTIVE } from './errors.js';
import { formatText } from './formatting.js';
import {
  type ChatRef,
  type CommandScope,
  type Params,
  type ReplyFields,
  type ReplyMarkup,
  parseEditMarkup,
  parseParams,
  parseReplyMarkup,
  schemas,
} from './params.js';
import type { SentMessage } from './recorder.js';

export type Handler = (bot: BotState, params: Params, signal: AbortSignal) => unknown;

const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
export const TOPIC_COLORS = [7322096, 16766590, 13338331, 9367192, 16749490, 16478047] as const;
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export const now = (): number => Math.floor(Date.now() / 1000);

/** The content fields a message can carry; copyMessage copies exactly these. */
export type MessageContent = Pick<
  Message,
  'text' | 'entities' | 'caption' | 'caption_entities' | 'photo' | 'voice' | 'audio' | 'sticker' | 'document' | 'location' | 'video'
>;
const CONTENT_KEYS = [
  'text',
  'entities',
  'caption',
  'caption_entities',
  'photo',
  'voice',
  'sticker',
  'document',
  'location',
  'video',
  'audio',
] as const satisfies readonly (keyof MessageContent)[];

export function contentOf(message: Message): MessageContent {
  const content: MessageContent = {};
  for (const key of CONTENT_KEYS) {
    if (message[key] !== undefined) Object.assign(content, { [key]: message[key] });
  }
  return content;
}

// ---- shared checks -------------------------------------------------------------------------------

/** A chat the bot may write to: it exists, the user has not blocked the bot, the bot is still in the group. */
export function writableChat(bot: BotState, ref: ChatRef): ChatState {
  const chat = bot.findChat(ref);
  if (chat.type === 'private') {
    if (chat.blockedBot) throw forbidden('bot was blocked by the user');
    return chat;
  }
  const status = chat.statusOf(bot.me.id);
  if (status === 'kicked') throw forbidden(`bot was kicked from the ${chat.type} chat`);
  if (status === 'left') throw forbidden(`bot is not a member of the ${chat.type} chat`);
  return chat;
}

export function checkThread(chat: ChatState, threadId: number | undefined): number | undefined {
  if (threadId === undefined) return undefined;
  if (chat.isForum ? chat.topics.has(threadId) : chat.type === 'supergroup' && chat.messages.has(threadId)) {
    return threadId;
  }
  throw badRequest('message thread not found');
}

function checkText(text: string, limit: number, empty: string): void {
  if (text.trim() === '') throw badRequest(empty);
  if (text.length > limit) throw badRequest(limit === MAX_TEXT ? 'message is too long' : 'message caption is too long');
}

/** The message a new message replies to; Telegram refuses a missing one unless told to go ahead without it. */
export function repliedMessage(bot: BotState, chat: ChatState, p: ReplyFields): Message | undefined {
  const id = p.reply_parameters?.message_id ?? p.reply_to_message_id;
  if (id === undefined) return undefined;
  const where = p.reply_parameters?.chat_id === undefined ? chat : bot.findChat(p.reply_parameters.chat_id);
  const target = where.messages.get(id);
  if (target !== undefined) return target;
  if (p.reply_parameters?.allow_sending_without_reply ?? p.allow_sending_without_reply) return undefined;
  throw badRequest('message to be replied not found');
}

interface PostOptions {
  threadId?: number | undefined;
  markup?: ReplyMarkup | undefined;
  parseMode?: string | undefined;
  /** The text as the bot wrote it, markup included; defaults to the message text. */
  rawText?: string | undefined;
  replyTo?: Message | undefined;
}

/** Creates a bot message in `chat`, stores it and records it for the tests. */
export function postBotMessage(bot: BotState, method: string, chat: ChatState, content: MessageContent, opts: PostOptions): Message {
  const { threadId, markup, parseMode, rawText, replyTo } = opts;
  const message: Message = { message_id: chat.nextMessageId(), from: bot.asUser, chat: chat.toChat(), date: now(), ...content };
  // Telegram does not nest replies: the replied-to message comes without its own reply_to_message.
  if (replyTo !== undefined) message.reply_to_message = { ...replyTo, reply_to_message: undefined };
  if (threadId !== undefined) {
    message.message_thread_id = threadId;
    if (chat.isForum) message.is_topic_message = true;
  }
  // Telegram only echoes inline keyboards back in the message.
  if (markup !== undefined && 'inline_keyboard' in markup) message.reply_markup = markup;
  chat.messages.set(message.message_id, message);

  const sent: SentMessage = { method, chat_id: chat.id, message_id: message.message_id, date: message.date, at: Date.now(), message };
  if (threadId !== undefined) sent.message_thread_id = threadId;
  const text = rawText ?? content.text;
  if (text !== undefined) sent.text = text;
  if (content.caption !== undefined) sent.caption = content.caption;
  if (parseMode !== undefined) sent.parse_mode = parseMode;
  if (markup !== undefined) sent.reply_markup = markup;
  bot.recorder.addSent(sent);
  return message;
}

/** A service message (topic created, closed...) takes a message id like any other message. */
function postServiceMessage(bot: BotState, chat: ChatState, threadId: number | undefined, fields: Partial<Message>): Message {
  const id = chat.nextMessageId();
  const message: Message = { ...fields, message_id: id, from: bot.asUser, chat: chat.toChat(), date: now() };
  const thread = threadId ?? id;
  message.message_thread_id = thread;
  message.is_topic_message = true;
  chat.messages.set(id, message);
  return message;
}

function botMessageToEdit(bot: BotState, chatId: ChatRef | undefined, messageId: number | undefined, inline: string | undefined) {
  if (inline !== undefined) throw badRequest('MESSAGE_ID_INVALID'); // inline messages are not simulated
  if (chatId === undefined) throw badRequest('chat_id is empty');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const chat = writableChat(bot, chatId);
  const message = chat.messages.get(messageId);
  if (message === undefined) throw badRequest('message to edit not found');
  if (message.from?.id !== bot.me.id) throw badRequest("message can't be edited");
  return { chat, message };
}

const sameMarkup = (a: InlineKeyboardMarkup | undefined, b: InlineKeyboardMarkup | undefined): boolean =>
  JSON.stringify(a?.inline_keyboard ?? []) === JSON.stringify(b?.inline_keyboard ?? []);

function storeEdit(
  bot: BotState,
  chat: ChatState,
  edited: Message,
  markup: InlineKeyboardMarkup | undefined,
  text?: { raw: string; parseMode: string | undefined },
): Message {
  const editDate = now();
  edited.edit_date = editDate;
  // Editing without reply_markup removes the inline keyboard, as on Telegram.
  if (markup === undefined) delete edited.reply_markup;
  else edited.reply_markup = markup;
  chat.messages.set(edited.message_id, edited);
  const patch: Partial<SentMessage> = { message: edited, edit_date: editDate, reply_markup: markup };
  if (text !== undefined) {
    patch.text = text.raw;
    patch.parse_mode = text.parseMode;
  }
  bot.recorder.edit(chat.id, edited.message_id, patch);
  return edited;
}

export function commandsKey(bot: BotState, scope: CommandScope | undefined, language: string | undefined): string {
  const s = scope ?? { type: 'default' as const };
  const chat = 'chat_id' in s ? bot.findChat(s.chat_id).id : '';
  const user = 'user_id' in s ? s.user_id : '';
  return `${s.type}:${chat}:${user}|${language ?? ''}`;
}

// ---- methods --------------------------------------------------------------------------------------

const handlers: Record<string, Handler> = {
  getMe: (bot) => bot.me,

  getUpdates: (bot, params, signal) => {
    if (bot.webhook.active) throw conflict(WEBHOOK_ACTIVE);
    const p = parseParams(schemas.getUpdates, params);
    if (p.offset !== undefined) bot.queue.confirm(p.offset);
    const limit = Math.min(100, Math.max(1, p.limit ?? 100));
    const timeoutMs = Math.max(0, p.timeout ?? 0) * 1000;
    return bot.queue.poll(limit, timeoutMs, signal);
  },

  setWebhook: (bot, params) => {
    const p = parseParams(schemas.setWebhook, params);
    if (p.drop_pending_updates === true) bot.queue.dropAll();
    if (p.url === '') {
      bot.webhook.clear();
      return true;
    }
    let url: URL;
    try {
      url = new URL(p.url);
    } catch {
      throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
    }
    // Telegram insists on HTTPS; a local test server speaks plain HTTP, so both are accepted here.
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest('bad webhook: HTTPS url must be provided for webhook');
    if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(p.secret_token)) {
      throw badRequest('secret token contains unallowed characters');
    }
    const maxConnections = p.max_connections ?? 40;
    if (maxConnections < 1 || maxConnections > 100) throw badRequest('invalid max_connections specified');
    bot.queue.terminatePoll(conflict(WEBHOOK_ACTIVE));
    bot.webhook.set({
      url: p.url,
      maxConnections,
      ...(p.secret_token === undefined ? {} : { secretToken: p.secret_token }),
      ...(p.allowed_updates === undefined ? {} : { allowedUpdates: p.allowed_updates }),
    });
    return true;
  },

  deleteWebhook: (bot, params) => {
    const p = parseParams(schemas.deleteWebhook, params);
    if (p.drop_pending_updates === true) bot.queue.dropAll();
    bot.webhook.clear();
    return true;
  },

  getWebhookInfo: (bot) => bot.webhook.info(),

  sendMessage: (bot, params) => {
    const p = parseParams(schemas.sendMessage, params);
    const chat = writableChat(bot, p.chat_id);
    const threadId = checkThread(chat, p.message_thread_id);
    const markup = parseReplyMarkup(p.reply_markup);
    const formatted = formatText(p.text, p.parse_mode);
    checkText(formatted.text, MAX_TEXT, 'message text is empty');
    const replyTo = repliedMessage(bot, chat, p);
    // The record keeps the text as the bot wrote it; the message holds the parsed text and entities.
    return postBotMessage(bot, 'sendMessage', chat, formatted, { threadId, markup, parseMode: p.parse_mode, rawText: p.text, replyTo });
  },

  editMessageText: (bot, params) => {
    const p = parseParams(schemas.editMessageText, params);
    const { chat, message } = botMessageToEdit(bot, p.chat_id, p.message_id, p.inline_message_id);
    if (message.text === undefined) throw badRequest('there is no text in the message to edit');
    const formatted = formatText(p.text, p.parse_mode);
    checkText(formatted.text, MAX_TEXT, 'message text is empty');
    const markup = parseEditMarkup(p.reply_markup);
    const sameEntities = JSON.stringify(message.entities ?? []) === JSON.stringify(formatted.entities ?? []);
    if (message.text === formatted.text && sameEntities && sameMarkup(message.reply_markup, markup)) {
      throw badRequest(NOT_MODIFIED);
    }
    const edited: Message = { ...message, text: formatted.text };
    if (formatted.entities === undefined) delete edited.entities;
    else edited.entities = formatted.entities;
    return storeEdit(bot, chat, edited, markup, { raw: p.text, parseMode: p.parse_mode });
  },

  editMessageReplyMarkup: (bot, params) => {
    const p = parseParams(schemas.editMessageReplyMarkup, params);
    const { chat, message } = botMessageToEdit(bot, p.chat_id, p.message_id, p.inline_message_id);
    const markup = parseEditMarkup(p.reply_markup);
    if (sameMarkup(message.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
    return storeEdit(bot, chat, { ...message }, markup);
  },

  deleteMessage: (bot, params) => {
    const p = parseParams(schemas.deleteMessage, params);
    const chat = writableChat(bot, p.chat_id);
    if (!chat.messages.delete(p.message_id)) throw badRequest('message to delete not found');
    bot.recorder.remove(chat.id, p.message_id);
    return true;
  },

  answerCallbackQuery: (bot, params) => {
    const p = parseParams(schemas.answerCallbackQuery, params);
    const query = bot.callbackQueries.get(p.callback_query_id);
    if (query === undefined || query.answered) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    if (p.text !== undefined && p.text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    query.answered = true;
    bot.recorder.changed();
    return true;
  },

  setMyCommands: (bot, params) => {
    const p = parseParams(schemas.setMyCommands, params);
    if (p.language_code !== undefined && p.language_code !== '' && !/^[a-z]{2}$/.test(p.language_code)) {
      throw badRequest('LANG_CODE_INVALID');
    }
    if (p.commands.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
    for (const c of p.commands) {
      if (!/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
      if (c.description.trim() === '' || c.description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    const key = commandsKey(bot, p.scope, p.language_code);
    if (p.commands.length === 0) bot.commands.delete(key);
    else bot.commands.set(key, p.commands.map((c): BotCommand => ({ command: c.command, description: c.description })));
    return true;
  },

  getMyCommands: (bot, params) => {
    const p = parseParams(schemas.getMyCommands, params);
    return bot.commands.get(commandsKey(bot, p.scope, p.language_code)) ?? [];
  },

  deleteMyCommands: (bot, params) => {
    const p = parseParams(schemas.getMyCommands, params);
    bot.commands.delete(commandsKey(bot, p.scope, p.language_code));
    return true;
  },

  sendChatAction: (bot, params) => {
    const p = parseParams(schemas.sendChatAction, params);
    const chat = writableChat(bot, p.chat_id);
    checkThread(chat, p.message_thread_id);
    return true;
  },

  createForumTopic: (bot, params) => {
    const p = parseParams(schemas.createForumTopic, params);
    const chat = writableChat(bot, p.chat_id);
    if (!chat.isForum) throw badRequest('the chat is not a forum');
    const status = chat.statusOf(bot.me.id);
    if (status !== 'administrator' && status !== 'creator') throw badRequest('not enough rights to create a topic');
    const name = p.name.trim();
    if (name === '') throw badRequest('TOPIC_TITLE_EMPTY');
    if (name.length > 128) throw badRequest('TOPIC_TITLE_TOO_LONG');
    const iconColor = p.icon_color ?? TOPIC_COLORS[0];
    if (!TOPIC_COLORS.some((c) => c === iconColor)) throw badRequest('TOPIC_ICON_COLOR_INVALID');
    return openTopic(bot, chat, name, iconColor, p.icon_custom_emoji_id, bot.asUser);
  },

  editForumTopic: (bot, params) => {
    const p = parseParams(schemas.editForumTopic, params);
    const chat = writableChat(bot, p.chat_id);
    const topic = chat.isForum ? chat.topics.get(p.message_thread_id) : undefined;
    if (topic === undefined) throw badRequest('message thread not found');
    const name = p.name?.trim();
    if (name === '') throw badRequest('TOPIC_TITLE_EMPTY');
    const renamed = name !== undefined && name !== topic.name;
    const reiconed = p.icon_custom_emoji_id !== undefined && p.icon_custom_emoji_id !== topic.iconCustomEmojiId;
    if (!renamed && !reiconed) throw badRequest('TOPIC_NOT_MODIFIED');
    if (renamed) topic.name = name;
    if (reiconed) topic.iconCustomEmojiId = p.icon_custom_emoji_id;
    postServiceMessage(bot, chat, topic.threadId, {
      forum_topic_edited: {
        ...(renamed ? { name: topic.name } : {}),
        ...(reiconed ? { icon_custom_emoji_id: topic.iconCustomEmojiId } : {}),
      },
    });
    bot.recorder.changed();
    return true;
  },

  // Deletes the topic and every message in it (the bot must be an administrator, as on Telegram).
  deleteForumTopic: (bot, params) => {
    const p = parseParams(schemas.deleteForumTopic, params);
    const chat = writableChat(bot, p.chat_id);
    if (!chat.isForum || !chat.topics.has(p.message_thread_id)) throw badRequest('TOPIC_ID_INVALID');
    const status = chat.statusOf(bot.me.id);
    if (status !== 'administrator' && status !== 'creator') throw badRequest('CHAT_ADMIN_REQUIRED');
    chat.topics.delete(p.message_thread_id);
    for (const [id, m] of [...chat.messages]) {
      if (id === p.message_thread_id || m.message_thread_id === p.message_thread_id) {
        chat.messages.delete(id);
        bot.recorder.remove(chat.id, id);
      }
    }
    bot.recorder.changed();
    return true;
  },

  pinChatMessage: (bot, params) => {
    const p = parseParams(schemas.pinChatMessage, params);
    const chat = writableChat(bot, p.chat_id);
    if (!chat.messages.has(p.message_id)) throw badRequest('message to pin not found');
    if (chat.type !== 'private') {
      const status = chat.statusOf(bot.me.id);
      if (status !== 'administrator' && status !== 'creator') throw badRequest('not enough rights to manage pinned messages in the chat');
    }
    chat.pinnedMessageId = p.message_id;
    bot.recorder.changed();
    return true;
  },

  closeForumTopic: (bot, params) => setTopicClosed(bot, params, true),
  reopenForumTopic: (bot, params) => setTopicClosed(bot, params, false),

  copyMessage: (bot, params) => {
    const p = parseParams(schemas.copyMessage, params);
    const from = bot.findChat(p.from_chat_id);
    const original = from.messages.get(p.message_id);
    if (original === undefined) throw badRequest('message to copy not found');
    const content = contentOf(original);
    if (Object.keys(content).length === 0) throw badRequest("message can't be copied");
    const target = writableChat(bot, p.chat_id);
    const threadId = checkThread(target, p.message_thread_id);
    const markup = parseReplyMarkup(p.reply_markup);
    // A new caption replaces the media's; text messages have none, so it is ignored for them.
    if (p.caption !== undefined && content.text === undefined) {
      const formatted = formatText(p.caption, p.parse_mode);
      if (formatted.text.length > MAX_CAPTION) throw badRequest('message caption is too long');
      content.caption = formatted.text;
      if (formatted.entities === undefined) delete content.caption_entities;
      else content.caption_entities = formatted.entities;
    }
    const replyTo = repliedMessage(bot, target, p);
    const copy = postBotMessage(bot, 'copyMessage', target, content, { threadId, markup, parseMode: p.parse_mode, replyTo });
    return { message_id: copy.message_id };
  },

  getChatMember: (bot, params) => {
    const p = parseParams(schemas.getChatMember, params);
    const chat = bot.findChat(p.chat_id);
    return chatMember(chat.statusOf(p.user_id), bot.userFor(p.user_id));
  },

  getChat: (bot, params) => {
    const p = parseParams(schemas.getChat, params);
    return bot.findChat(p.chat_id).toFullInfo();
  },
};

/** Creates a topic; its id is the id of the "topic created" service message, as on Telegram. */
export function openTopic(
  bot: BotState,
  chat: ChatState,
  name: string,
  iconColor: number,
  emojiId: string | undefined,
  creator: User,
): ForumTopic {
  const emoji = emojiId === undefined ? {} : { icon_custom_emoji_id: emojiId };
  const service = postServiceMessage(bot, chat, undefined, { forum_topic_created: { name, icon_color: iconColor, ...emoji } });
  service.from = creator;
  chat.topics.set(service.message_id, {
    threadId: service.message_id,
    name,
    iconColor,
    closed: false,
    ...(emojiId === undefined ? {} : { iconCustomEmojiId: emojiId }),
  });
  bot.recorder.changed();
  return { message_thread_id: service.message_id, name, icon_color: iconColor, ...emoji };
}

function setTopicClosed(bot: BotState, params: Params, closed: boolean): true {
  const p = parseParams(schemas.forumTopic, params);
  const chat = writableChat(bot, p.chat_id);
  const topic = chat.isForum ? chat.topics.get(p.message_thread_id) : undefined;
  if (topic === undefined) throw badRequest('message thread not found');
  if (topic.closed === closed) throw badRequest('TOPIC_NOT_MODIFIED');
  topic.closed = closed;
  postServiceMessage(bot, chat, topic.threadId, closed ? { forum_topic_closed: {} } : { forum_topic_reopened: {} });
  bot.recorder.changed();
  return true;
}

// Telegram matches method names case-insensitively.
const byLowerName = new Map(Object.entries(handlers).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));

export function findMethod(method: string): { name: string; handler: Handler } | undefined {
  return byLowerName.get(method.toLowerCase());
}
