// Small composable stages around the engine, in grammY's middleware style: each stage does one
// cross-cutting job (locale, crisis words, "a person owns this conversation", flood control)
// and calls `next()` to let the message go on, or does not to stop it there.
import type { Logger } from 'pino';
import type { Inbound, Outbound } from '../core/message.js';
import type { EngineEvent } from '../engine/effects.js';
import type { SessionState } from '../engine/state.js';

export interface TurnContext {
  readonly inbound: Inbound;
  /** What the engine will be given; a stage may replace it (e.g. "oubli" opens the privacy flow). */
  event: EngineEvent;
  /** A stage decided this message is for the bot itself, even while an educator has the conversation
   *  (the privacy words: seeing or erasing one's data is a right at any moment). */
  forBot: boolean;
  /** Set when the person's data was erased during the turn: the session is then not saved again. */
  forgotten: boolean;
  /** The person's state; stages may change it, and it is saved after the turn. */
  state: SessionState;
  /** True when this person had no stored state. */
  readonly isNew: boolean;
  readonly now: Date;
  readonly log: Logger;
  reply(message: Outbound): Promise<void>;
}

export type Stage = (ctx: TurnContext, next: () => Promise<void>) => Promise<void>;

export function compose(stages: readonly Stage[]): (ctx: TurnContext) => Promise<void> {
  return async (ctx) => {
    const run = async (i: number): Promise<void> => {
      const stage = stages[i];
      if (stage) await stage(ctx, () => run(i + 1));
    };
    await run(0);
  };
}
