// Matching what a person typed against a list of choices: a digit, a number written as a word
// ("deux"), the label, or a close spelling of it (old phones autocorrect; people type without accents).
import { normalise } from '../i18n/words.js';
import { editDistance } from '../i18n/edit-distance.js';

export interface MatchOptions {
  /** Numbers written as words, normalised ("deux" → 2): see WordSets.numbers. */
  numbers?: ReadonlyMap<string, number>;
  /**
   * The number shown before the first choice: 1 (default), or 0 when the choices are counts
   * ("0. Aucun 1. 1 enfant … 4. 4 ou plus"), so the digit typed is the count itself.
   */
  first?: 0 | 1;
  /** The index of the choice that also stands for any number larger than those shown ("4 ou plus" takes 7). */
  orMore?: number;
}

/**
 * Index of the choice the text designates, or -1. `labels` are the shown labels; `ids` the
 * option ids (accepted too). A number, in digits or in words, selects by its shown number.
 */
export function matchChoice(text: string, labels: readonly string[], ids: readonly string[] = [], opts: MatchOptions = {}): number {
  const typed = normalise(text);
  if (!typed) return -1;
  // "-1" is not choice 1 (normalising would drop the sign).
  if (/^\s*[-−]\s*[\d٠-٩۰-۹]/.test(text)) return -1;
  const number = /^(\d{1,2})$/.exec(typed);
  if (number) return byNumber(Number(number[1]), labels.length, opts);
  const norm = labels.map(normalise);
  const exact = norm.findIndex((l) => l === typed);
  if (exact >= 0) return exact;
  const byId = ids.findIndex((id) => normalise(id) === typed);
  if (byId >= 0) return byId;
  const word = opts.numbers?.get(typed);
  if (word !== undefined) return byNumber(word, labels.length, opts);
  // "deux enfants" for the label "2 enfants".
  const withDigits = opts.numbers ? typed.split(' ').map((w) => opts.numbers?.get(w) ?? w).join(' ') : typed;
  if (withDigits !== typed) {
    const spelled = norm.findIndex((l) => l === withDigits);
    if (spelled >= 0) return spelled;
  }
  // A word of the label typed alone ("rappels" for "Mes rappels"), when only one label has it.
  if (typed.length >= 3) {
    const containing = norm.map((l, i) => (` ${l} `.includes(` ${typed} `) || l.startsWith(typed) ? i : -1)).filter((i) => i >= 0);
    if (containing.length === 1) return containing[0] ?? -1;
  }
  // Close spelling: allow about one typo per five letters.
  if (typed.length >= 4) {
    let best = -1;
    let bestDistance = Infinity;
    let tie = false;
    norm.forEach((label, i) => {
      const d = Math.min(editDistance(typed, label), ...label.split(' ').filter((w) => w.length >= 4).map((w) => editDistance(typed, w)));
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
        tie = false;
      } else if (d === bestDistance) tie = true;
    });
    if (!tie && bestDistance <= Math.max(1, Math.floor(typed.length / 5))) return best;
  }
  return -1;
}

/** The index of the choice shown with number `n`, or -1. */
function byNumber(n: number, count: number, opts: MatchOptions): number {
  const first = opts.first ?? 1;
  const index = n - first;
  if (index >= 0 && index < count) return index;
  return index >= count && opts.orMore !== undefined && opts.orMore < count ? opts.orMore : -1;
}
