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

export class PhraseSet {
  private readonly groups = new Map<string, Node[][]>();
  private readonly vocabulary = new Set<string>();

  /** Defines `{name}` as one of `alternatives` (each a phrase). */
  define(name: string, alternatives: readonly string[]): void {
    this.groups.set(
      name,
      alternatives.map((a) => parse(a, this.groups)),
    );
  }

  /**
   * One regular expression for all `phrases`, to test against `" " + normalised + " "`
   * ('g' in `flags` only to replace: a global RegExp keeps state between tests).
   * Throws PhraseError naming the phrase that does not parse.
   */
  compile(phrases: readonly string[], flags = 'u'): RegExp | undefined {
    if (phrases.length === 0) return undefined;
    const parts = phrases.map((p) => {
      const nodes = parse(p, this.groups);
      wordsOf(nodes, this.vocabulary);
      return fragment(nodes);
    });
    return new RegExp(`(?<= )(?:${parts.join('|')})`, flags);
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
