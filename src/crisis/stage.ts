// The turn after crisis words. The help numbers already went out when the message arrived
// (responder.ts); here the bot decides what comes next:
//  - crisis, staff reachable: nothing more from the bot (the staff alert opens or updates the
//    conversation with a person, and the person is told so there);
//  - crisis, no staff: the question the person was answering is asked again;
//  - unclear distress: a gentle "est-ce que ça va ?" (flow crise-verif), then back to the question.
import type { Stage } from '../conversation/pipeline.js';
import type { Address } from '../core/message.js';
import { audienceOf } from './audience.js';
import type { CrisisResponder } from './responder.js';

export const CHECK_FLOW = 'crise-verif';
/** Flows where the person is already writing to a person: no gentle check there. */
const TO_A_PERSON = new Set(['promeneurs', CHECK_FLOW]);

export interface CrisisStageOptions {
  responder: CrisisResponder;
  /** Staff alerts reach someone (a staff console runs). */
  staffAvailable(): boolean;
  /** An educator has or is awaited in this conversation. */
  withPerson(address: Address): Promise<boolean>;
}

export function crisisStage(o: CrisisStageOptions): Stage {
  return async (ctx, next) => {
    const detection = o.responder.detect(ctx.inbound);
    if (!detection) return next();
    if (detection.kind === 'crisis') {
      if (o.staffAvailable()) return;
      if (ctx.state.position && ctx.state.waiting === 'input') {
        ctx.event = { kind: 'resume' };
        return next();
      }
      return;
    }
    if (TO_A_PERSON.has(ctx.state.position?.flowId ?? '') || ctx.forBot || (await o.withPerson(ctx.inbound.address))) return next();
    ctx.event = { kind: 'enter-flow', flowId: CHECK_FLOW, vars: { register: audienceOf(ctx.state).register }, interrupt: true };
    return next();
  };
}
