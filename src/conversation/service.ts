// Handles every inbound message: one at a time per person, in order; load the session, run the
// stages and the engine, carry out the effects, save. A failure is logged and the person gets a
// kind message; the process never crashes on one bad turn.
import type { Logger } from 'pino';
import { addressKey, type Address, type ChannelId, type Inbound, type Outbound } from '../core/message.js';
import type { Sender } from '../core/router.js';
import type { ActionRegistry } from '../actions/registry.js';
import type { Effect, EngineEvent } from '../engine/effects.js';
import { newSessionState, type Json, type SessionState } from '../engine/state.js';
import { questionAt, step, type EngineEnv } from '../engine/step.js';
import { translate, type Locale } from '../i18n/locales.js';
import type { SessionStore } from '../sessions/store.js';
import { KeyedSerialQueue } from '../sessions/serial.js';
import { RedisInbox } from '../sessions/redis-inbox.js';
import type { TurnFence } from '../sessions/person-lock.js';
import type { Redis } from 'ioredis';
import type { FloodGuard } from './flood-guard.js';
import { compose, type Stage, type TurnContext } from './pipeline.js';

export type EngineSetup = Omit<EngineEnv, 'now'>;

export interface ConversationDeps {
  engine: EngineSetup;
  store: SessionStore;
  actions: ActionRegistry;
  sender: Sender;
  defaultLocale: Locale;
  log: Logger;
  /** Stages run before the engine, in order. */
  stages?: Stage[];
  /** Run for each message as it arrives, before its turn is queued (crisis help numbers). */
  arrival?: Array<(inbound: Inbound) => Promise<void>>;
  /**
   * At most this many of one person's messages wait for their turn (single-process mode); more are
   * dropped at the door (after the arrival work: crisis numbers still go out) with one "slow down".
   */
  maxQueued?: number;
  /** Metrics hook: a message was dropped at the door. */
  onDropped?: (address: Address) => void;
  clock?: () => Date;
  /** Flood control, checked before the stages (its count travels with the session read). */
  flood?: FloodGuard;
  /**
   * Several processes share this Redis: order each person's messages through a Redis inbox.
   * `lockMs`: how long a person stays with a process that stopped renewing its hold (default 30 s).
   */
  multiInstance?: { redis: Redis; prefix: string; lockMs?: number };
  /** Called when a person reaches the end of a flow (metrics). */
  onFlowEnded?: (flowId: string) => void;
  /** Called after each engine step with the state before and after it (usage counts). Must not throw. */
  onEngineStep?: (seen: { before: SessionState; after: SessionState; event: EngineEvent; effects: readonly Effect[]; at: Date }) => void;
}

/** An action chain longer than this is a flow bug, not a conversation. */
const MAX_ACTIONS_PER_TURN = 10;

