// Request parameters: zod schemas per method. Form-encoded and multipart requests carry every value as a
// string (objects JSON-encoded, as grammY does), so each field first coerces strings the way Telegram does.
import { z } from 'zod';
import type { ForceReply, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import { badRequest } from './errors.js';

export type Params = Record<string, unknown>;

const tryJson = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v; // left as a string so the schema reports a type error
  }
};

export const int = z.preprocess(
  (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
  z.number().int(),
);
export const num = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v),
  z.number(),
);
export const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
export const json = <T extends z.ZodType>(schema: T) => z.preprocess(tryJson, schema);

/** A chat is named by its numeric id or by '@username'. */
export const chatId = z.preprocess(
  (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
  z.union([z.number().int(), z.string().regex(/^@\w+$/)]),
);
export type ChatRef = z.infer<typeof chatId>;

// reply_markup is checked by parseReplyMarkup so that its errors read like Telegram's.
const replyMarkup = z.preprocess(tryJson, z.unknown()).optional();

const commandScope = json(
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('default') }),
    z.object({ type: z.literal('all_private_chats') }),
    z.object({ type: z.literal('all_group_chats') }),
    z.object({ type: z.literal('all_chat_administrators') }),
    z.object({ type: z.literal('chat'), chat_id: chatId }),
    z.object({ type: z.literal('chat_administrators'), chat_id: chatId }),
    z.object({ type: z.literal('chat_member'), chat_id: chatId, user_id: int }),
  ]),
);
export type CommandScope = z.infer<typeof commandScope>;

const threadId = int.optional();
const replyParameters = json(
  z.looseObject({ message_id: int, chat_id: chatId.optional(), allow_sending_without_reply: bool.optional() }),
).optional();
/** Fields naming the message a new message replies to (reply_parameters, or the older flat fields). */
const replyFields = {
  reply_parameters: replyParameters,
  reply_to_message_id: int.optional(),
  allow_sending_without_reply: bool.optional(),
};
export interface ReplyFields {
  reply_parameters?: { message_id: number; chat_id?: ChatRef; allow_sending_without_reply?: boolean } | undefined;
  reply_to_message_id?: number | undefined;
  allow_sending_without_reply?: boolean | undefined;
}

export const schemas = {
  getUpdates: z.looseObject({
    offset: int.optional(),
    limit: int.optional(),
    timeout: num.optional(),
    allowed_updates: json(z.array(z.string())).optional(),
  }),
  setWebhook: z.looseObject({
    url: z.string(),
    secret_token: z.string().optional(),
    drop_pending_updates: bool.optional(),
    max_connections: int.optional(),
    allowed_updates: json(z.array(z.string())).optional(),
  }),
  deleteWebhook: z.looseObject({ drop_pending_updates: bool.optional() }),
  sendMessage: z.looseObject({
    chat_id: chatId,
    text: z.string(),
    message_thread_id: threadId,
    parse_mode: z.string().optional(),
    reply_markup: replyMarkup,
    ...replyFields,
  }),
  editMessageText: z.looseObject({
    chat_id: chatId.optional(),
    message_id: int.optional(),
    inline_message_id: z.string().optional(),
    text: z.string(),
    parse_mode: z.string().optional(),
    reply_markup: replyMarkup,
  }),
  editMessageReplyMarkup: z.looseObject({
    chat_id: chatId.optional(),
    message_id: int.optional(),
    inline_message_id: z.string().optional(),
    reply_markup: replyMarkup,
  }),
  deleteMessage: z.looseObject({ chat_id: chatId, message_id: int }),
  answerCallbackQuery: z.looseObject({
    callback_query_id: z.string(),
    text: z.string().optional(),
    show_alert: bool.optional(),
    url: z.string().optional(),
    cache_time: int.optional(),
  }),
  setMyCommands: z.looseObject({
    commands: json(z.array(z.object({ command: z.string(), description: z.string() }))),
    scope: commandScope.optional(),
    language_code: z.string().optional(),
  }),
  getMyCommands: z.looseObject({ scope: commandScope.optional(), language_code: z.string().optional() }),
  sendChatAction: z.looseObject({
    chat_id: chatId,
    action: z.enum([
      'typing',
      'upload_photo',
      'record_video',
      'upload_video',
      'record_voice',
      'upload_voice',
      'upload_document',
      'choose_sticker',
      'find_location',
      'record_video_note',
      'upload_video_note',
    ]),
    message_thread_id: threadId,
  }),
  createForumTopic: z.looseObject({
    chat_id: chatId,
    name: z.string(),
    icon_color: int.optional(),
    icon_custom_emoji_id: z.string().optional(),
  }),
  editForumTopic: z.looseObject({
    chat_id: chatId,
    message_thread_id: int,
    name: z.string().optional(),
    icon_custom_emoji_id: z.string().optional(),
  }),
  forumTopic: z.looseObject({ chat_id: chatId, message_thread_id: int }),
  copyMessage: z.looseObject({
    chat_id: chatId,
    from_chat_id: chatId,
    message_id: int,
    message_thread_id: threadId,
    caption: z.string().optional(),
    parse_mode: z.string().optional(),
    reply_markup: replyMarkup,
    ...replyFields,
  }),
  getChatMember: z.looseObject({ chat_id: chatId, user_id: int }),
  getChat: z.looseObject({ chat_id: chatId }),
  deleteForumTopic: z.looseObject({ chat_id: chatId, message_thread_id: int }),
  pinChatMessage: z.looseObject({ chat_id: chatId, message_id: int, disable_notification: z.boolean().optional() }),
};

