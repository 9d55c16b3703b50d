// The figures of a digits-only walk (test/support/flow-walker.ts): per flow and language, the
// longest message (words, lines) and the most messages in answer to one action, and every answer
// over the budget of src/i18n/budget.ts, and every digit not taken, with the path that produced it.
import { ANSWER_MAX_MESSAGES, MESSAGE_MAX_LINES, MESSAGE_MAX_WORDS } from '../../src/i18n/budget.js';
import type { Content } from '../../src/content.js';
import { walkStarts, type Answer, type SentMessage, type WalkResult } from './flow-walker.js';

export interface FlowFigures {
  flow: string;
  locale: string;
  mostWords: { message: SentMessage; answer: Answer };
  mostLines: { message: SentMessage; answer: Answer };
  mostMessages: Answer;
}

export interface Violation {
  kind: 'words' | 'lines' | 'messages' | 'digit';
  answer: Answer;
  /** The message over the budget (for words and lines). */
  message?: SentMessage;
  value: number;
  /** Other paths over the budget the same way (the same message; for answers, the same flow and language). */
  others: number;
}

/** "deep link droits (ar): /start droits → 1 → 3". */
export function describePath(a: Answer): string {
  return `${a.start.name}${a.start.staff ? '' : ', no staff group'} (${a.start.locale}): ${a.path.join(' → ')}`;
}

/** Bigger first; for the same size, the shorter path (the simplest way to see it). */
function worse(value: number, a: Answer, than: number, b: Answer): boolean {
  return value > than || (value === than && a.path.length < b.path.length);
}

export function flowFigures(result: WalkResult): FlowFigures[] {
  const byKey = new Map<string, FlowFigures>();
  for (const answer of result.answers) {
    const key = `${answer.flow}|${answer.locale}`;
    let f = byKey.get(key);
    for (const message of answer.messages) {
      if (!f) {
        f = { flow: answer.flow, locale: answer.locale, mostWords: { message, answer }, mostLines: { message, answer }, mostMessages: answer };
        byKey.set(key, f);
      }
      if (worse(message.words, answer, f.mostWords.message.words, f.mostWords.answer)) f.mostWords = { message, answer };
      if (worse(message.lines, answer, f.mostLines.message.lines, f.mostLines.answer)) f.mostLines = { message, answer };
    }
    if (f && worse(answer.messages.length, answer, f.mostMessages.messages.length, f.mostMessages)) f.mostMessages = answer;
  }
  return [...byKey.values()].sort((a, b) => a.flow.localeCompare(b.flow) || a.locale.localeCompare(b.locale));
}

/**
 * Every answer over the budget, worst first. The same message reached by many paths is one
 * violation (its shortest path shown); too many messages, one per flow and language (the worst).
 */
export function violations(result: WalkResult): Violation[] {
  const groups = new Map<string, Violation>();
  const add = (key: string, v: Omit<Violation, 'others'>): void => {
    const known = groups.get(key);
    if (!known) return void groups.set(key, { ...v, others: 0 });
    known.others += 1;
    if (worse(v.value, v.answer, known.value, known.answer)) groups.set(key, { ...v, others: known.others });
  };
  for (const answer of result.answers) {
    for (const message of answer.messages) {
      if (message.words > MESSAGE_MAX_WORDS) add(`w|${message.text}`, { kind: 'words', answer, message, value: message.words });
      if (message.lines > MESSAGE_MAX_LINES) add(`l|${message.text}`, { kind: 'lines', answer, message, value: message.lines });
    }
    const n = answer.messages.length;
    if (n > ANSWER_MAX_MESSAGES) add(`m|${answer.flow}|${answer.locale}`, { kind: 'messages', answer, value: n });
    // The same answer to a digit, whatever the path: one violation.
    if (answer.digitLost) add(`d|${answer.flow}|${answer.path.at(-1)}|${answer.messages.map((m) => m.text).join('|')}`, { kind: 'digit', answer, value: 1 });
  }
  const max = { words: MESSAGE_MAX_WORDS, lines: MESSAGE_MAX_LINES, messages: ANSWER_MAX_MESSAGES, digit: 1 };
  return [...groups.values()].sort((a, b) => b.value / max[b.kind] - a.value / max[a.kind] || a.answer.path.length - b.answer.path.length);
}

