// Matching what a person typed against a list of choices: a digit, the label, or a close
// spelling of it (old phones autocorrect; people type without accents).
import { normalise } from '../i18n/words.js';
import { editDistance } from '../i18n/edit-distance.js';


/**
 * Index of the choice the text designates, or -1. `labels` are the shown labels; `ids` the
 * option ids (accepted too). A number selects by position (1-based).
 */
export function matchChoice(text: string, labels: readonly string[], ids: readonly string[] = []): number {
  const typed = normalise(text);
  if (!typed) return -1;
  // "-1" is not choice 1 (normalising would drop the sign).
  if (/^\s*[-−]\s*[\d٠-٩۰-۹]/.test(text)) return -1;
  const number = /^(\d{1,2})$/.exec(typed);
  if (number) {
    const n = Number(number[1]);
    return n >= 1 && n <= labels.length ? n - 1 : -1;
  }
  const norm = labels.map(normalise);
  const exact = norm.findIndex((l) => l === typed);
  if (exact >= 0) return exact;
  const byId = ids.findIndex((id) => normalise(id) === typed);
  if (byId >= 0) return byId;
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
