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
  /** Per feature, its log-likelihood in each class (in `names` order): prediction only adds. */
  private readonly weights = new Map<string, Float64Array>();
  private readonly priors: Float64Array;

  private constructor(
    private readonly names: readonly string[],
    classes: ReadonlyMap<string, ClassStats>,
    vocabulary: ReadonlySet<string>,
    docs: number,
  ) {
    const stats = names.map((n) => classes.get(n) as ClassStats);
    this.priors = Float64Array.from(stats, (c) => Math.log(c.docs / docs));
    const size = vocabulary.size;
    for (const feature of vocabulary) {
      this.weights.set(
        feature,
        Float64Array.from(stats, (c) => Math.log(((c.features.get(feature) ?? 0) + ALPHA) / (c.total + ALPHA * size))),
      );
    }
  }

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
    return new CrisisClassifier([...classes.keys()], classes, vocabulary, docs);
  }

  /** The most likely crisis category and its margin over "none"; undefined when "none" wins. */
  predict(normalised: string): Prediction | undefined {
    const none = this.names.indexOf('none');
    if (none < 0 || this.names.length < 2) return undefined;
    const scores = Float64Array.from(this.priors);
    for (const feature of featuresOf(normalised)) {
      const w = this.weights.get(feature);
      if (w) for (let c = 0; c < scores.length; c++) scores[c] = (scores[c] ?? 0) + (w[c] ?? 0);
    }
    let best: Prediction | undefined;
    this.names.forEach((category, c) => {
      const margin = (scores[c] ?? 0) - (scores[none] ?? 0);
      if (c !== none && margin > 0 && (!best || margin > best.margin)) best = { category, margin };
    });
    return best;
  }
}
