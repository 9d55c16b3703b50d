// Right-to-left texts on phones. A phone lays each line out in the direction of its first strong
// character: an Arabic line that begins with "RSA", "Promeneurs du Net" or a Latin name filled in
// a placeholder is shown left-to-right, its punctuation on the wrong side. A RIGHT-TO-LEFT MARK
// (U+200F, invisible) at the start of such a line sets it right-to-left.

export const RLM = '\u200F';

// Strong right-to-left: letters of the right-to-left scripts, and the marks that act like them
// (RLM, ARABIC LETTER MARK, RLE/RLO/RLI).
const RTL_STRONG = /^(?:(?=\p{L})[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]|[\u200F\u061C\u202B\u202E\u2067])$/u;
// Strong left-to-right: any other letter, and LRM/LRE/LRO/LRI.
const STRONG = /[\p{L}\u200E\u200F\u061C\u202A\u202B\u202D\u202E\u2066\u2067]/u;
const READABLE = /[\p{L}\p{N}]/u;

function needsMark(line: string): boolean {
  // A line without a letter or digit (a separator, an emoji) is left alone.
  if (!READABLE.test(line)) return false;
  const first = line.match(STRONG)?.[0];
  return first === undefined || !RTL_STRONG.test(first);
}

/** Each line whose first strong character is not right-to-left, started with U+200F. */
export function markRightToLeft(text: string): string {
  return text
    .split('\n')
    .map((line) => (needsMark(line) ? RLM + line : line))
    .join('\n');
}
