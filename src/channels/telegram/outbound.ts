// Core Outbound → Telegram messages: text cut to Telegram's 4096 characters, choices as an inline
// keyboard (one button per row: labels in easy French are long) on the last part.
import { InlineKeyboard } from 'grammy';
import type { Choice } from '../../core/message.js';

export const MAX_TEXT = 4096;

/** Cuts at paragraph, then line, then word boundaries; never mid-character (code points). */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while ([...rest].length > max) {
    const window = [...rest].slice(0, max).join('');
    const cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const end = cut > max / 2 ? cut : window.length;
    // A window of blank lines alone would be an empty message, which Telegram refuses.
    const part = rest.slice(0, end).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(end).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts a text into pieces of at most `maxUnits` UTF-16 units (the strictest reading of Telegram's
 * limits) without cutting a character: an emoji, a flag or an accented letter stays whole. A single
 * grapheme longer than the limit (unlikely but possible) is cut between its code points.
 */
export function chunksOf(text: string, maxUnits: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = (piece: string): void => {
    if (current.length + piece.length > maxUnits && current) {
      chunks.push(current);
      current = '';
    }
    current += piece;
  };
  for (const { segment } of graphemes.segment(text)) {
    if (segment.length <= maxUnits) push(segment);
    else for (const point of segment) push(point);
  }
  if (current || chunks.length === 0) chunks.push(current);
  return chunks;
}

/** The start of `text` within `maxUnits` UTF-16 units, never ending inside a character. */
export function truncate(text: string, maxUnits: number): string {
  return text.length <= maxUnits ? text : (chunksOf(text, maxUnits)[0] ?? '');
}

export async function keyboardOf(choices: readonly Choice[], encode: (choiceId: string) => Promise<string>): Promise<InlineKeyboard> {
  const keyboard = new InlineKeyboard();
  for (const choice of choices) keyboard.text(choice.label, await encode(choice.id)).row();
  return keyboard;
}

/** The label of the button carrying `data` in a message's inline keyboard, if it is still there. */
export function pressedLabel(markup: { inline_keyboard: ReadonlyArray<ReadonlyArray<{ text: string; callback_data?: string }>> } | undefined, data: string): string | undefined {
  for (const row of markup?.inline_keyboard ?? []) for (const button of row) if (button.callback_data === data) return button.text;
  return undefined;
}
