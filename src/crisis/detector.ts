// Finds what a message says about a crisis, from the phrases of flows/data/crisis-words.yaml:
//  - `crisis`: one or more categories (suicide, violence…): help numbers at once;
//  - `check`: distress said without a clear word ("chui fatigué de tout"): a gentle "are you OK?";
//  - undefined: nothing (including look-alikes such as "mort de rire" or "un exposé sur le harcèlement").
// Every language's phrases are tried on every message: a person may write Arabic in a French chat.
import type { CrisisWords } from './data.js';
import { normaliseMessage } from './normalise.js';
import { PhraseSet, type PhraseMatcher } from './phrase.js';
import { TypoCorrector } from './typos.js';

export type Detection = { kind: 'crisis'; categories: string[] } | { kind: 'check' };

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

  detect(text: string): Detection | undefined {
    const plain = normaliseMessage(text);
    if (!plain) return undefined;
    // Look-alikes first, as written; then typos on what is left.
    let padded = ` ${plain} `;
    if (this.except) padded = ` ${this.except.remove(padded, this.set.candidates(padded)).replace(/ +/g, ' ').trim()} `;
    padded = ` ${this.typos.correct(padded.trim())} `;
    const candidates = this.set.candidates(padded);
    const about = this.about?.test(padded, candidates) ?? false;
    const categories = this.rules.filter((r) => r.phrases?.test(padded, candidates) || (!about && r.topics?.test(padded, candidates))).map((r) => r.id);
    if (categories.length > 0) return { kind: 'crisis', categories };
    return this.check?.test(padded, candidates) ? { kind: 'check' } : undefined;
  }

  categories(): string[] {
    return this.rules.map((r) => r.id);
  }
}
