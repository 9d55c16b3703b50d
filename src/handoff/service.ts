// The handoff service: puts a person in touch with the educators and relays both ways.
// The person's side calls request/forward/personStopped/urgent (from stages and actions);
// the staff console calls the StaffActions. State lives in Redis (HandoffStore); timed work (the
// one "no answer yet" update, the erasure after retention) is a Redis schedule swept by tick().
import type { Logger } from 'pino';
import type { Address, Inbound, Outbound } from '../core/message.js';
import type { Sender } from '../core/router.js';
import { translate, type Locale, type Texts } from '../i18n/locales.js';
import type { CrisisAlert } from '../crisis/alerts.js';
import { describeInstant, presenceAt, type PresenceHours } from './presence.js';
import type { StaffActions, StaffConsole } from '../core/staff-console.js';
import { newPseudonym, type HandoffRecord, type HandoffStatus, type HandoffStore, type StaffMember } from './state.js';

export interface HandoffOptions {
  store: HandoffStore;
  sender: Sender;
  texts: Texts;
  presence: PresenceHours;
  timeZone: string;
  /** Language of the staff console's texts. */
  staffLocale: Locale;
  noAnswerMinutes: number;
  retentionDays: number;
  log: Logger;
  /** Shows the main menu again to a person handed back to the bot. */
  backToMenu(address: Address): Promise<void>;
  clock?: () => Date;
  /** Metrics hook: an educator took a conversation that had waited this long. */
  onTaken?(waitedSeconds: number): void;
}

export interface RequestOptions {
  locale: Locale;
  /** The person's first message to the staff. */
  text?: string;
  ageBand?: string;
  /** Crisis categories: the topic turns urgent. */
  urgent?: string[];
}

const STATUS_EMOJI: Record<HandoffStatus, string> = { waiting: '🟡', human: '🟢', bot: '⚪', closed: '⚫' };
const MINUTE = 60_000;

export class HandoffService implements StaffActions {
  private console: StaffConsole | undefined;
  private readonly clock: () => Date;

