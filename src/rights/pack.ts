// Lines put into as few messages as the reading budget allows (src/i18n/budget.ts: 60 words and
// 8 lines a message), so that a list arrives in one or two messages instead of one per item.
import { fitsMessage } from '../i18n/budget.js';

export interface Packed {
  messages: string[];
  /** How many of `lines` were placed; the others did not fit in `max` messages. */
  shown: number;
}

/**
 * `head` opens the first message; the lines follow in order, a new message when the next line
 * would break the budget, at most `max` messages. A line too long for a message on its own is
 * still sent alone (it cannot be cut without losing its sense).
 */
export function packLines(lines: readonly string[], max: number, head: readonly string[] = []): Packed {
  const messages: string[][] = [[...head]];
  let shown = 0;
  for (const line of lines) {
    const current = messages[messages.length - 1] ?? [];
    if (current.length === 0 || fitsMessage([...current, line].join('\n'))) {
      current.push(line);
    } else if (messages.length < max) {
      messages.push([line]);
    } else {
      break;
    }
    shown++;
  }
  return { messages: messages.filter((m) => m.length > 0).map((m) => m.join('\n')), shown };
}

/**
 * The first lines that fit in `max` messages together with `tail` (which must always be said,
 * e.g. the official directory), dropping lines from the end until they do.
 */
export function packWithTail(lines: readonly string[], max: number, head: readonly string[], tail: readonly string[]): Packed {
  for (let keep = lines.length; keep >= 0; keep--) {
    const kept = [...lines.slice(0, keep), ...tail];
    const packed = packLines(kept, max, head);
    if (packed.shown === kept.length) return { messages: packed.messages, shown: keep };
  }
  return { messages: packLines(tail, max, head).messages, shown: 0 };
}
