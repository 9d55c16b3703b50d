// The extension point of flows: a step `type: action` names a handler registered here.
// Handlers do the I/O (schedule a reminder, hand off to a person) and report an outcome that
// the engine turns into the next step (`next`, or `on: { outcome: step }`).
import type { Logger } from 'pino';
import type { Address, Outbound } from '../core/message.js';
import type { Json, SessionState } from '../engine/state.js';
import type { Locale, TextArgs } from '../i18n/locales.js';

export interface ActionContext {
  address: Address;
  state: Readonly<SessionState>;
  params: Readonly<Record<string, Json>>;
  now: Date;
  locale: Locale;
  t(key: string, args?: TextArgs): string;
  log: Logger;
}

export interface ActionResult {
  /** "ok" unless said otherwise. */
  outcome?: string;
  /** Variables to set in the session (e.g. computed dates to show in the next text). */
  vars?: Record<string, Json>;
  /** Switch the conversation language. */
  locale?: Locale;
  /** Messages to send before the flow goes on (already translated). */
  messages?: Outbound[];
  /** Everything about the person was erased: do not save their session after this turn. */
  forgotten?: boolean;
}

export type ActionHandler = (ctx: ActionContext) => Promise<ActionResult>;

export class ActionRegistry {
  private readonly handlers = new Map<string, ActionHandler>();

  register(name: string, handler: ActionHandler): this {
    if (this.handlers.has(name)) throw new Error(`action "${name}" is registered twice`);
    this.handlers.set(name, handler);
    return this;
  }

  get(name: string): ActionHandler | undefined {
    return this.handlers.get(name);
  }
}
