// Finds what a message says about a crisis, from the phrases of flows/data/crisis-words.yaml:
//  - `crisis`: one or more categories (suicide, violence…): help numbers at once;
//  - `check`: distress said without a clear word ("chui fatigué de tout"): a gentle "are you OK?";
//  - undefined: nothing (including look-alikes such as "mort de rire" or "un exposé sur le harcèlement").
// When no phrase matches, a classifier trained on example messages (classifier.ts) may still answer:
// with a high margin the crisis reply, with a lower one the gentle check.
// Every language's phrases are tried on every message: a person may write Arabic in a French chat.
import type { CrisisClassifier } from './classifier.js';
import type { CrisisWords } from './words.js';
import { normaliseMessage } from './normalise.js';
import { PhraseSet, type PhraseMatcher } from './phrase.js';
import { TypoCorrector } from './typos.js';

export type Detection = { kind: 'crisis'; categories: string[] } | { kind: 'check' };

export interface ClassifierUse {
  classifier: CrisisClassifier;
  /** Margin (log-odds over "none") from which the classifier alone gives the crisis reply. */
  crisisMargin: number;
  /** Margin from which it asks the gentle check. */
  checkMargin: number;
}

interface CategoryRule {
  id: string;
  phrases: PhraseMatcher | undefined;
  topics: PhraseMatcher | undefined;
}

export class CrisisDetector {
  private readonly rules: CategoryRule[];
  private readonly except: PhraseMatcher | undefined;
  private readonly about: PhraseMatcher | undefined;
  private readonly check: PhraseMatcher | undefined;
  private readonly typos: TypoCorrector;
  private readonly set = new PhraseSet();
  private second: ClassifierUse | undefined;

  /** Throws PhraseError on a malformed phrase (the loader reports it with its file and line). */
  constructor(data: CrisisWords) {
    const set = this.set;
    for (const [name, alternatives] of Object.entries(data.groups)) set.define(name, alternatives);
    const all = (perLocale: Record<string, string[]> | undefined): string[] => Object.values(perLocale ?? {}).flat();
    this.rules = Object.entries(data.categories).map(([id, c]) => ({ id, phrases: set.compile(all(c.phrases)), topics: set.compile(all(c.topics)) }));
    const crisisWords = [...set.words()];
    this.check = set.compile(all(data.check));
    this.except = set.compile(all(data.except));
    this.about = set.compile(all(data.about));
    // Typos are corrected towards crisis words only, never from a word the file knows otherwise
    // ("papiers" in a look-alike is not "papers" one letter away).
    this.typos = new TypoCorrector(crisisWords, [...set.words(), ...all(data['real-words']).map((w) => normaliseMessage(w))]);
  }

  /** Adds the classifier's second opinion (trained on `prepare`d examples). */
  useClassifier(use: ClassifierUse): void {
    this.second = use;
  }

  /** The text as phrases and the classifier read it: normalised, look-alikes removed, typos corrected. */
  prepare(text: string): string {
    return this.read(text).text;
  }

  detect(text: string): Detection | undefined {
    const { text: prepared, lookAlike } = this.read(text);
    if (!prepared) return undefined;
    const padded = ` ${prepared} `;
    const candidates = this.set.candidates(padded);
    const about = this.about?.test(padded, candidates) ?? false;
    const categories = this.rules.filter((r) => r.phrases?.test(padded, candidates) || (!about && r.topics?.test(padded, candidates))).map((r) => r.id);
    if (categories.length > 0) return { kind: 'crisis', categories };
    // The classifier alone never gives the crisis reply to a message about school work or media, or
    // holding a known look-alike (what is left of "photos de mes papiers" reads like sextortion).
    const prediction = this.second?.classifier.predict(prepared);
    if (prediction && this.second && !about && !lookAlike && prediction.margin >= this.second.crisisMargin) return { kind: 'crisis', categories: [prediction.category] };
    if (this.check?.test(padded, candidates)) return { kind: 'check' };
    return prediction && this.second && prediction.margin >= this.second.checkMargin ? { kind: 'check' } : undefined;
  }

  private read(text: string): { text: string; lookAlike: boolean } {
    const plain = normaliseMessage(text);
    if (!plain) return { text: '', lookAlike: false };
    // Look-alikes first, as written; then typos on what is left.
    const padded = ` ${plain} `;
    const kept = this.except ? this.except.remove(padded, this.set.candidates(padded)).replace(/ +/g, ' ').trim() : plain;
    return { text: this.typos.correct(kept), lookAlike: kept !== plain };
  }

  categories(): string[] {
    return this.rules.map((r) => r.id);
  }
}
