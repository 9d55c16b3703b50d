// A small phrase language for crisis patterns, readable by the professionals who review them, and
// compiled to one regular expression over a normalised message (tokens separated by one space):
//
//   veux mourir          the words in a row
//   (tape|frappe|bat)    one of these (each alternative may hold several words)
//   [vraiment]           an optional word or group ("(a|à)?" too)
//   ~                    up to three words of any kind ("veux ~ mourir": "veux vraiment juste mourir")
//   harcel*  *ضرب*ني     "*" stands for any letters inside one word
//   {me}                 a group defined once in the file's `groups`
//   $                    the end of the message ("j'en peux plus $": said alone, not "…plus de ce bus")
//
// Phrase words go through the same character folding as messages (case, accents, doubled letters,
// Arabic letter forms), so "frappée" in a phrase is "frape". A word in Arabic script also accepts
// the clitics Arabic attaches in front of a word (و ف ب ل ك س and the article ال).
import { foldChars } from './normalise.js';

export class PhraseError extends Error {
  constructor(
    message: string,
    readonly phrase: string,
  ) {
    super(message);
  }
}

const ARABIC_PROCLITICS = '(?:[وف])?(?:[بلكس])?(?:ال|ل)?';
const GAP = '(?:[^ ]+ ){0,3}';

type Node = { kind: 'word'; text: string } | { kind: 'gap' } | { kind: 'end' } | { kind: 'alt'; options: Node[][]; optional: boolean };

