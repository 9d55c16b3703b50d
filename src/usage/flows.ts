// The flow events of one engine step, read from the state before and after it and its effects:
// the conversation service calls this once per step (src/app.ts), so no flow has to count itself.
//  - started: the person entered a flow (not on returning to a question a reminder interrupted);
//  - step: the step a person stopped at (a question or an action), for the funnels; steps passed
//    through within one step of the engine (texts, branches) are not seen, the end is "finished";
//  - finished: the flow reached its end (the engine's flow-ended);
//  - left: the person was taken out of an unfinished flow by something other than the flow's own
//    path: the words "menu", "stop" or "langue" (while not answering a question), a new /start, an
//    educator taking the conversation, or the bot opening another flow. Labelled with the step.
// The main menu is the hub between flows, not one people follow: it is never counted. A choice
// leading to another flow is the flow's own path: neither finished nor left. "Retour" counts the
// step it goes back to again.
import type { Effect, EngineEvent } from '../engine/effects.js';
import type { FlowSet } from '../engine/load.js';
import type { Position, SessionState } from '../engine/state.js';
import { globalWordOf, type WordSets } from '../engine/words.js';
import type { UsageEvent } from './model.js';

const MENU_FLOW = 'menu';

export interface EngineStepSeen {
  before: SessionState;
  after: SessionState;
  event: EngineEvent;
  effects: readonly Effect[];
}

export function flowEvents(seen: EngineStepSeen, content: { flows: FlowSet; words: WordSets }): UsageEvent[] {
  const { before, after, event, effects } = seen;
  const out: UsageEvent[] = [];
  const bp = before.position;
  const ap = after.position;
  const ended = effects.flatMap((e) => (e.type === 'flow-ended' ? [e.flowId] : []));
  const word = event.kind === 'text' && !(bp && offers(content.flows, bp, globalWordOf(event.text, content.words))) ? globalWordOf(event.text, content.words) : undefined;
  const stopped = word === 'stop';
  const abandoning = stopped || word === 'menu' || word === 'language' || event.kind === 'start' || event.kind === 'pause' || (event.kind === 'enter-flow' && !event.interrupt);
  const counted = (flowId: string): boolean => flowId !== MENU_FLOW;
  const at = (p: Position): string => `${p.flowId}/${p.stepId}`;

  for (const flowId of ended) {
    if (!counted(flowId)) continue;
    // Entered and ended within this step (no question on the way).
    if (flowId !== bp?.flowId) out.push({ kind: 'flow.started', label: flowId });
    // "stop" ends the flow the person is in: that is leaving it, not finishing it.
    if (stopped && bp && flowId === bp.flowId) out.push({ kind: 'flow.left', label: at(bp) });
    else out.push({ kind: 'flow.finished', label: flowId });
  }
  if (abandoning && bp && counted(bp.flowId) && !ended.includes(bp.flowId) && ap?.flowId !== bp.flowId && !samePlace(after.resume, bp)) {
    out.push({ kind: 'flow.left', label: at(bp) });
  }
  // The question a reminder (or "langue") interrupted, given up for something else.
  const waited = before.resume;
  if (abandoning && waited && !after.resume && counted(waited.flowId) && ap?.flowId !== waited.flowId && !ended.includes(waited.flowId)) {
    out.push({ kind: 'flow.left', label: at(waited) });
  }
  if (ap && counted(ap.flowId)) {
    const resumed = waited !== null && waited !== undefined && !after.resume && waited.flowId === ap.flowId;
    const entered = !resumed && (!bp || bp.flowId !== ap.flowId || ended.includes(ap.flowId));
    if (entered) out.push({ kind: 'flow.started', label: ap.flowId });
    if (entered || (!resumed && bp?.stepId !== ap.stepId)) out.push({ kind: 'flow.step', label: at(ap) });
  }
  return out;
}

function samePlace(a: Position | null | undefined, b: Position): boolean {
  return !!a && a.flowId === b.flowId && a.stepId === b.stepId;
}

/** The question at `pos` offers `id` as a choice (then "stop" there is an answer, not the word). */
function offers(flows: FlowSet, pos: Position, id: string | undefined): boolean {
  if (!id) return false;
  const step = flows.get(pos.flowId)?.steps.get(pos.stepId);
  return step?.type === 'ask-choice' && (step.options ?? []).some((o) => o.id === id);
}
