// The handoff's stages before the engine, after the crisis stage (src/crisis/stage.ts), in this order:
//  1. "a person owns this conversation": while waiting for or talking to an educator, every message
//     goes to the staff and the bot says nothing (only "stop" still ends it);
//  2. the global word "quelqu'un" / "someone" / "شخص": opens the right team's flow from anywhere.
import type { FlowSet } from '../engine/load.js';
import type { SessionState } from '../engine/state.js';
import { globalWordOf, type WordSets } from '../engine/words.js';
import type { Texts } from '../i18n/locales.js';
import { normalise, wordsOfKey } from '../i18n/words.js';
import type { Stage } from '../conversation/pipeline.js';
import type { HandoffService } from './service.js';
import { teamFor, type Teams } from './teams.js';

export function ownedGateStage(service: HandoffService, words: WordSets): Stage {
  return async (ctx, next) => {
    if (ctx.forBot) return next();
    const record = await service.record(ctx.inbound.address);
    if (!record || (record.status !== 'waiting' && record.status !== 'human')) return next();
    const c = ctx.inbound.content;
    if (c.kind === 'text' && globalWordOf(c.text, words) === 'stop') {
      await ctx.reply(await service.personStopped(ctx.inbound.address, record));
      // The engine forgets where the person was; the next message starts afresh.
      ctx.event = { kind: 'pause' };
      return next();
    }
    await service.forward(ctx.inbound, record);
  };
}


/** The flow that asks which team fits when nothing tells (flows/parler.yaml). */
export const CHOOSE_TEAM_FLOW = 'parler';

/**
 * "quelqu'un" at any moment: the age band the person gave decides the team (over 25: the reception,
 * otherwise the Promeneurs); inside a team's flow, that team; otherwise the bot asks (flow "parler").
 */
export function someoneStage(flows: FlowSet, texts: Texts, teams: Teams): Stage {
  const words = wordsOfKey(texts, 'core.words.someone');
  return async (ctx, next) => {
    const c = ctx.inbound.content;
    if (c.kind === 'text' && ctx.state.welcomed && words.has(normalise(c.text))) {
      const flowId = someoneFlow(ctx.state, teams);
      if (flowId && flows.has(flowId)) ctx.event = { kind: 'enter-flow', flowId };
    }
    await next();
  };
}

function someoneFlow(state: SessionState, teams: Teams): string | undefined {
  const band = state.vars.age_band;
  if (typeof band === 'string') return teamFor(teams, band === 'over-25' ? 'adults' : 'youth')?.flow;
  const current = state.position?.flowId;
  const own = [...teams.values()].find((t) => t.flow === current);
  return own?.flow ?? CHOOSE_TEAM_FLOW;
}

/** The flow that offers to pass a voice note, a photo or a document to a person (flows/envoyer.yaml). */
export const MEDIA_OFFER_FLOW = 'envoyer';

/** What the bot cannot read but a person can: offered to a person rather than refused. */
const RELAYABLE = new Set(['voice', 'audio', 'photo', 'video', 'document']);

/**
 * A voice note, photo or document outside a conversation with a person: when a team can be reached,
 * the bot offers to pass it on (the message id is kept in the session until the request is made);
 * the question the person was at comes back afterwards.
 */
export function mediaOfferStage(service: HandoffService, flows: FlowSet, staffLabel: (what: string) => string): Stage {
  const teamFlows = new Set([...service.teams.values()].map((t) => t.flow));
  return async (ctx, next) => {
    const c = ctx.inbound.content;
    const id = ctx.inbound.messageId;
    if (c.kind === 'unsupported' && RELAYABLE.has(c.what) && id && service.available && flows.has(MEDIA_OFFER_FLOW)) {
      const at = ctx.state.position;
      const pending = { id, what: c.what };
      const earlier = Array.isArray(ctx.state.vars.pending_media) ? ctx.state.vars.pending_media : [];
      if (at && teamFlows.has(at.flowId) && ctx.state.waiting === 'input' && flows.get(at.flowId)?.steps.get(at.stepId)?.type === 'ask-text') {
        // Asked to write their message, the person sent a voice note: that is their message (after any offered earlier).
        ctx.state.vars.pending_media = [...earlier, pending];
        ctx.event = { kind: 'text', text: `📎 ${staffLabel(c.what)}` };
      } else if (at?.flowId !== MEDIA_OFFER_FLOW) {
        ctx.event = { kind: 'enter-flow', flowId: MEDIA_OFFER_FLOW, vars: { pending_media: [pending] }, interrupt: true };
      }
    }
    await next();
  };
}
