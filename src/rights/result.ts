// The rights result, given a little at a time (issue #13): first the rights the person may have,
// one line each, in at most two messages; then a question opens the papers, the places, a
// reminder or the rest of the list. Between two answers only the ids of the rights found are
// kept (droits_found, droits_left), never the answers to the questionnaire.
import type { Json } from '../engine/state.js';
import { packLines, packWithTail } from './pack.js';
import { paperLines, rightLine, simulatorLines, type RenderEnv } from './render.js';
import type { Right, RightId, Simulator } from './schema.js';

/** Session variables of the result (cleared by rights.forget when the person leaves the droits flow). */
export const RESULT_VARS = {
  /** Every right found, space-separated ids: the papers answer reads them. */
  found: 'droits_found',
  /** The rights not listed yet ("voir la suite"). */
  left: 'droits_left',
  /** The simulators suggested for the person's profile. */
  simulators: 'droits_simulators',
  /** The options of the "what next" question, built here. */
  options: 'droits_next_options',
} as const;

/** Messages for the list: at most two, so that with the question an answer stays within four. */
export const LIST_MESSAGES = 2;
/** Messages for the papers: at most three, the question being the fourth. */
export const PAPERS_MESSAGES = 3;

export const ids = (rights: readonly { id: string }[]): string => rights.map((r) => r.id).join(' ');

/** The rights (in data order) whose ids are in a space-separated list kept in a variable. */
export function rightsIn<T extends Right | Simulator>(all: readonly T[], value: Json | undefined): T[] {
  const wanted = new Set(typeof value === 'string' ? value.split(' ') : []);
  return all.filter((r) => wanted.has(r.id));
}

/** One page of the list: as many rights as fit in two messages after `head`; the others are left. */
export function listPage(env: RenderEnv, rights: readonly Right[], head: readonly string[]): { messages: string[]; left: Right[] } {
  const packed = packLines(rights.map((r) => rightLine(env, r)), LIST_MESSAGES, head);
  return { messages: packed.messages, left: rights.slice(packed.shown) };
}

/**
 * "1. Les papiers à préparer 2. Où me faire aider 3. Un rappel", then the rest of the list when
 * some rights are not shown yet, a person, and the menu. No papers without any right, nor once
 * they have been shown (the person has them just above).
 */
export function nextOptions(papers: boolean, left: number): Json[] {
  const option = (id: string): Json => ({ id, label: `droits.next.${id}` });
  return [...(papers ? [option('papers')] : []), option('places'), option('reminder'), ...(left > 0 ? [option('more')] : []), option('talk'), option('menu')];
}

/** Whether the options in `value` (a variable) still offer the papers. */
export function offersPapers(value: Json | undefined): boolean {
  return Array.isArray(value) && value.some((o) => o !== null && typeof o === 'object' && !Array.isArray(o) && o.id === 'papers');
}

/**
 * The papers for the rights found, then the official simulators, in at most three messages.
 * When all do not fit, the simulators go first (the list of papers matters more), then the last
 * papers, replaced by one line saying where to ask.
 */
export function papersAnswer(env: RenderEnv, rights: readonly Right[], simulators: readonly Simulator[]): string[] {
  const papers = paperLines(env, rights);
  const head = [env.t('droits.papers.header')];
  for (const lines of [[...papers, ...simulatorLines(env, simulators)], papers]) {
    const packed = packLines(lines, PAPERS_MESSAGES, head);
    if (packed.shown === lines.length) return packed.messages;
  }
  return packWithTail(papers, PAPERS_MESSAGES, head, [env.t('droits.papers.rest')]).messages;
}