/** Parses a phrase into nodes; `groups` are already-parsed alternatives by name. */
function parse(phrase: string, groups: ReadonlyMap<string, Node[][]>): Node[] {
  let i = 0;
  const fail = (why: string): never => {
    throw new PhraseError(`${why} at character ${i + 1} of "${phrase}"`, phrase);
  };
  const sequence = (closers: string): Node[] => {
    const nodes: Node[] = [];
    for (;;) {
      while (phrase[i] === ' ') i++;
      const c = phrase[i];
      if (c === undefined || closers.includes(c)) return nodes;
      if (c === '(' || c === '[') {
        i++;
        const close = c === '(' ? ')' : ']';
        const options = [sequence(`|${close}`)];
        while (phrase[i] === '|') {
          i++;
          options.push(sequence(`|${close}`));
        }
        if (phrase[i] !== close) fail(`"${close}" missing`);
        i++;
        if (options.some((o) => o.length === 0)) fail('an empty alternative');
        // "(a|à)?" is the same as "[a|à]".
        const optional = c === '[' || phrase[i] === '?';
        if (phrase[i] === '?') i++;
        nodes.push({ kind: 'alt', options, optional });
      } else if (c === '{') {
        const end = phrase.indexOf('}', i);
        if (end < 0) fail('"}" missing');
        const name = phrase.slice(i + 1, end).trim();
        const group = groups.get(name);
        if (!group) fail(`unknown group {${name}}`);
        nodes.push({ kind: 'alt', options: group ?? [], optional: false });
        i = end + 1;
      } else if (c === '~') {
        i++;
        nodes.push({ kind: 'gap' });
      } else if (c === '$') {
        i++;
        nodes.push({ kind: 'end' });
      } else if (')]|}'.includes(c)) {
        fail(`unexpected "${c}"`);
      } else {
        let j = i;
        while (j < phrase.length && !' ()[]|{}~$'.includes(phrase[j] ?? '')) j++;
        // One written word may fold to several ("m'a" → "m a"); "*" survives the folding.
        const raw = phrase.slice(i, j);
        const words = raw
          .split('*')
          .map(foldChars)
          .join('*')
          .split(' ');
        i = j;
        for (const w of words) if (w && w !== '*') nodes.push({ kind: 'word', text: w });
        if (words.every((w) => !w || w === '*')) fail(`"${raw}" has no letter`);
      }
    }
  };
  const nodes = sequence('');
  if (i < phrase.length) fail(`unexpected "${phrase[i]}"`);
  if (nodes.length === 0) fail('an empty phrase');
  return nodes;
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Each fragment matches whole words, each followed by one space (the text is padded with spaces). */
function fragment(nodes: Node[]): string {
  return nodes
    .map((node) => {
      if (node.kind === 'gap') return GAP;
      if (node.kind === 'end') return '$';
      if (node.kind === 'alt') return `(?:${node.options.map(fragment).join('|')})${node.optional ? '?' : ''}`;
      const body = escape(node.text).replace(/\*/g, '[^ ]*');
      return `${/\p{Script=Arabic}/u.test(node.text[0] === '*' ? node.text.slice(1) : node.text) ? ARABIC_PROCLITICS : ''}${body} `;
    })
    .join('');
}

/** The literal words of a phrase (for typo correction): "*" parts dropped, stems kept as prefixes. */
function wordsOf(nodes: Node[], into: Set<string>): void {
  for (const node of nodes) {
    if (node.kind === 'word') into.add(node.text);
    else if (node.kind === 'alt') for (const option of node.options) wordsOf(option, into);
  }
}

/**
 * Literal pieces of which a matching text must hold at least one (a cheap filter before the
 * regular expression): the most selective mandatory part of the phrase, or undefined if none.
 */
function needlesOf(nodes: Node[]): string[] | undefined {
  let best: string[] | undefined;
  for (const node of nodes) {
    const needles = needlesOfNode(node);
    if (needles && (!best || selectivity(needles) > selectivity(best))) best = needles;
  }
  return best;
}

function needlesOfNode(node: Node): string[] | undefined {
  if (node.kind === 'word') {
    const pieces = node.text.split('*').filter((piece) => piece.length >= 2);
    return pieces.length > 0 ? [pieces.reduce((a, b) => (b.length > a.length ? b : a))] : undefined;
  }
  if (node.kind !== 'alt' || node.optional) return undefined;
  const all: string[] = [];
  for (const option of node.options) {
    const needles = needlesOf(option);
    if (!needles) return undefined;
    all.push(...needles);
  }
  return all;
}

/** Longer and fewer needles filter more. */
function selectivity(needles: string[]): number {
  return Math.min(...needles.map((n) => n.length)) * 100 - needles.length;
}

/** Finds, in one pass over a text, every needle it holds (a trie walked from each position). */
class NeedleIndex {
  private readonly root = new Map<string, TrieNode>();

  add(needle: string, id: number): void {
    let level = this.root;
    let node: TrieNode | undefined;
    for (const ch of needle) {
      node = level.get(ch);
      if (!node) {
        node = { next: new Map(), ids: [] };
        level.set(ch, node);
      }
      level = node.next;
    }
    node?.ids.push(id);
  }

  /** Ids of the phrases whose needle occurs in `text`. */
  find(text: string, into: Set<number>): void {
    const chars = [...text];
    for (let start = 0; start < chars.length; start++) {
      let level = this.root;
      for (let i = start; i < chars.length; i++) {
        const node = level.get(chars[i] ?? '');
        if (!node) break;
        for (const id of node.ids) into.add(id);
        level = node.next;
      }
    }
  }
}

interface TrieNode {
  next: Map<string, TrieNode>;
  ids: number[];
}

interface CompiledPhrase {
  id: number;
  regex: RegExp;
  /** For remove(): a global RegExp keeps state between test() calls, so it gets its own. */
  global: RegExp;
}

/** Phrases that may match a text: only those whose literal filter it passes are run. */
export type Candidates = ReadonlySet<number>;

export class PhraseMatcher {
  constructor(private readonly phrases: readonly CompiledPhrase[]) {}

  /** True when a phrase matches `padded` (" " + normalised text + " "). */
  test(padded: string, candidates: Candidates): boolean {
    return this.phrases.some((p) => candidates.has(p.id) && p.regex.test(padded));
  }

  /** `padded` with every match replaced by a space. */
  remove(padded: string, candidates: Candidates): string {
    let text = padded;
    for (const p of this.phrases) if (candidates.has(p.id)) text = text.replace(p.global, ' ');
    return text;
  }
}

export class PhraseSet {
  private readonly groups = new Map<string, Node[][]>();
  private readonly vocabulary = new Set<string>();
  private readonly index = new NeedleIndex();
  private readonly always: number[] = [];
  private nextId = 0;

  /** Defines `{name}` as one of `alternatives` (each a phrase). */
  define(name: string, alternatives: readonly string[]): void {
    this.groups.set(
      name,
      alternatives.map((a) => parse(a, this.groups)),
    );
  }

  /**
   * The matcher of `phrases`, for `" " + normalised + " "`. Throws PhraseError naming the phrase
   * that does not parse.
   */
  compile(phrases: readonly string[]): PhraseMatcher | undefined {
    if (phrases.length === 0) return undefined;
    return new PhraseMatcher(
      phrases.map((p) => {
        const nodes = parse(p, this.groups);
        wordsOf(nodes, this.vocabulary);
        const id = this.nextId++;
        const needles = needlesOf(nodes);
        if (needles) for (const needle of needles) this.index.add(needle, id);
        else this.always.push(id);
        const source = `(?<= )${fragment(nodes)}`;
        return { id, regex: new RegExp(source, 'u'), global: new RegExp(source, 'gu') };
      }),
    );
  }

  /** The phrases of this set worth running on `padded`. */
  candidates(padded: string): Candidates {
    const found = new Set<number>(this.always);
    this.index.find(padded, found);
    return found;
  }

  /** Every word the compiled phrases name, "*" included (for typo correction). */
  words(): ReadonlySet<string> {
    return this.vocabulary;
  }
}

/** Parses a phrase alone (checks): throws PhraseError when it is malformed. */
export function checkPhrase(phrase: string, groups: ReadonlyMap<string, readonly string[]> = new Map()): void {
  const set = new PhraseSet();
  for (const [name, alternatives] of groups) set.define(name, alternatives);
  set.compile([phrase]);
}
