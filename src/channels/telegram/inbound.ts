// Telegram message → core InboundContent. Pure functions: no API calls, no I/O.
import type { Message } from 'grammy/types';
import type { InboundContent, UnsupportedKind } from '../../core/message.js';

/** The commands shown in Telegram's menu; each but /start stands for one of the engine's global words. */
export const COMMANDS = ['start', 'menu', 'help', 'language', 'stop'] as const;
export type CommandName = (typeof COMMANDS)[number];
export type WordCommand = Exclude<CommandName, 'start'>;

/** The text a command stands for (a global word the engine knows, e.g. "aide" for /help). */
export type CommandWords = Readonly<Record<WordCommand, string>>;

/** "/start payload" or "/note@my_bot text" → { name, payload } (the name in lower case); users' and staff's commands alike. */
export function parseCommand(text: string): { name: string; payload: string } | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  return { name: (match[1] ?? '').toLowerCase(), payload: (match[2] ?? '').trim() };
}

export function contentOfMessage(message: Message, words: CommandWords): InboundContent {
  if (message.text !== undefined) {
    const command = parseCommand(message.text);
    if (command?.name === 'start') return command.payload ? { kind: 'start', payload: command.payload } : { kind: 'start' };
    if (command && isWordCommand(command.name)) return { kind: 'text', text: words[command.name] };
    return { kind: 'text', text: message.text };
  }
  return { kind: 'unsupported', what: unsupportedKind(message) };
}

function isWordCommand(name: string): name is WordCommand {
  return name !== 'start' && (COMMANDS as readonly string[]).includes(name);
}

export function unsupportedKind(message: Message): UnsupportedKind {
  if (message.voice) return 'voice';
  if (message.audio) return 'audio';
  if (message.photo) return 'photo';
  if (message.video || message.video_note || message.animation) return 'video';
  if (message.sticker) return 'sticker';
  if (message.document) return 'document';
  if (message.location || message.venue) return 'location';
  if (message.contact) return 'contact';
  return 'other';
}
