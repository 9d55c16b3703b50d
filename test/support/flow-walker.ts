// The digits-only walker of issue #13: a person who can only type digits (and a date the way people
// type it), explored breadth-first over every choice of every flow, from first contact, from each
// deep link and from each flow only the bot opens, in fr, en and ar, against the real app (real
// flows, texts, actions and Redis, a fixed clock). Every answer the bot sends is recorded as the
// person reads it on WhatsApp (the choices as numbered lines, after the question and its "Répondez 1, 2 ou 3."),
// for test/flows-digits-walker.test.ts and `npm run texts:measure`.
//
// Each state (place, language, what the bot keeps) is expanded once, from its shortest path. A path
// goes on in a new person: from a copy of the session when the session is all the bot keeps about
// the person, else replayed from the start; so what is measured is what that person would read.
// Seeded random walks add variety where answers are stored rather than steering (the rights
// questionnaire).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Content } from '../../src/content.js';
import type { Channel, ChannelCapabilities, InboundHandler } from '../../src/core/channel.js';
import type { Address, Inbound, Outbound } from '../../src/core/message.js';
import type { SessionState } from '../../src/engine/state.js';
import { formatOutbound } from '../../src/channels/whatsapp/format.js';
import { DEFAULT_TIME_ZONE, parseDatePhrase } from '../../src/dates/parse.js';
import { createHandoffFeature } from '../../src/handoff/feature.js';
import { loadTeams } from '../../src/handoff/teams.js';
import { measureMessage } from '../../src/i18n/budget.js';
import { LOCALES, translate, type Locale } from '../../src/i18n/locales.js';
import { privacyFeature } from '../../src/privacy/feature.js';
import { remindersFeature } from '../../src/reminders/feature.js';
import { rightsFeature } from '../../src/rights/feature.js';
import { deleteKeysUnder } from '../../src/redis/scan.js';
import { createTestApp } from './test-app.js';
import { QuietConsole } from './quiet-console.js';
import { seededRandom } from './seeded-random.js';

/** How a walk begins for a new person. */
export interface WalkStart {
  /** "first contact", "deep link droits", "opened by the bot: rappels-recu". */
  name: string;
  locale: Locale;
  /** Whether a team can be reached (a staff group exists). */
  staff: boolean;
}

export interface SentMessage {
  /** As the person reads it on WhatsApp: the text, then the choices as numbered lines. */
  text: string;
  words: number;
  lines: number;
}

/** What the bot sent in answer to one action of the person. */
export interface Answer {
  start: WalkStart;
  /** The digits typed before this action, then this action's own ("bonjour" for first contact). */
  path: string[];
  /** The flow this answer belongs to (the one the person was in, or entered from the menu). */
  flow: string;
  /** The language of the answer (a person may change it on the way). */
  locale: Locale;
  messages: SentMessage[];
  /**
   * The person typed the number of a choice just shown and the bot did not take it: a miss, the
   * same question again, or the menu shown again after a flow's end (the digit lost).
   */
  digitLost: boolean;
}

export interface WalkOptions {
  content: Content;
  redisUrl: string;
  /** The app's fixed clock. */
  now: Date;
  /** A future date typed with digits: "15 12" (the date parser's) or "15/12" meanwhile. */
  dateAnswer: string;
  locales?: readonly Locale[];
  /** At most this many messages typed after the start (default 25). */
  maxDepth?: number;
  /** Random walks per start (default 4), with this seed (default 13). */
  randomWalks?: number;
  seed?: number;
  /** People walked at the same time (default 24). */
  concurrency?: number;
  /** Walk only from these starts (default: every start). */
  only?: (start: WalkStart) => boolean;
}

export interface WalkResult {
  answers: Answer[];
  /** Per flow: the `end` steps a path reached. */
  endsReached: Map<string, Set<string>>;
  /** Flows a person entered, and flows a person left (an end, or another flow). */
  entered: Set<string>;
  left: Set<string>;
  seed: number;
  paths: number;
  millis: number;
}

/** The walk's fixed clock: a Wednesday morning in Lille (teams open), after today so that reminders
 * set during a walk are not delivered while it runs. */
export const WALK_CLOCK = new Date('2027-03-10T09:30:00Z');

