// Scores the detector on labelled messages: recall per category and language, false positives on
// harmless messages, gentle checks, and every miss (for `npm run eval:crisis` and the tests).
import type { LabelledMessage } from './corpus.js';
import type { Detection } from './detector.js';

export interface Cell {
  total: number;
  found: number;
}

export interface Evaluation {
  /** category → language → detected with that category. */
  recall: Map<string, Map<string, Cell>>;
  /** language → harmless messages and how many got the crisis reply / a gentle check. */
  harmless: Map<string, { total: number; crisis: number; checks: number }>;
  /** Distress without a clear word: answered (check or crisis) or left silent. */
  unclear: Cell;
  misses: Array<{ message: LabelledMessage; got: string }>;
  falsePositives: Array<{ message: LabelledMessage; got: string }>;
}

function cell<K>(map: Map<K, Cell>, key: K): Cell {
  let c = map.get(key);
  if (!c) {
    c = { total: 0, found: 0 };
    map.set(key, c);
  }
  return c;
}

/**
 * `detect` may depend on the message's index (a detector whose classifier did not learn from it).
 * `known`: our categories; for a label outside them (another corpus's "child-danger"), any crisis
 * reply counts as found.
 */
export function evaluate(
  corpus: readonly LabelledMessage[],
  detect: (message: LabelledMessage, index: number) => Detection | undefined,
  known?: ReadonlySet<string>,
): Evaluation {
  const e: Evaluation = { recall: new Map(), harmless: new Map(), unclear: { total: 0, found: 0 }, misses: [], falsePositives: [] };
  for (const [index, message] of corpus.entries()) {
    const d = detect(message, index);
    const got = d === undefined ? 'nothing' : d.kind === 'check' ? 'check' : d.categories.join('+');
    if (message.category === 'none') {
      let h = e.harmless.get(message.lang);
      if (!h) e.harmless.set(message.lang, (h = { total: 0, crisis: 0, checks: 0 }));
      h.total += 1;
      if (d?.kind === 'crisis') {
        h.crisis += 1;
        e.falsePositives.push({ message, got });
      } else if (d?.kind === 'check') h.checks += 1;
    } else if (message.category === 'unclear') {
      e.unclear.total += 1;
      if (d) e.unclear.found += 1;
    } else {
      let byLang = e.recall.get(message.category);
      if (!byLang) e.recall.set(message.category, (byLang = new Map()));
      const c = cell(byLang, message.lang);
      c.total += 1;
      const right = known === undefined || known.has(message.category) ? d?.kind === 'crisis' && d.categories.includes(message.category) : d?.kind === 'crisis';
      if (right) c.found += 1;
      else e.misses.push({ message, got });
    }
  }
  return e;
}

export const ratio = (c: Cell): number => (c.total === 0 ? 1 : c.found / c.total);

/** The lowest recall over every category and language. */
export function worstRecall(e: Evaluation): number {
  return Math.min(1, ...[...e.recall.values()].flatMap((byLang) => [...byLang.values()].map(ratio)));
}

export function falsePositiveRate(e: Evaluation): number {
  const all = [...e.harmless.values()];
  const total = all.reduce((n, h) => n + h.total, 0);
  return total === 0 ? 0 : all.reduce((n, h) => n + h.crisis, 0) / total;
}