export class ConversationService {
  private readonly queue = new KeyedSerialQueue();
  private readonly pipeline: (ctx: TurnContext) => Promise<void>;
  private readonly clock: () => Date;
  private readonly inbox: RedisInbox<Inbound> | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: ConversationDeps) {
    this.clock = deps.clock ?? (() => new Date());
    const shared = deps.multiInstance;
    this.inbox = shared
      ? new RedisInbox<Inbound>({
          ...shared,
          codec: inboundCodec,
          handle: (inbound, fence) => this.process(inbound, fence),
          log: deps.log.child({ part: 'inbox' }),
        })
      : undefined;
    this.pipeline = compose([...(deps.stages ?? []), (ctx) => this.runEngine(ctx, ctx.event)]);
  }

  /** Processes one inbound message, after the previous ones of the same person. */
  handle(inbound: Inbound): Promise<void> {
    return this.receive(inbound).handled;
  }

  /**
   * Like handle, with the moment the message is safely queued (`accepted`): with several
   * processes it is in Redis then, and a webhook can be acknowledged.
   */
  receive(inbound: Inbound): { accepted: Promise<void>; handled: Promise<void> } {
    const key = addressKey(inbound.address);
    const arrived = this.arrive(inbound);
    if (this.inbox) {
      const submitted = this.inbox.submit(key, inbound);
      // Not in the in-process queue: tracked so that a graceful stop still waits for it.
      this.inFlight.add(submitted.handled);
      void submitted.handled.finally(() => this.inFlight.delete(submitted.handled)).catch(() => undefined);
      return submitted;
    }
    if (this.deps.maxQueued !== undefined && this.queue.size(key) >= this.deps.maxQueued) return this.dropAtDoor(inbound, arrived);
    // The turn follows the arrival work of its own message (the help numbers come before the turn's
    // replies), but never that of a later message.
    const handled = this.queue.run(key, async () => {
      await arrived;
      await this.process(inbound);
    });
    return { accepted: Promise.resolve(), handled };
  }

  /** A flood: the message is counted and dropped; the person is told once per window to slow down. */
  private dropAtDoor(inbound: Inbound, arrived: Promise<void>): { accepted: Promise<void>; handled: Promise<void> } {
    this.deps.onDropped?.(inbound.address);
    const log = this.deps.log.child({ channel: inbound.address.channel });
    const told = (async () => {
      await arrived;
      if (!(await this.deps.flood?.shouldWarn(inbound.address, log))) return;
      const state = await this.peek(inbound.address);
      await this.send(inbound.address, { text: translate(this.deps.engine.texts, state?.locale ?? this.deps.defaultLocale, 'core.slow_down') }, log);
    })().catch((err: unknown) => log.warn({ err }, 'slow-down message failed'));
    this.inFlight.add(told);
    void told.finally(() => this.inFlight.delete(told));
    return { accepted: Promise.resolve(), handled: told };
  }

  /** The person's stored state, read only (or undefined for a new person). */
  async peek(address: Address): Promise<SessionState | undefined> {
    return (await this.deps.store.load(address)) ?? undefined;
  }

  private arrive(inbound: Inbound): Promise<void> {
    const hooks = this.deps.arrival ?? [];
    if (hooks.length === 0) return Promise.resolve();
    const done = Promise.allSettled(hooks.map((hook) => hook(inbound))).then(() => undefined);
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return done;
  }

  /**
   * The question the person would be asked on entering `flowId` at `stepId` (in their language and
   * register), for a message that carries it itself (a reminder with its buttons); then `inject` an
   * enter-flow with `shown`. `locale` is used for a person the bot does not know yet.
   */
  async questionFor(address: Address, locale: Locale, flowId: string, stepId: string, vars: Record<string, Json> = {}): Promise<Outbound | undefined> {
    const state = (await this.peek(address)) ?? newSessionState(locale);
    return questionAt({ ...this.deps.engine, now: this.clock() }, state, flowId, stepId, vars);
  }

  /** Feeds an event that does not come from the person (e.g. "open this flow"), in their order. */
  inject(address: Address, event: EngineEvent): Promise<void> {
    return this.exclusive(address, (fence) => this.injectHeld(address, event, fence));
  }

  /** `inject` for a task already running in the person's queue (inside `exclusive`, with its fence). */
  async injectHeld(address: Address, event: EngineEvent, fence?: TurnFence): Promise<void> {
    const { state } = await this.loadState(address);
    const ctx = this.context({ address, content: { kind: 'start' }, receivedAt: this.clock() }, state, false);
    await this.runEngine(ctx, event);
    if (ctx.forgotten) this.deps.store.evict(address);
    else await this.deps.store.save(address, ctx.state, fence);
  }

  /**
   * Runs `task` in the person's queue (so it cannot interleave with their messages). With several
   * processes, `fence` is the person's Redis lock, for a session write made by the task.
   */
  exclusive<T>(address: Address, task: (fence?: TurnFence) => Promise<T>): Promise<T> {
    const key = addressKey(address);
    const inbox = this.inbox;
    // With several processes, the person's Redis lock also keeps other processes out.
    return inbox ? this.queue.run(key, () => inbox.exclusive(key, task)) : this.queue.run(key, task);
  }

  /**
   * With several processes: at once, then every lock period, take over the people of these channels
   * (the ones this process runs) whose messages a stopped process left in Redis.
   */
  startRecovery(channels: readonly ChannelId[]): void {
    this.inbox?.startSweeping((personKey) => channels.some((id) => personKey.startsWith(`${id}:`)));
  }

  /** Stops looking for abandoned messages (before a graceful stop), waiting for the look under way. */
  async stopRecovery(): Promise<void> {
    await this.inbox?.stopSweeping();
  }

  /** Work not finished yet: people with messages in their queue, messages, and other work in flight. */
  pending(): { people: number; messages: number; other: number } {
    const { keys, tasks } = this.queue.totals();
    return { people: keys, messages: tasks, other: this.inFlight.size };
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.queue.idle();
  }

  private async loadState(address: Address): Promise<{ state: SessionState; isNew: boolean }> {
    const stored = await this.deps.store.load(address);
    return stored ? { state: stored, isNew: false } : { state: newSessionState(this.deps.defaultLocale), isNew: true };
  }

  private context(inbound: Inbound, state: SessionState, isNew: boolean): TurnContext {
    const log = this.deps.log.child({ channel: inbound.address.channel });
    return {
      inbound,
      event: eventOf(inbound),
      forBot: false,
      forgotten: false,
      state,
      isNew,
      now: this.clock(),
      log,
      reply: (message: Outbound) => this.send(inbound.address, message, log),
    };
  }

  private async process(inbound: Inbound, fence?: TurnFence): Promise<void> {
    let ctx: TurnContext | undefined;
    try {
      // Both commands leave in one write (ioredis auto-pipelining): one round trip, not two.
      const [{ state, isNew }, admitted] = await Promise.all([this.loadState(inbound.address), this.deps.flood?.admit(inbound.address) ?? true]);
      ctx = this.context(inbound, state, isNew);
      if (!admitted) {
        if (await this.deps.flood?.shouldWarn(inbound.address, ctx.log)) {
          await ctx.reply({ text: translate(this.deps.engine.texts, state.locale, 'core.slow_down') });
        }
        return;
      }
      await this.pipeline(ctx);
      if (ctx.forgotten) this.deps.store.evict(inbound.address);
      else await this.deps.store.save(inbound.address, ctx.state, fence);
    } catch (err) {
      this.deps.log.error({ err, channel: inbound.address.channel }, 'turn failed');
      const locale = ctx?.state.locale ?? this.deps.defaultLocale;
      await this.send(inbound.address, { text: translate(this.deps.engine.texts, locale, 'core.error') }, this.deps.log).catch(() => undefined);
    }
  }

  private async send(to: Address, message: Outbound, log: Logger): Promise<void> {
    try {
      await this.deps.sender.send(to, message);
    } catch (err) {
      log.warn({ err, channel: to.channel }, 'reply not delivered');
    }
  }

  /** Steps the engine and carries out its effects, feeding action results back in. */
  private async runEngine(ctx: TurnContext, first: EngineEvent): Promise<void> {
    let event: EngineEvent | undefined = first;
    for (let round = 0; event && round <= MAX_ACTIONS_PER_TURN; round++) {
      const before = ctx.state;
      const result = step({ ...this.deps.engine, now: ctx.now }, before, event);
      ctx.state = result.state;
      this.deps.onEngineStep?.({ before, after: result.state, event, effects: result.effects, at: ctx.now });
      event = undefined;
      for (const effect of result.effects) {
        switch (effect.type) {
          case 'send':
            await ctx.reply(effect.message);
            break;
          case 'flow-ended':
            ctx.log.debug({ flow: effect.flowId }, 'flow ended');
            this.deps.onFlowEnded?.(effect.flowId);
            break;
          case 'error':
            ctx.log.error({ detail: effect.message }, 'flow error');
            break;
          case 'action':
            event = await this.runAction(ctx, effect.name, effect.params);
            break;
        }
      }
    }
  }

  private async runAction(ctx: TurnContext, name: string, params: Record<string, Json>): Promise<EngineEvent> {
    const handler = this.deps.actions.get(name);
    if (!handler) {
      ctx.log.error({ action: name }, 'no handler for action');
      return { kind: 'action-result', outcome: 'error' };
    }
    try {
      const locale = ctx.state.locale;
      const result = await handler({
        address: ctx.inbound.address,
        state: ctx.state,
        params,
        now: ctx.now,
        locale,
        t: (key, args) => translate(this.deps.engine.texts, locale, key, { ...ctx.state.vars, ...args }),
        log: ctx.log.child({ action: name }),
      });
      for (const message of result.messages ?? []) await ctx.reply(message);
      if (result.forgotten) ctx.forgotten = true;
      return { kind: 'action-result', outcome: result.outcome ?? 'ok', ...(result.vars ? { vars: result.vars } : {}), ...(result.locale ? { locale: result.locale } : {}) };
    } catch (err) {
      ctx.log.error({ err, action: name }, 'action failed');
      return { kind: 'action-result', outcome: 'error' };
    }
  }
}

const inboundCodec = {
  encode: (inbound: Inbound): string => JSON.stringify(inbound),
  decode: (raw: string): Inbound => {
    const parsed = JSON.parse(raw) as Inbound & { receivedAt: string };
    return { ...parsed, receivedAt: new Date(parsed.receivedAt) };
  },
};

function eventOf(inbound: Inbound): EngineEvent {
  const c = inbound.content;
  switch (c.kind) {
    case 'text':
      return { kind: 'text', text: c.text };
    case 'choice':
      return { kind: 'choice', choiceId: c.choiceId };
    case 'start':
      return c.payload ? { kind: 'start', payload: c.payload } : { kind: 'start' };
    case 'unsupported':
      return { kind: 'unsupported', what: c.what };
    case 'open':
      return { kind: 'open' };
  }
}