export function formatViolation(v: Violation, withText = true): string {
  const unit = { words: `words (max ${MESSAGE_MAX_WORDS})`, lines: `lines (max ${MESSAGE_MAX_LINES})`, messages: `messages in one answer (max ${ANSWER_MAX_MESSAGES})`, digit: '' }[v.kind];
  const others = v.others > 0 ? ` (and ${v.others} other path(s))` : '';
  const what = v.kind === 'digit' ? `digit ${v.answer.path.at(-1)} not taken` : `${v.value} ${unit}`;
  const head = `[${v.answer.flow}, ${v.answer.locale}] ${what} — ${describePath(v.answer)}${others}`;
  if (!withText) return head;
  const shown = v.message ? [v.message] : v.answer.messages;
  const body = shown.map((m) => `    | ${m.text.split('\n').join('\n    | ')}  (${m.words} words, ${m.lines} lines)`).join('\n    ---\n');
  return `${head}\n${body}`;
}

/** The table of the note: one row per flow and language. */
export function figuresTable(result: WalkResult): string {
  const rows = flowFigures(result).map(
    (f) =>
      `| ${f.flow} | ${f.locale} | ${f.mostWords.message.words} w / ${f.mostWords.message.lines} l | ${f.mostLines.message.lines} l / ${f.mostLines.message.words} w | ${f.mostMessages.messages.length} | ${describePath(f.mostWords.answer)} |`,
  );
  return [
    '| flow | lang | longest message (words / lines) | most lines (lines / words) | most messages per action | path to the longest |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function summary(result: WalkResult): string {
  const answers = result.answers.length;
  return `${result.paths} paths walked, ${answers} answers measured in ${(result.millis / 1000).toFixed(1)} s (random walks seed ${result.seed})`;
}

export interface Reachability {
  /** Flows a person entered and never left (no end, no way to another flow). */
  neverLeft: string[];
  /** `end` steps no digits reached, and whether circumstances excuse it. */
  unreached: Array<{ flow: string; step: string; excuse?: string }>;
}

/**
 * Which ends digits alone did not reach. Excused: an end reached only through an action's outcome
 * other than "ok" (no team available, the reminders store full, an erasure left something): those
 * depend on circumstances, not on what the person types; and a flow only the bot opens (a reminder's
 * buttons), whose state comes from outside the conversation.
 */
export function reachability(result: WalkResult, content: Content): Reachability {
  const neverLeft = [...result.entered].filter((f) => !result.left.has(f)).sort();
  const botOpened = new Set(walkStarts(content, ['fr']).flatMap((s) => (s.name.startsWith('opened by the bot: ') ? [s.name.slice('opened by the bot: '.length)] : [])));
  const unreached: Reachability['unreached'] = [];
  for (const [id, loaded] of content.flows) {
    const reached = result.endsReached.get(id) ?? new Set<string>();
    for (const step of loaded.flow.steps) {
      if (step.type !== 'end' || reached.has(step.id)) continue;
      const byOk = loaded.flow.steps.some((s) => ('next' in s && s.next === step.id) || (s.type === 'branch' && (s.else === step.id || s.cases.some((c) => c.next === step.id))) || (s.type === 'ask-choice' && s.options?.some((o) => o.next === step.id)) || (s.type === 'go-to-step' && s.step === step.id));
      const outcomes = loaded.flow.steps.flatMap((s) => (s.type === 'action' ? Object.entries(s.on ?? {}).filter(([, to]) => to === step.id).map(([o]) => o) : []));
      const excuse = botOpened.has(id) ? 'only the bot opens this flow' : !byOk && outcomes.length > 0 ? `reached only when an action answers "${[...new Set(outcomes)].join('" or "')}"` : undefined;
      unreached.push({ flow: id, step: step.id, ...(excuse ? { excuse } : {}) });
    }
  }
  return { neverLeft, unreached };
}

export function formatReachability(r: Reachability): string {
  const lines = [
    r.neverLeft.length === 0 ? 'Every flow entered was left (an end, or another flow).' : `Flows entered and never left: ${r.neverLeft.join(', ')}`,
    ...r.unreached.map((u) => `end step not reached: ${u.flow}/${u.step}${u.excuse ? ` (excused: ${u.excuse})` : ''}`),
  ];
  return lines.join('\n');
}
