// The reading budget of issue #13: what someone who reads with difficulty can take in at once.
// One message: at most 60 words and 8 lines. One answer (everything sent back to one action of
// the person, first contact included): at most 4 messages.

export const MESSAGE_MAX_WORDS = 60;
export const MESSAGE_MAX_LINES = 8;
export const ANSWER_MAX_MESSAGES = 4;

export interface MessageSize {
  words: number;
  /** Lines with something on them: a blank line between paragraphs is layout, not reading. */
  lines: number;
}

/** A choice's number at the start of a line ("1. ", "٢) "): layout, not something to read. */
const NUMBERING = /^[\s\u200e\u200f]*\p{Nd}+[.)]\s/gmu;

/** Words as a reader counts them: runs of letters or digits ("1." numbering and "—" are not words). */
export function measureMessage(text: string): MessageSize {
  const words = text.replace(NUMBERING, '').match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu)?.length ?? 0;
  const lines = text.split('\n').filter((l) => l.trim() !== '').length;
  return { words, lines };
}

export function fitsMessage(text: string): boolean {
  const { words, lines } = measureMessage(text);
  return words <= MESSAGE_MAX_WORDS && lines <= MESSAGE_MAX_LINES;
}