/** A future date as a person types it with digits: "15 12" once the date parser takes it, else "15/12". */
export function typedDate(now: Date = WALK_CLOCK): string {
  return parseDatePhrase('15 12', { now, timeZone: DEFAULT_TIME_ZONE, locale: 'fr' }).ok ? '15 12' : '15/12';
}

const GREETING: Record<Locale, string> = { fr: 'Bonjour', en: 'Hello', ar: 'مرحبا' };
/** Answers to a question that takes text, with digits only: a postcode we know, and one we do not. */
const TEXT_ANSWERS = ['59100', '1'];

// ---------------------------------------------------------------- the app and its recording channel

/** Records what is sent, per person, as the WhatsApp channel would show it. */
class WalkChannel implements Channel {
  readonly id = 'whatsapp' as const;
  readonly capabilities: ChannelCapabilities = { buttons: false, edits: false, turnByTurn: true };
  readonly sent = new Map<string, Outbound[]>();
  private handler: InboundHandler | undefined;
  async start(onMessage: InboundHandler): Promise<void> {
    this.handler = onMessage;
  }
  async stop(): Promise<void> {
    this.handler = undefined;
  }
  async send(to: Address, message: Outbound): Promise<void> {
    const list = this.sent.get(to.userId) ?? [];
    list.push(message);
    this.sent.set(to.userId, list);
  }
  receive(userId: string, content: Inbound['content'], locale: Locale): Promise<void> {
    if (!this.handler) throw new Error('channel not started');
    return this.handler({ address: { channel: this.id, userId }, content, receivedAt: new Date(), languageCode: locale });
  }
}


interface Walker {
  app: App;
  channel: WalkChannel;
  redis: Redis;
  prefix: string;
  /** Which person a flow-ended belongs to (the app reports it without an address). */
  who: AsyncLocalStorage<string>;
  ended: Map<string, string[]>;
}

async function startWalker(o: WalkOptions, staff: boolean): Promise<Walker> {
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `walk-${randomUUID().slice(0, 8)}`;
  const config = loadConfig({
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    // A walker types fast: no flood control in the way.
    FLOOD_MAX_MESSAGES: '100000',
    FLOOD_MAX_QUEUED: '100000',
  });
  const clock = (): Date => o.now;
  const teams = [...(loadTeams(join(config.FLOWS_DIR, 'data', 'teams.yaml')).teams?.keys() ?? [])];
  const handoff = createHandoffFeature({
    clock,
    consoles: async () => (staff ? [{ chatId: '-100', console: new QuietConsole(), teams }] : []),
  });
  const app = createTestApp({
    config,
    content: o.content,
    redis,
    log: pino({ level: 'silent' }),
    features: [privacyFeature, rightsFeature, remindersFeature, handoff],
    clock,
  });
  const channel = new WalkChannel();
  await app.start([channel]);
  const who = new AsyncLocalStorage<string>();
  const ended = new Map<string, string[]>();
  // Which flows ended in a person's turn: the engine reports it to the metrics, by flow only.
  const counter = app.metrics.flowCompletions;
  const inc = counter.inc.bind(counter);
  counter.inc = ((labels: { flow: string }) => {
    const user = who.getStore();
    if (user) ended.set(user, [...(ended.get(user) ?? []), labels.flow]);
    return inc(labels);
  }) as typeof counter.inc;
  return { app, channel, redis, prefix, who, ended };
}

async function stopWalker(w: Walker): Promise<void> {
  await w.app.stop();
  await deleteKeysUnder(w.redis, w.prefix);
  w.redis.disconnect();
}

// ---------------------------------------------------------------- one person on one path

interface Step {
  typed: string;
  before: SessionState | undefined;
  after: SessionState | undefined;
  sent: Outbound[];
  ended: string[];
}

interface Ride {
  steps: Step[];
  /** The numbers of the choices of the last message that had some, in the last turn. */
  lastChoices: number[] | undefined;
  /** Digits typed at questions whose options come from data (a procedure): they make a path distinct. */
  dataChoices: string;
  /** What the bot keeps about the person ("mes données"): a reminder saved opens new paths. */
  kept: string;
  /** The person, to go on from here in another person's shoes (Person.fork). */
  person: Person;
}

