// One typo on a longer word ("suicder", "harcelment", "frapee") still reaches the crisis word.
// Only tokens of 6 letters or more are corrected, only towards the phrases' own words, and never a
// real word one letter away from one ("courir" is not "mourir"): those are listed in the data.

const MIN_LENGTH = 6;

/** True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    // substitution, or a swap of two neighbours
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const LATIN_WORD = /^[a-z]+$/;

export class TypoCorrector {
  private readonly exact = new Set<string>();
  private readonly whole: string[] = [];
  private readonly stems: string[] = [];

  /** `words`: the crisis phrases' words ("harcel*" is a stem); `knownWords`: never corrected. */
  constructor(words: Iterable<string>, knownWords: Iterable<string>) {
    for (const w of knownWords) this.exact.add(w.replace(/\*/g, ''));
    for (const w of words) {
      this.exact.add(w.replace(/\*/g, ''));
      if (w.endsWith('*') && !w.slice(0, -1).includes('*')) {
        const stem = w.slice(0, -1);
        if (stem.length >= MIN_LENGTH - 1 && LATIN_WORD.test(stem)) this.stems.push(stem);
      } else if (!w.includes('*') && w.length >= MIN_LENGTH && LATIN_WORD.test(w)) {
        this.whole.push(w);
      }
    }
  }

  /** The normalised text with each correctable token replaced by the crisis word it misspells. */
  correct(text: string): string {
    return text
      .split(' ')
      .map((token) => this.correctToken(token))
      .join(' ');
  }

  private correctToken(token: string): string {
    if (token.length < MIN_LENGTH || this.exact.has(token) || !LATIN_WORD.test(token)) return token;
    if (this.stems.some((stem) => token.startsWith(stem))) return token;
    for (const word of this.whole) if (withinOneEdit(token, word)) return word;
    for (const stem of this.stems) {
      // The stem may have lost or gained a letter: compare the token's start at three lengths.
      for (const n of [stem.length, stem.length - 1, stem.length + 1]) {
        if (n <= token.length && withinOneEdit(token.slice(0, n), stem)) return stem + token.slice(n);
      }
    }
    return token;
  }
}