  constructor(private readonly o: HandoffOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** The staff console in use; without one, requests answer "unavailable". */
  attachConsole(console: StaffConsole | undefined): void {
    this.console = console;
  }

  get available(): boolean {
    return this.console !== undefined;
  }

  record(address: Address): Promise<HandoffRecord | undefined> {
    return this.o.store.get(address);
  }

  // ---- the person's side ----

  /** Queues the person for the staff. Returns what to tell the person, or undefined when no staff console runs. */
  async request(address: Address, opts: RequestOptions): Promise<Outbound[] | undefined> {
    const console = this.console;
    if (!console) return undefined;
    const now = this.clock();
    const { record, topic } = await this.ensureTopic(console, address, opts.locale);
    const owned = record.status === 'human' && record.ownerId;
    const fields: Partial<Record<keyof HandoffRecord, string>> = { locale: opts.locale, updatedAt: now.toISOString() };
    if (!owned) fields.status = 'waiting';
    if (opts.ageBand) fields.ageBand = opts.ageBand;
    if (opts.urgent) fields.urgent = '1';
    await this.o.store.update(address, fields);
    await this.o.store.cancelErase(address);
    const updated: HandoffRecord = { ...record, ...fields } as HandoffRecord;
    await this.o.store.audit(address, { action: opts.urgent ? 'requested-urgent' : 'requested', at: now });
    await console.renameTopic(topic, this.topicTitle(updated, address), { reopen: true });
    await console.post(topic, { kind: 'card', text: this.cardText(updated, address), buttons: this.buttons() });
    if (opts.urgent) await console.post(topic, { kind: 'urgent', text: this.urgentText(opts.urgent) });
    if (opts.text) await console.post(topic, { kind: 'person', text: this.st('staff.person', { code: record.pseudonym, text: opts.text }) });
    if (owned) return [];
    await this.o.store.markWaiting(address, now);
    const presence = presenceAt(this.o.presence, now, this.o.timeZone);
    const nudgeAt = new Date((presence.open ? now.getTime() : (presence.next ?? now).getTime()) + this.o.noAnswerMinutes * MINUTE);
    await this.o.store.scheduleNudge(address, nudgeAt);
    return [{ text: this.waitingText(opts.locale, now, 'wait'), locale: opts.locale }];
  }

  /** A message from a person whose conversation is waiting or owned: goes to their topic. */
  async forward(inbound: Inbound, record: HandoffRecord): Promise<void> {
    const console = this.console;
    if (!console || !record.topic) return;
    const c = inbound.content;
    if (c.kind === 'text') {
      await console.post(record.topic, { kind: 'person', text: this.st('staff.person', { code: record.pseudonym, text: c.text }) });
    } else if (c.kind === 'unsupported') {
      const copied = inbound.messageId ? await console.relayOriginal(record.topic, inbound.address, inbound.messageId).catch(() => false) : false;
      if (!copied) await console.post(record.topic, { kind: 'info', text: this.st('staff.placeholder', { code: record.pseudonym, what: this.st(`staff.kinds.${c.what}`) }) });
    }
    // Button presses and /start while a person owns the conversation carry nothing for the staff.
  }

  /** The person wrote "stop" while waiting or talking to an educator. */
  async personStopped(address: Address, record: HandoffRecord): Promise<Outbound> {
    const now = this.clock();
    await this.o.store.update(address, { status: 'bot', updatedAt: now.toISOString() }, ['ownerId', 'ownerName', 'urgent']);
    await this.o.store.cancelNudge(address);
    await this.o.store.clearWaiting(address);
    await this.o.store.audit(address, { action: 'stopped-by-person', at: now });
    if (this.console && record.topic) {
      await this.console.renameTopic(record.topic, this.topicTitle({ ...record, status: 'bot' }, address));
      await this.console.post(record.topic, { kind: 'info', text: this.st('staff.person_stopped', { code: record.pseudonym }) });
    }
    return { text: translate(this.o.texts, record.locale, 'promeneurs.stopped'), locale: record.locale };
  }

  /**
   * Crisis words (a retried job, src/crisis/alerts.ts; the person already has the help numbers):
   * the topic turns urgent with the message, or a new waiting conversation opens and the person is
   * told that it waits for an educator. Throws when the staff chat fails, so that the job retries.
   */
  async alertStaff(alert: CrisisAlert): Promise<void> {
    const console = this.console;
    if (!console) return;
    const { address, locale, categories, text } = alert;
    const record = await this.o.store.get(address);
    if (record && (record.status === 'waiting' || record.status === 'human') && record.topic) {
      await this.o.store.update(address, { urgent: '1' });
      await console.renameTopic(record.topic, this.topicTitle({ ...record, urgent: '1' }, address));
      await console.post(record.topic, { kind: 'urgent', text: this.urgentText(categories) });
      if (text) await console.post(record.topic, { kind: 'person', text: this.st('staff.person', { code: record.pseudonym, text }) });
      return;
    }
    const waiting = await this.request(address, { locale, urgent: categories, ...(text ? { text } : {}), ...(alert.ageBand ? { ageBand: alert.ageBand } : {}) });
    for (const message of waiting ?? []) await this.o.sender.send(address, message).catch((err: unknown) => this.o.log.warn({ err, channel: address.channel }, 'waiting message not delivered'));
  }

  // ---- the staff's side (StaffActions) ----

  async take(topic: string, staff: StaffMember): Promise<string> {
    const found = await this.byTopic(topic);
    if (!found) return this.st('staff.unknown_topic');
    const { address, record } = found;
    const name = await this.signatureName(staff);
    const now = this.clock();
    const result = await this.o.store.take(address, staff, name, now);
    if (!result.ok) {
      if (result.reason === 'already-yours') return this.st('staff.already_yours');
      if (result.reason === 'taken') return this.st('staff.already_taken', { name: result.ownerName });
      return this.st('staff.unknown_topic');
    }
    const waitingSince = await this.o.store.clearWaiting(address);
    if (waitingSince) this.o.onTaken?.(Math.max(0, (now.getTime() - waitingSince.getTime()) / 1000));
    await this.o.store.audit(address, { action: 'taken', by: staff.id, byName: name, at: now });
    await this.console?.renameTopic(topic, this.topicTitle({ ...record, status: 'human' }, address), { reopen: true });
    await this.console?.post(topic, { kind: 'info', text: this.st('staff.taken', { name }) });
    return this.st('staff.taken_you');
  }

  async release(topic: string, staff: StaffMember): Promise<string> {
    const found = await this.byTopic(topic);
    if (!found) return this.st('staff.unknown_topic');
    const { address, record } = found;
    const refusal = this.ownerRefusal(record, staff);
    if (refusal) return refusal;
    const name = await this.signatureName(staff);
    const now = this.clock();
    await this.o.store.update(address, { status: 'bot', updatedAt: now.toISOString() }, ['ownerId', 'ownerName', 'urgent']);
    await this.o.store.cancelNudge(address);
    await this.o.store.clearWaiting(address);
    await this.o.store.audit(address, { action: 'released', by: staff.id, byName: name, at: now });
    await this.console?.renameTopic(topic, this.topicTitle({ ...record, status: 'bot' }, address));
    await this.console?.post(topic, { kind: 'info', text: this.st('staff.released', { name }) });
    await this.tell(address, topic, { text: translate(this.o.texts, record.locale, 'promeneurs.released', { name }), locale: record.locale });
    await this.o.backToMenu(address);
    return this.st('staff.done');
  }

  async close(topic: string, staff: StaffMember): Promise<string> {
    const found = await this.byTopic(topic);
    if (!found) return this.st('staff.unknown_topic');
    const { address, record } = found;
    if (record.status === 'closed') return this.st('staff.already_closed');
    const refusal = this.ownerRefusal(record, staff);
    if (refusal) return refusal;
    const name = await this.signatureName(staff);
    const now = this.clock();
    await this.o.store.update(address, { status: 'closed', updatedAt: now.toISOString() }, ['ownerId', 'ownerName', 'urgent']);
    await this.o.store.cancelNudge(address);
    await this.o.store.clearWaiting(address);
    await this.o.store.scheduleErase(address, new Date(now.getTime() + this.o.retentionDays * 86_400_000));
    await this.o.store.audit(address, { action: 'closed', by: staff.id, byName: name, at: now });
    await this.console?.renameTopic(topic, this.topicTitle({ ...record, status: 'closed' }, address));
    await this.console?.post(topic, { kind: 'info', text: this.st('staff.closed', { name, days: this.o.retentionDays }) });
    await this.console?.closeTopic(topic).catch((err: unknown) => this.o.log.warn({ err }, 'could not close the topic'));
    if (record.status === 'human' || record.status === 'waiting') {
      await this.tell(address, topic, { text: translate(this.o.texts, record.locale, 'promeneurs.closed'), locale: record.locale });
    }
    return this.st('staff.done');
  }

  async note(topic: string, staff: StaffMember, text: string): Promise<string> {
    const found = await this.byTopic(topic);
    if (!found) return this.st('staff.unknown_topic');
    const name = await this.signatureName(staff);
    await this.o.store.audit(found.address, { action: 'note', by: staff.id, byName: name, at: this.clock() });
    await this.console?.post(topic, { kind: 'info', text: this.st('staff.note', { name, text }) });
    return this.st('staff.done');
  }

  async say(topic: string, staff: StaffMember, text: string): Promise<string | undefined> {
    const found = await this.byTopic(topic);
    if (!found) return undefined; // a topic the bot does not manage: staff chat as usual
    const { address, record } = found;
    if (record.status !== 'human' || !record.ownerId) return this.st('staff.not_owner');
    if (record.ownerId !== staff.id) return this.st('staff.owned_by_other', { name: record.ownerName ?? '' });
    const profile = await this.o.store.profile(staff.id);
    const name = profile?.name ?? staff.firstName;
    const signed = profile?.structure
      ? translate(this.o.texts, record.locale, 'promeneurs.signed', { name, structure: profile.structure, text })
      : translate(this.o.texts, record.locale, 'promeneurs.signed_no_structure', { name, text });
    const delivered = await this.tell(address, topic, { text: signed, locale: record.locale });
    return delivered ? undefined : this.st('staff.not_delivered');
  }

  async setProfile(staff: StaffMember, name: string, structure?: string): Promise<string> {
    await this.o.store.setProfile(staff.id, { name, ...(structure ? { structure } : {}) });
    return this.st('staff.profile_set', { signature: structure ? `${name} (${structure})` : name });
  }

  // ---- timed work ----

  /** Sends the due "no answer yet" updates and erases conversations past retention. Safe to run from several processes. */
  async tick(now: Date = this.clock()): Promise<void> {
    for (const address of await this.o.store.claimDue('nudge', now)) {
      const record = await this.o.store.get(address);
      if (!record || record.status !== 'waiting') continue;
      await this.o.sender.send(address, { text: this.waitingText(record.locale, now, 'nudge'), locale: record.locale }).catch((err: unknown) => this.o.log.warn({ err, channel: address.channel }, 'no-answer update not delivered'));
      await this.o.store.audit(address, { action: 'no-answer-update', at: now });
      if (record.topic) await this.console?.post(record.topic, { kind: 'info', text: this.st('staff.no_answer', { minutes: this.o.noAnswerMinutes }) });
    }
    for (const address of await this.o.store.claimDue('erase', now)) {
      const record = await this.o.store.get(address);
      if (!record || record.status !== 'closed') continue;
      if (record.topic) await this.console?.eraseTopic(record.topic).catch((err: unknown) => this.o.log.warn({ err }, 'could not delete the topic'));
      await this.o.store.erase(address, record.topic);
      this.o.log.info({ channel: address.channel }, 'closed conversation erased after retention');
    }
  }

  /** Erases everything about the person at once ("oubli"): topic, record, audit, schedules. */
  async forget(address: Address): Promise<void> {
    const record = await this.o.store.get(address);
    if (record?.topic) await this.console?.eraseTopic(record.topic).catch((err: unknown) => this.o.log.warn({ err }, 'could not delete the topic'));
    await this.o.store.cancelErase(address);
    await this.o.store.erase(address, record?.topic);
  }

  // ---- helpers ----

  private async ensureTopic(console: StaffConsole, address: Address, locale: Locale): Promise<{ record: HandoffRecord; topic: string }> {
    let record = await this.o.store.get(address);
    if (!record) {
      record = { status: 'bot', pseudonym: newPseudonym(), locale };
      await this.o.store.update(address, { status: 'bot', pseudonym: record.pseudonym, locale });
    }
    if (record.topic) return { record, topic: record.topic };
    const topic = await console.openTopic(this.topicTitle({ ...record, status: 'waiting' }, address));
    await this.o.store.linkTopic(address, topic);
    return { record: { ...record, topic }, topic };
  }

  private async byTopic(topic: string): Promise<{ address: Address; record: HandoffRecord } | undefined> {
    const address = await this.o.store.addressOfTopic(topic);
    const record = address && (await this.o.store.get(address));
    return address && record ? { address, record } : undefined;
  }

  /** Only the owner may hand back or close an owned conversation; anyone may for a waiting one. */
  private ownerRefusal(record: HandoffRecord, staff: StaffMember): string | undefined {
    if (record.ownerId && record.ownerId !== staff.id) return this.st('staff.owned_by_other', { name: record.ownerName ?? '' });
    return undefined;
  }

  private async tell(address: Address, topic: string, message: Outbound): Promise<boolean> {
    try {
      await this.o.sender.send(address, message);
      return true;
    } catch (err) {
      this.o.log.warn({ err, channel: address.channel }, 'message to the person not delivered');
      await this.console?.post(topic, { kind: 'info', text: this.st('staff.not_delivered') }).catch(() => undefined);
      return false;
    }
  }

  private async signatureName(staff: StaffMember): Promise<string> {
    return (await this.o.store.profile(staff.id))?.name ?? staff.firstName;
  }

  private st(key: string, args: Record<string, unknown> = {}): string {
    return translate(this.o.texts, this.o.staffLocale, `promeneurs.${key}`, args);
  }

  private topicTitle(record: Pick<HandoffRecord, 'status' | 'pseudonym' | 'urgent'>, address: Address): string {
    const status = record.urgent === '1' && record.status !== 'closed' && record.status !== 'bot' ? '🔴' : STATUS_EMOJI[record.status];
    return this.st('staff.topic_title', { status, code: record.pseudonym, channel: this.st(`staff.channels.${address.channel}`) });
  }

  private cardText(record: HandoffRecord, address: Address): string {
    return this.st('staff.card', {
      code: record.pseudonym,
      channel: this.st(`staff.channels.${address.channel}`),
      age: record.ageBand ? this.st(`staff.ages.${record.ageBand}`) : this.st('staff.ages.unknown'),
      language: this.st(`staff.languages.${record.locale}`),
    });
  }

  private urgentText(categories: readonly string[]): string {
    return this.st('staff.urgent', { categories: categories.map((c) => this.st(`staff.categories.${c}`)).join(', ') });
  }

  private buttons(): { take: string; release: string; close: string } {
    return { take: this.st('staff.buttons.take'), release: this.st('staff.buttons.release'), close: this.st('staff.buttons.close') };
  }

  /** "Someone will answer until…" or "next opening…", for the first message and for the one update. */
  private waitingText(locale: Locale, now: Date, which: 'wait' | 'nudge'): string {
    const t = (key: string, args: Record<string, unknown> = {}): string => translate(this.o.texts, locale, `promeneurs.${key}`, args);
    const presence = presenceAt(this.o.presence, now, this.o.timeZone);
    if (presence.open) return t(`${which}.open`, { until: describeInstant(presence.until, this.o.timeZone).time });
    if (!presence.next) return t(`${which}.closed_unknown`);
    const next = describeInstant(presence.next, this.o.timeZone);
    const today = describeInstant(now, this.o.timeZone).date;
    const tomorrow = describeInstant(new Date(now.getTime() + 86_400_000), this.o.timeZone).date;
    const day = next.date === today ? t('days.today') : next.date === tomorrow ? t('days.tomorrow') : t(`days.${next.weekday}`);
    return t(`${which}.closed`, { next: t('days.at', { day, time: next.time }) });
  }
}
