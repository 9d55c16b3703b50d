// What the engine asks the outside world to do. Data only: the runner carries them out.
import type { Outbound } from '../core/message.js';
import type { Json } from './state.js';

export type Effect =
  | { type: 'send'; message: Outbound }
  | { type: 'action'; name: string; params: Record<string, Json>; flowId: string; stepId: string }
  | { type: 'flow-ended'; flowId: string }
  | { type: 'error'; message: string };

export type EngineEvent =
  | { kind: 'text'; text: string }
  | { kind: 'choice'; choiceId: string }
  | { kind: 'start'; payload?: string }
  | { kind: 'open' }
  /** Ask the question the person was answering again (after an interruption such as help numbers). */
  | { kind: 'resume' }
  /** The person leaves the bot's conversation for now (a person took over): nowhere, nothing said. */
  | { kind: 'pause' }
  | { kind: 'unsupported'; what: string }
  | { kind: 'action-result'; outcome: string; vars?: Record<string, Json>; locale?: string }
  /**
   * Enter a flow from outside a conversation turn (e.g. a reminder's buttons). With `interrupt`,
   * the question the person was answering is asked again once that flow ends. With `shown`, the
   * step's question already went out inside the message that opened the flow (a reminder carries
   * its buttons): the position moves, the question is not sent again.
   */
  | { kind: 'enter-flow'; flowId: string; stepId?: string; vars?: Record<string, Json>; interrupt?: boolean; shown?: boolean };