let people = 0;

/** A new person does `start`, then types each of `typed`. */
async function ride(w: Walker, o: WalkOptions, start: WalkStart, typed: readonly string[]): Promise<Ride> {
  const person = await Person.begin(w, o, start);
  for (const text of typed) await person.type(text);
  return person.where();
}

/** One person of the walk: what they typed, and what they read after each action. */
class Person {
  readonly steps: Step[] = [];
  private readonly dataChoices = new Map<string, string>();
  private readonly address: Address;

  private constructor(
    private readonly w: Walker,
    private readonly o: WalkOptions,
    private readonly start: WalkStart,
    private readonly userId: string,
  ) {
    this.address = { channel: 'whatsapp', userId };
  }

  /**
   * A new person in the very state of `from`: the session copied, nothing else. Exact only when the
   * session is all the bot keeps about `from` (the caller checks what "mes données" lists).
   */
  static async fork(from: Person): Promise<Person> {
    people += 1;
    const p = new Person(from.w, from.o, from.start, `p${people}`);
    p.steps.push(...from.steps);
    for (const [k, v] of from.dataChoices) p.dataChoices.set(k, v);
    const state = await from.w.app.sessions.load(from.address);
    if (state) await from.w.app.sessions.save(p.address, state);
    return p;
  }

  static async begin(w: Walker, o: WalkOptions, start: WalkStart): Promise<Person> {
    people += 1;
    const p = new Person(w, o, start, `p${people}`);
    const { userId, address } = p;
    const greeting = GREETING[start.locale];
    const [kind, flowId] = startKind(start);
    if (kind === 'link') await p.act(`/start ${flowId}`, () => w.channel.receive(userId, { kind: 'start', payload: flowId }, start.locale));
    else await p.act(greeting, () => w.channel.receive(userId, { kind: 'text', text: greeting }, start.locale));
    if (kind === 'bot') await p.act(`(bot opens ${flowId})`, () => w.app.conversations.inject(address, { kind: 'enter-flow', flowId, interrupt: true }));
    return p;
  }

  async type(text: string): Promise<void> {
    const pos = this.steps.at(-1)?.after?.position;
    const step = pos ? this.o.content.flows.get(pos.flowId)?.steps.get(pos.stepId) : undefined;
    if (pos && step?.type === 'ask-choice' && step['options-from']) this.dataChoices.set(`${pos.flowId}/${pos.stepId}`, text);
    await this.act(text, () => this.w.channel.receive(this.userId, { kind: 'text', text }, this.start.locale));
  }

  /** Where the person is now, as the walk tells states apart. */
  async where(): Promise<Ride> {
    const keyOnly = (key: string, args?: Readonly<Record<string, unknown>>): string => `${key}${JSON.stringify(args ?? {})}`;
    const described = await Promise.all(this.w.app.features.flatMap((f) => (f.personalData ? [f.personalData.describe(this.address, keyOnly)] : [])));
    const last = this.steps.at(-1);
    const withChoices = last?.sent.filter((m) => (m.choices?.length ?? 0) > 0).at(-1);
    const flow = last?.after?.position?.flowId;
    const data = [...this.dataChoices].filter(([k]) => k.startsWith(`${flow}/`)).map(([k, v]) => `${k}=${v}`).join(',');
    return { steps: [...this.steps], lastChoices: withChoices ? numbersOf(withChoices) : undefined, dataChoices: data, kept: described.flat().sort().join(';'), person: this };
  }

  private async act(label: string, run: () => Promise<void>): Promise<void> {
    const { w, address, userId } = this;
    const before = (await w.app.sessions.load(address)) ?? undefined;
    w.ended.delete(userId);
    await w.who.run(userId, run);
    const after = (await w.app.sessions.load(address)) ?? undefined;
    this.steps.push({ typed: label, before, after, sent: w.channel.sent.get(userId) ?? [], ended: w.ended.get(userId) ?? [] });
    w.channel.sent.delete(userId);
  }
}

function startKind(start: WalkStart): ['first' | 'link' | 'bot', string] {
  if (start.name === 'first contact') return ['first', ''];
  const link = /^deep link (.+)$/.exec(start.name);
  if (link?.[1]) return ['link', link[1]];
  return ['bot', start.name.replace(/^opened by the bot: /, '')];
}

