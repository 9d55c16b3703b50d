// Crisis words, at the door: the help numbers go out the moment the message arrives, before the
// person's queue (their earlier messages, a flood), before any session write and before the staff,
// ahead of the person's other outbound messages (priority 'urgent'). The staff alert is a job of its
// own (alerts.ts). Within the turn that follows, the crisis stage only decides what comes next.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { addressKey, type Address, type Inbound } from '../core/message.js';
import type { Sender } from '../core/router.js';
import type { SessionState } from '../engine/state.js';
import { localeFromCode, type Locale, type Texts } from '../i18n/locales.js';
import type { CrisisAlert } from './alerts.js';
import { audienceOf } from './audience.js';
import type { CrisisData } from './data.js';
import type { Detection } from './detector.js';
import { crisisReply, type ReplyOptions } from './reply.js';

/** What the responder needs of the staff side (the Promeneurs' console). */
export interface StaffPort {
  /** A staff console runs: the alert will reach someone, say so. */
  available(): boolean;
  /** The age band the person gave the Promeneurs, if any. */
  ageBand(address: Address): Promise<string | undefined>;
  alert(alert: CrisisAlert): Promise<void>;
}

export interface CrisisResponderOptions {
  data: CrisisData;
  texts: Texts;
  sender: Sender;
  timeZone: string;
  defaultLocale: Locale;
  redis: Redis;
  prefix: string;
  log: Logger;
  /** The person's stored session, read only (language, age band, where they are). */
  peek(address: Address): Promise<SessionState | undefined>;
  staff?: StaffPort;
  clock?: () => Date;
  /** The same categories again within this time: no second reply (a flood of the same words). */
  repeatSeconds?: number;
  onReplied?(categories: string[], ms: number): void;
}

const ARABIC = /\p{Script=Arabic}/u;

export class CrisisResponder {
  constructor(private readonly o: CrisisResponderOptions) {}

  /** Remembered per message: the arrival and the turn ask about the same one. */
  private readonly seen = new WeakMap<Inbound, Detection | undefined>();

  detect(inbound: Inbound): Detection | undefined {
    if (this.seen.has(inbound)) return this.seen.get(inbound);
    const detection = inbound.content.kind === 'text' ? this.o.data.detector.detect(inbound.content.text) : undefined;
    this.seen.set(inbound, detection);
    return detection;
  }

  /** Called for every message as it arrives. Never throws: a failure is logged. */
  async onArrival(inbound: Inbound): Promise<void> {
    const detection = this.detect(inbound);
    if (detection?.kind !== 'crisis' || inbound.content.kind !== 'text') return;
    const started = Date.now();
    const { address } = inbound;
    const text = inbound.content.text;
    const log = this.o.log.child({ channel: address.channel });
    log.warn({ categories: detection.categories }, 'crisis words: sending the help numbers');
    // What we know of the person helps (language, tu/vous, age) but may not stop the numbers: a
    // Redis that fails gives the defaults.
    const [state, ageBand] = await Promise.all([this.o.peek(address).catch(() => undefined), this.o.staff?.ageBand(address).catch(() => undefined)]);
    const locale = this.localeOf(inbound, state);
    const staffAlerted = this.o.staff?.available() ?? false;
    const audience = audienceOf(state, ageBand);
    await this.sendNumbers(address, detection.categories, { locale, staffAlerted, ...audience }).then(
      (sent) => sent && this.o.onReplied?.(detection.categories, Date.now() - started),
      (err: unknown) => log.error({ err }, 'help numbers not delivered'),
    );
    // The staff are told even when the numbers could not be delivered.
    if (!staffAlerted) return;
    const band = ageBand ?? (typeof state?.vars.age_band === 'string' ? state.vars.age_band : undefined);
    await this.o.staff?.alert({ address, locale, categories: detection.categories, text, youth: audience.register === 'tu', ...(band ? { ageBand: band } : {}) }).catch((err: unknown) => log.error({ err }, 'crisis alert not queued'));
  }

  /** False when the same words were answered within the window. */
  private async sendNumbers(address: Address, categories: string[], o: Omit<ReplyOptions, 'now' | 'timeZone'>): Promise<boolean> {
    const window = await this.claimWindow(address, categories).catch(() => 'unclaimed');
    if (!window) return false;
    const messages = crisisReply(this.o.data.numbers, this.o.texts, categories, { ...o, now: (this.o.clock ?? (() => new Date()))(), timeZone: this.o.timeZone });
    try {
      for (const message of messages) await this.o.sender.send(address, message);
    } catch (err) {
      // Not delivered: the next message with the same words must try again.
      if (window !== 'unclaimed') await this.o.redis.del(window).catch(() => undefined);
      throw err;
    }
    return true;
  }

  /** The person's language: their session's; for a new person, Arabic script says Arabic, then the platform's. */
  private localeOf(inbound: Inbound, state: SessionState | undefined): Locale {
    if (state) return state.locale;
    if (inbound.content.kind === 'text' && ARABIC.test(inbound.content.text)) return 'ar';
    return localeFromCode(inbound.languageCode) ?? this.o.defaultLocale;
  }

  /** The window's key when this is the first reply for these categories in the window. */
  private async claimWindow(address: Address, categories: string[]): Promise<string | undefined> {
    const key = `${this.o.prefix}:crisis-replied:${addressKey(address)}:${[...categories].sort().join('+')}`;
    return (await this.o.redis.set(key, '1', 'EX', this.o.repeatSeconds ?? 60, 'NX')) === 'OK' ? key : undefined;
  }
}
