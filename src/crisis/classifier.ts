// A second opinion for messages the phrases do not catch: a naive Bayes classifier trained, at
// start, on labelled example messages (flows/data/crisis-examples/: the team can add real, anonymised
// messages there). Features are the normalised words, pairs of words and 4-letter pieces, so a
// new spelling or wording close to known examples still scores. It never replaces the phrases: the
// detector uses it only when no phrase matched, with a high margin for the crisis reply and a lower
// one for the gentle check.
import type { LabelledMessage } from './corpus.js';

/** Laplace-style smoothing: how much an unseen feature counts. */
const ALPHA = 0.5;

export interface Prediction {
  category: string;
  /** How much more likely (log-odds) the best category is than "none". */
  margin: number;
}

export function featuresOf(normalised: string): Set<string> {
  const words = normalised.split(' ').filter(Boolean);
  const out = new Set<string>();
  words.forEach((w, i) => {
    out.add(`w:${w}`);
    const next = words[i + 1];
    if (next !== undefined) out.add(`b:${w}_${next}`);
  });
  const padded = ` ${normalised} `;
  const chars = [...padded];
  for (let i = 0; i + 4 <= chars.length; i++) out.add(`c:${chars.slice(i, i + 4).join('')}`);
  return out;
}

interface ClassStats {
  docs: number;
  features: Map<string, number>;
  total: number;
}

export class CrisisClassifier {
  private constructor(
    private readonly classes: Map<string, ClassStats>,
    private readonly vocabulary: Set<string>,
    private readonly docs: number,
  ) {}

  /**
   * Trains on examples whose text is already normalised by `normalise`. "unclear" examples are
   * left out: they are neither a category nor harmless.
   */
  static train(examples: readonly LabelledMessage[], normalise: (text: string) => string): CrisisClassifier {
    const classes = new Map<string, ClassStats>();
    const vocabulary = new Set<string>();
    let docs = 0;
    for (const example of examples) {
      if (example.category === 'unclear') continue;
      let stats = classes.get(example.category);
      if (!stats) classes.set(example.category, (stats = { docs: 0, features: new Map(), total: 0 }));
      stats.docs += 1;
      docs += 1;
      for (const feature of featuresOf(normalise(example.text))) {
        stats.features.set(feature, (stats.features.get(feature) ?? 0) + 1);
        stats.total += 1;
        vocabulary.add(feature);
      }
    }
    return new CrisisClassifier(classes, vocabulary, docs);
  }

  /** The most likely crisis category and its margin over "none"; undefined when "none" wins. */
  predict(normalised: string): Prediction | undefined {
    const none = this.classes.get('none');
    if (!none || this.classes.size < 2) return undefined;
    const features = [...featuresOf(normalised)].filter((f) => this.vocabulary.has(f));
    const size = this.vocabulary.size;
    const score = (stats: ClassStats): number => {
      let s = Math.log(stats.docs / this.docs);
      for (const f of features) s += Math.log(((stats.features.get(f) ?? 0) + ALPHA) / (stats.total + ALPHA * size));
      return s;
    };
    const noneScore = score(none);
    let best: Prediction | undefined;
    for (const [category, stats] of this.classes) {
      if (category === 'none') continue;
      const margin = score(stats) - noneScore;
      if (margin > 0 && (!best || margin > best.margin)) best = { category, margin };
    }
    return best;
  }
}