/** Where a person is, as the walk tells states apart. */
function keyOf(start: WalkStart, r: Ride): string {
  const s = r.steps.at(-1)?.after;
  const pos = s?.position;
  const staff = start.staff ? 'staff' : 'no staff';
  // Between flows, where the person comes from matters: what they did there (a reminder saved)
  // opens new paths (a list to delete from), and the next digit acts on what was last shown.
  const from = r.steps.at(-1)?.before?.position;
  if (!pos) return `${staff}|${s?.locale ?? start.locale}|nowhere after ${from?.flowId}/${from?.stepId}|${r.kept}`;
  // What is kept tells states apart at the menu and where a flow begins (a list of reminders
  // exists only once one is saved); further in, the steps themselves do.
  const entering = pos.flowId === 'menu' || from?.flowId !== pos.flowId;
  return `${staff}|${s.locale}|${pos.flowId}/${pos.stepId}|${s.waiting}|${r.dataChoices}${entering ? `|${r.kept}` : ''}`;
}

/** What a digits-only person may type next: each choice, a wrong digit twice, a date, a postcode. */
function nextAnswers(o: WalkOptions, r: Ride, menuSize: number): Array<string[]> {
  const s = r.steps.at(-1)?.after;
  const pos = s?.position;
  const shown = r.lastChoices;
  const each = (numbers: readonly number[]): string[][] => numbers.map((n) => [String(n)]);
  if (!pos || !s) return each(shown ?? Array.from({ length: menuSize }, (_, i) => i + 1));
  if (s.waiting !== 'input') return [];
  const step = o.content.flows.get(pos.flowId)?.steps.get(pos.stepId);
  if (!step) return [];
  const wrong = String(Math.max(0, ...(shown ?? [])) + 1);
  if (step.type === 'ask-text' && step.validate !== 'yes-no') {
    if (step.validate === 'date') return [[o.dateAnswer], ['99 99', '99 99']];
    if (step.validate === 'number') return [['2']];
    return TEXT_ANSWERS.map((t) => [t]);
  }
  const choices = each(shown ?? []);
  const free = step.type === 'ask-choice' && step['free-text'] ? TEXT_ANSWERS.map((t) => [t]) : [];
  // Wrong twice: both answers are measured (the first miss, then the second).
  return [...choices, ...free, [wrong, wrong]];
}

// ---------------------------------------------------------------- exploring

/** Every start: first contact, each deep link, each flow only the bot opens; in each locale. */
export function walkStarts(content: Content, locales: readonly Locale[] = LOCALES): WalkStart[] {
  const withStaff = startNames(content).map((name) => ({ name, staff: true }));
  // Without a staff group, the flows that hand over to a person say so: walked from their deep links.
  const handing = [...content.flows.values()].filter((f) => f.flow.steps.some((s) => s.type === 'action' && s.on?.unavailable !== undefined)).map((f) => f.flow.id);
  const leading = [...content.flows.values()].filter((f) => f.flow.steps.some((s) => s.type === 'ask-choice' && s.options?.every((x) => x.flow && handing.includes(x.flow)))).map((f) => f.flow.id);
  const noStaff = [...new Set([...handing, ...leading])].filter((id) => content.flows.get(id)?.flow['deep-link']).map((id) => ({ name: `deep link ${id}`, staff: false }));
  return locales.flatMap((locale) => [...withStaff, ...noStaff].map((s) => ({ ...s, locale })));
}

function startNames(content: Content): string[] {
  const flows = [...content.flows.values()].map((f) => f.flow);
  const targets = new Set(flows.flatMap((f) => f.steps.flatMap((s) => (s.type === 'go-to-flow' ? [s.flow] : s.type === 'ask-choice' ? (s.options ?? []).flatMap((x) => (x.flow ? [x.flow] : [])) : []))));
  return [
    'first contact',
    ...flows.filter((f) => f['deep-link']).map((f) => `deep link ${f.id}`),
    ...flows.filter((f) => !f['deep-link'] && !f.menu && f.id !== 'menu' && !targets.has(f.id)).map((f) => `opened by the bot: ${f.id}`),
  ];
}