/** Validates `params`, answering 400 the way Telegram does for a missing or malformed field. */
export function parseParams<T extends z.ZodType>(schema: T, params: Params): z.output<T> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined ? 'parameters' : issue.path.map(String).join('.');
  const top = issue?.path[0];
  if (typeof top === 'string' && params[top] === undefined) {
    throw badRequest(top === 'text' ? 'message text is empty' : `${top} is empty`);
  }
  throw badRequest(`invalid ${field}: ${issue?.message ?? 'malformed'}`);
}

// ---- reply markup -------------------------------------------------------------------------------

const buttonBase = {
  text: z.string().min(1),
  icon_custom_emoji_id: z.string().optional(),
  style: z.enum(['danger', 'success', 'primary']).optional(),
};
// strictObject: a button carrying no action, or two, matches none of these, as Telegram rejects it.
const inlineButton = z.union([
  z.strictObject({ ...buttonBase, callback_data: z.string() }),
  z.strictObject({ ...buttonBase, url: z.string().min(1) }),
  z.strictObject({ ...buttonBase, web_app: z.object({ url: z.string() }) }),
  z.strictObject({
    ...buttonBase,
    login_url: z.object({
      url: z.string(),
      forward_text: z.string().optional(),
      bot_username: z.string().optional(),
      request_write_access: z.boolean().optional(),
    }),
  }),
  z.strictObject({ ...buttonBase, switch_inline_query: z.string() }),
  z.strictObject({ ...buttonBase, switch_inline_query_current_chat: z.string() }),
  z.strictObject({ ...buttonBase, copy_text: z.object({ text: z.string() }) }),
  z.strictObject({ ...buttonBase, pay: z.boolean() }),
]);
const inlineKeyboard = z.object({ inline_keyboard: z.array(z.array(z.unknown())) });

const replyKeyboard = z.object({
  keyboard: z.array(z.array(z.union([z.string(), z.looseObject({ text: z.string() })]))),
  is_persistent: z.boolean().optional(),
  resize_keyboard: z.boolean().optional(),
  one_time_keyboard: z.boolean().optional(),
  input_field_placeholder: z.string().optional(),
  selective: z.boolean().optional(),
});
const removeKeyboard = z.object({ remove_keyboard: z.literal(true), selective: z.boolean().optional() });
const forceReply = z.object({
  force_reply: z.literal(true),
  input_field_placeholder: z.string().optional(),
  selective: z.boolean().optional(),
});

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export function parseInlineKeyboard(value: unknown): InlineKeyboardMarkup {
  const board = inlineKeyboard.safeParse(value);
  if (!board.success) throw badRequest("can't parse reply keyboard markup JSON object");
  const rows = board.data.inline_keyboard.map((row) =>
    row.map((raw) => {
      const button = inlineButton.safeParse(raw);
      if (!button.success) {
        throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
      if ('callback_data' in button.data) {
        const bytes = Buffer.byteLength(button.data.callback_data, 'utf8');
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      return button.data;
    }),
  );
  return { inline_keyboard: rows };
}

export function parseReplyMarkup(value: unknown): ReplyMarkup | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && 'inline_keyboard' in value) return parseInlineKeyboard(value);
  for (const schema of [replyKeyboard, removeKeyboard, forceReply]) {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
  }
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Only inline keyboards are allowed where a message is edited. */
export function parseEditMarkup(value: unknown): InlineKeyboardMarkup | undefined {
  if (value === undefined || value === null) return undefined;
  return parseInlineKeyboard(value);
}
