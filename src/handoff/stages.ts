// The handoff's stages before the engine, after the crisis stage (src/crisis/stage.ts), in this order:
//  1. "a person owns this conversation": while waiting for or talking to an educator, every message
//     goes to the staff and the bot says nothing (only "stop" still ends it);
//  2. the global word "quelqu'un" / "someone" / "شخص": opens the promeneurs flow from anywhere.
import type { FlowSet } from '../engine/load.js';
import { globalWordOf, type WordSets } from '../engine/words.js';
import type { Texts } from '../i18n/locales.js';
import { normalise, wordsOfKey } from '../i18n/words.js';
import type { Stage } from '../conversation/pipeline.js';
import type { HandoffService } from './service.js';

export const PROMENEURS_FLOW = 'promeneurs';

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


/** "quelqu'un" at any moment: the next step shown is the start of the promeneurs flow. */
export function someoneStage(flows: FlowSet, texts: Texts): Stage {
  const words = wordsOfKey(texts, 'core.words.someone');
  return async (ctx, next) => {
    const c = ctx.inbound.content;
    const flow = flows.get(PROMENEURS_FLOW);
    if (c.kind === 'text' && flow && ctx.state.welcomed && words.has(normalise(c.text))) ctx.event = { kind: 'enter-flow', flowId: flow.flow.id };
    await next();
  };
}