async function pool<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await run(items[i] as T);
      }
    }),
  );
  return out;
}

export async function walkFlows(o: WalkOptions): Promise<WalkResult> {
  const t0 = Date.now();
  const maxDepth = o.maxDepth ?? 25;
  const seed = o.seed ?? 13;
  const starts = walkStarts(o.content, o.locales).filter((s) => o.only?.(s) ?? true);
  // One app with a staff group, one without, as the starts need them.
  const walkers = new Map<boolean, Walker>();
  for (const staff of new Set(starts.map((s) => s.staff))) walkers.set(staff, await startWalker(o, staff));
  const walkerOf = (start: WalkStart): Walker => walkers.get(start.staff) as Walker;
  const go = (start: WalkStart, typed: readonly string[]): Promise<Ride> => ride(walkerOf(start), o, start, typed);
  const menuSize = [...o.content.flows.values()].filter((f) => f.flow.menu).length;
  const result: WalkResult = { answers: [], endsReached: new Map(), entered: new Set(), left: new Set(), seed, paths: 0, millis: 0 };
  const record = (start: WalkStart, r: Ride, fromStep: number): void => {
    r.steps.forEach((s, i) => {
      noteFlows(o.content, s, result);
      if (i < fromStep) return;
      const path = r.steps.slice(0, i + 1).map((x) => x.typed);
      const locale = s.after?.locale ?? s.before?.locale ?? start.locale;
      const digitLost = i > 0 && lostDigit(s, r.steps[i - 1]?.sent ?? []);
      result.answers.push({ start, path, flow: flowOf(s), locale, messages: s.sent.map((m) => measured(m, o.content)), digitLost });
    });
  };
  try {
    // Breadth first: each state (place, language, data choices) expanded once, from its shortest path.
    const visited = new Set<string>();
    let level: Array<{ start: WalkStart; typed: string[]; fresh: number; from?: Person; answers?: string[] }> = starts.map((start) => ({ start, typed: [], fresh: 0 }));
    // What a person who only said hello has kept: their session. From such a person a path goes on
    // in a copy (the session copied); anyone keeping more (a reminder) is replayed from the start.
    let sessionOnly: string | undefined;
    for (let depth = 0; level.length > 0 && depth <= maxDepth; depth++) {
      const rides = await pool(level, o.concurrency ?? 24, async (job) => {
        if (!job.from || !job.answers) return go(job.start, job.typed);
        const person = await Person.fork(job.from);
        for (const text of job.answers) await person.type(text);
        return person.where();
      });
      sessionOnly ??= rides.find((r, i) => level[i]?.start.name === 'first contact')?.kept;
      result.paths += level.length;
      const nextLevel: typeof level = [];
      rides.forEach((r, i) => {
        const job = level[i];
        if (!job) return;
        // The steps before `fresh` replay a path already measured.
        record(job.start, r, job.fresh);
        const key = keyOf(job.start, r);
        if (visited.has(key)) return;
        visited.add(key);
        const base = r.steps.length;
        const from = r.kept === sessionOnly ? r.person : undefined;
        for (const answers of nextAnswers(o, r, menuSize)) {
          if (job.typed.length + answers.length <= maxDepth) nextLevel.push({ start: job.start, typed: [...job.typed, ...answers], fresh: base, ...(from ? { from, answers } : {}) });
        }
      });
      if (process.env.WALK_DEBUG) console.error(`depth ${depth}: ${level.length} paths, ${Date.now() - t0} ms`);
      level = nextLevel;
    }
    // Random walks: answers stored rather than steering (the rights questionnaire) vary here.
    const random = seededRandom(seed);
    const walks = starts.flatMap((start) => Array.from({ length: o.randomWalks ?? 4 }, () => ({ start, seed: Math.floor(random() * 2 ** 32) })));
    await pool(walks, o.concurrency ?? 24, async ({ start, seed: own }) => {
      const pick = seededRandom(own);
      const person = await Person.begin(walkerOf(start), o, start);
      let r = await person.where();
      record(start, r, 0);
      for (let typed = 0; typed < maxDepth; typed++) {
        const options = nextAnswers(o, r, menuSize).filter((a) => a.length === 1 && r.lastChoices?.includes(Number(a[0])));
        const chosen = options[Math.floor(pick() * options.length)]?.[0];
        if (chosen === undefined) break;
        await person.type(chosen);
        r = await person.where();
        record(start, r, r.steps.length - 1);
      }
      result.paths += 1;
    });
  } finally {
    for (const w of walkers.values()) await stopWalker(w);
  }
  result.millis = Date.now() - t0;
  return result;
}

/** A digit among the choices shown just before, which the bot did not act on. */
function lostDigit(s: Step, shownBefore: readonly Outbound[]): boolean {
  const question = shownBefore.filter((m) => (m.choices?.length ?? 0) > 0).at(-1);
  if (!question || !/^\d+$/.test(s.typed) || !numbersOf(question).includes(Number(s.typed))) return false;
  const before = s.before?.position;
  const after = s.after?.position;
  if ((s.after?.misses ?? 0) > (s.before?.misses ?? 0)) return true;
  if (!before) return after?.flowId === 'menu';
  // The same question again with nothing else said (saying something, then asking again, is an answer;
  // so is another page of a long list: the same question with other choices).
  const samePage = (m: Outbound): boolean => m.text === question.text && (m.choices ?? []).map((c) => c.id).join() === (question.choices ?? []).map((c) => c.id).join();
  return after?.flowId === before.flowId && after.stepId === before.stepId && s.sent.every(samePage);
}

/** The numbers a person reads before the choices (a count starts at 0), as the WhatsApp channel shows them. */
function numbersOf(m: Outbound): number[] {
  return (m.choices ?? []).map((c, i) => c.number ?? i + 1);
}

function measured(m: Outbound, content: Content): SentMessage {
  const text = formatOutbound(m, content.texts, 'fr');
  return { text, ...measureMessage(text) };
}

/** The flow an answer belongs to: the one the person was in, or the one entered from the menu. */
function flowOf(s: Step): string {
  const before = s.before?.position?.flowId;
  const after = s.after?.position?.flowId;
  if (before && before !== 'menu') return before;
  // A deep link to a flow that ends at once (no team available) belongs to that flow, not the menu after.
  return s.ended[0] ?? after ?? before ?? 'menu';
}

/** Flows entered and left, and the `end` steps reached (known by their text, or by a flow ending). */
function noteFlows(content: Content, s: Step, result: WalkResult): void {
  const before = s.before?.position?.flowId;
  const after = s.after?.position?.flowId;
  if (after) result.entered.add(after);
  for (const f of s.ended) {
    result.entered.add(f);
    result.left.add(f);
  }
  if (before && after !== before) result.left.add(before);
  const locale = s.after?.locale ?? s.before?.locale ?? 'fr';
  const sent = s.sent.map((m) => m.text).join('\n');
  for (const flowId of new Set([...s.ended, ...(before ? [before] : [])])) {
    const loaded = content.flows.get(flowId);
    if (!loaded) continue;
    const ends = loaded.flow.steps.filter((x): x is Extract<typeof x, { type: 'end' }> => x.type === 'end');
    const reached = result.endsReached.get(flowId) ?? new Set<string>();
    result.endsReached.set(flowId, reached);
    const texted = ends.filter((e) => e.text && textMatches(sent, translate(content.texts, locale, e.text)));
    for (const e of texted) reached.add(e.id);
    // A flow ending without any of its end texts went through an end step that says nothing.
    if (s.ended.includes(flowId) && texted.length === 0) for (const e of ends) if (!e.text) reached.add(e.id);
  }
}

/** A text with {placeholders} found in what was sent (each placeholder matching anything). */
function textMatches(sent: string, template: string): boolean {
  const parts = template.split(/\{[a-zA-Z0-9_]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('[\\s\\S]*?')).test(sent);
}

/** One path, replayed for a new person: what they typed and read at each action (texts:measure --replay). */
export async function replayPath(o: WalkOptions, start: WalkStart, typed: readonly string[]): Promise<Array<{ typed: string; messages: SentMessage[] }>> {
  const w = await startWalker(o, start.staff);
  try {
    const r = await ride(w, o, start, typed);
    return r.steps.map((s) => ({ typed: s.typed, messages: s.sent.map((m) => measured(m, o.content)) }));
  } finally {
    await stopWalker(w);
  }
}
