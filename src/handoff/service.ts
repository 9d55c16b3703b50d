// The handoff service: puts a person in touch with a team (Promeneurs du Net for young people, the
// centre's reception for adults: flows/data/teams.yaml) and relays both ways.
// The person's side calls request/forward/personStopped/alertStaff (from stages and actions);
// each staff group's console calls the StaffActions bound to it (actionsFor). State lives in Redis
// (HandoffStore, DutyRoster); timed work (the one "no answer yet" update, the erasure after
// retention) is a Redis schedule swept by tick().
import type { Logger } from 'pino';
import type { Address, Inbound, Outbound, UnsupportedKind } from '../core/message.js';
import type { Sender } from '../core/router.js';
import { translate, type Locale, type Texts } from '../i18n/locales.js';
import type { CrisisAlert } from '../crisis/alerts.js';
import { describeInstant } from '../dates/describe.js';
import type { DutyCard, StaffActions, StaffMedia } from '../core/staff-console.js';
import { deliverStaffMedia, relayPersonMedia } from './media.js';
import { topicRef, type ConsoleSet, type StaffGroup } from './console-set.js';
import type { DutyRoster } from './duty.js';
import { usualHoursAt } from './team-hours.js';
import type { TopicFlood } from './topic-flood.js';
import { teamFor, type Team, type Teams } from './teams.js';
import type { UsageSink } from '../usage/counter.js';
import { newPseudonym, type HandoffRecord, type HandoffStatus, type HandoffStore, type StaffMember } from './state.js';

export interface HandoffOptions {
  store: HandoffStore;
  sender: Sender;
  texts: Texts;
  teams: Teams;
  duty: DutyRoster;
  /** Caps a person's posts in the staff topic; the rest is grouped into one post. */
  flood: TopicFlood;
  timeZone: string;
  /** Language of the staff console's texts. */
  staffLocale: Locale;
  noAnswerMinutes: number;
  retentionDays: number;
  log: Logger;
  /** Shows the main menu again to a person handed back to the bot. */
  backToMenu(address: Address): Promise<void>;
  clock?: () => Date;
  /**
   * The age band the person chose in their session, read when a crisis alert is handled: the alert
   * was queued at arrival, possibly before the turn that recorded the age band was saved.
   */
  sessionAgeBand?(address: Address): Promise<string | undefined>;
  /** Pause between tries to delete a topic (tests shorten it). */
  eraseRetryMs?: number;
  /** Metrics hook: an educator took a conversation that had waited this long. */
  onTaken?(waitedSeconds: number): void;
  /** Anonymous usage counts, by team: requested, taken, and the time to take. */
  usage?: UsageSink;
}

export interface RequestOptions {
  /** The team asked for (flows/data/teams.yaml). */
  team: string;
  locale: Locale;
  /** The person's first message to the staff. */
  text?: string;
  ageBand?: string;
  /** Crisis categories: the topic turns urgent. */
  urgent?: string[];
}

const STATUS_EMOJI: Record<HandoffStatus, string> = { waiting: '🟡', human: '🟢', bot: '⚪', closed: '⚫' };
const MINUTE = 60_000;

export class HandoffService {
  private consoles: ConsoleSet | undefined;
  private readonly clock: () => Date;

  constructor(private readonly o: HandoffOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** The staff groups in use; a team no group serves answers "unavailable". */
  attachConsoles(consoles: ConsoleSet | undefined): void {
    this.consoles = consoles;
  }

  get available(): boolean {
    return (this.consoles?.groups.length ?? 0) > 0;
  }

  availableFor(team: string): boolean {
    return this.consoles?.serves(team) ?? false;
  }

  get teams(): Teams {
    return this.o.teams;
  }

  record(address: Address): Promise<HandoffRecord | undefined> {
    return this.o.store.get(address);
  }

  // ---- the person's side ----

  /** Queues the person for the staff. Returns what to tell the person, or undefined when no staff console runs. */
  async request(address: Address, opts: RequestOptions): Promise<Outbound[] | undefined> {
    const console = this.consoles;
    const team = this.o.teams.get(opts.team);
    if (!console || !team || !console.serves(team.id)) return undefined;
    const now = this.clock();
    const { record, topic } = await this.ensureTopic(console, address, opts.locale, team);
    const owned = record.status === 'human' && record.ownerId;
    const fields: Partial<Record<keyof HandoffRecord, string>> = { locale: opts.locale, team: team.id, updatedAt: now.toISOString() };
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
    this.o.usage?.count({ kind: 'handoff.requested', label: team.id }, now);
    await this.o.store.markWaiting(address, now);
    const presence = await this.presence(team, now);
    // The one "no answer yet" update: after N minutes of someone's duty, or of the usual opening.
    const from = presence.kind === 'usual' && presence.next ? presence.next : now;
    await this.o.store.scheduleNudge(address, new Date(from.getTime() + this.o.noAnswerMinutes * MINUTE));
    return [{ text: this.waitingText(team, opts.locale, now, 'wait', presence), locale: opts.locale }];
  }

  /** A message from a person whose conversation is waiting or owned: goes to their topic. */
  async forward(inbound: Inbound, record: HandoffRecord): Promise<void> {
    const console = this.consoles;
    if (!console || !record.topic) return;
    const c = inbound.content;
    if (c.kind === 'text') {
      if (await this.o.flood.admit(inbound.address)) {
        await console.post(record.topic, { kind: 'person', text: this.st('staff.person', { code: record.pseudonym, text: c.text }) });
      } else if (await this.o.flood.hold(inbound.address, c.text, this.clock())) {
        await console.post(record.topic, { kind: 'info', text: this.st('staff.flood_held', { code: record.pseudonym }) });
      }
    } else if (c.kind === 'unsupported') {
      const what = this.st(`staff.kinds.${c.what}`);
      if (!(await this.o.flood.admit(inbound.address))) {
        // Over the cap, a file is not fetched: the grouped post says one came.
        if (await this.o.flood.hold(inbound.address, this.st('staff.flood_media', { what }), this.clock())) await console.post(record.topic, { kind: 'info', text: this.st('staff.flood_held', { code: record.pseudonym }) });
        return;
      }
      await relayPersonMedia({ console, sender: this.o.sender, log: this.o.log }, record.topic, inbound, {
        caption: (text) => (text ? this.st('staff.person', { code: record.pseudonym, text }) : this.st('staff.person_media', { code: record.pseudonym, what })),
        placeholder: this.st('staff.placeholder', { code: record.pseudonym, what }),
      });
    }
    // Button presses and /start while a person owns the conversation carry nothing for the staff.
  }

  /** A voice note, photo or document the person sent before asking for a person: into their topic now. */
  async relayPending(address: Address, media: { id: string; what: UnsupportedKind }): Promise<void> {
    const record = await this.o.store.get(address);
    if (!record) return;
    await this.forward({ address, content: { kind: 'unsupported', what: media.what }, messageId: media.id, receivedAt: this.clock() }, record).catch((err: unknown) => this.o.log.warn({ err }, 'pending media not relayed'));
  }

  /** The person wrote "stop" while waiting or talking to an educator. */
  async personStopped(address: Address, record: HandoffRecord): Promise<Outbound> {
    const now = this.clock();
    await this.o.store.update(address, { status: 'bot', updatedAt: now.toISOString() }, ['ownerId', 'ownerName', 'urgent']);
    await this.o.store.cancelNudge(address);
    await this.o.store.clearWaiting(address);
    await this.scheduleErase(address, now);
    await this.o.store.audit(address, { action: 'stopped-by-person', at: now });
    if (this.consoles && record.topic) {
      await this.consoles.renameTopic(record.topic, this.topicTitle({ ...record, status: 'bot' }, address));
      await this.consoles.post(record.topic, { kind: 'info', text: this.st('staff.person_stopped', { code: record.pseudonym }) });
    }
    return { text: translate(this.o.texts, record.locale, `${this.teamOf(record).id}.stopped`), locale: record.locale };
  }

  /**
   * Crisis words (a retried job, src/crisis/alerts.ts; the person already has the help numbers):
   * the topic turns urgent with the message, or a new waiting conversation opens and the person is
   * told that it waits for an educator. Throws when the staff chat fails, so that the job retries.
   */
  async alertStaff(alert: CrisisAlert): Promise<void> {
    const console = this.consoles;
    if (!console) return;
    const { address, locale, categories, text } = alert;
    const record = await this.o.store.get(address);
    const ageBand = alert.ageBand ?? record?.ageBand ?? (await this.o.sessionAgeBand?.(address).catch(() => undefined));
    if (ageBand && !alert.ageBand) alert = { ...alert, ageBand };
    if (record && (record.status === 'waiting' || record.status === 'human') && record.topic && console.locate(record.topic)) {
      await this.o.store.update(address, { urgent: '1' });
      await console.renameTopic(record.topic, this.topicTitle({ ...record, urgent: '1' }, address));
      await console.post(record.topic, { kind: 'urgent', text: this.urgentText(categories) });
      if (text) await console.post(record.topic, { kind: 'person', text: this.st('staff.person', { code: record.pseudonym, text }) });
      return;
    }
    const team = this.alertTeam(record, alert);
    const waiting = await this.request(address, { team, locale, urgent: categories, ...(text ? { text } : {}), ...(alert.ageBand ? { ageBand: alert.ageBand } : {}) });
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
    const waited = waitingSince ? Math.max(0, (now.getTime() - waitingSince.getTime()) / 1000) : undefined;
    if (waited !== undefined) this.o.onTaken?.(waited);
    const team = this.teamOf(record).id;
    this.o.usage?.count({ kind: 'handoff.taken', label: team }, now);
    if (waited !== undefined) this.o.usage?.took(team, waited, now);
    await this.o.store.audit(address, { action: 'taken', by: staff.id, byName: name, at: now });
    await this.consoles?.renameTopic(topic, this.topicTitle({ ...record, status: 'human' }, address), { reopen: true });
    await this.consoles?.post(topic, { kind: 'info', text: this.st('staff.taken', { name }) });
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
    await this.scheduleErase(address, now);
    await this.o.store.audit(address, { action: 'released', by: staff.id, byName: name, at: now });
    await this.consoles?.renameTopic(topic, this.topicTitle({ ...record, status: 'bot' }, address));
    await this.consoles?.post(topic, { kind: 'info', text: this.st('staff.released', { name }) });
    await this.tell(address, topic, { text: translate(this.o.texts, record.locale, `${this.teamOf(record).id}.released`, { name }), locale: record.locale });
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
    await this.scheduleErase(address, now);
    await this.o.store.audit(address, { action: 'closed', by: staff.id, byName: name, at: now });
    await this.consoles?.renameTopic(topic, this.topicTitle({ ...record, status: 'closed' }, address));
    await this.consoles?.post(topic, { kind: 'info', text: this.st('staff.closed', { name, days: this.o.retentionDays }) });
    await this.consoles?.closeTopic(topic).catch((err: unknown) => this.o.log.warn({ err }, 'could not close the topic'));
    if (record.status === 'human' || record.status === 'waiting') {
      await this.tell(address, topic, { text: translate(this.o.texts, record.locale, `${this.teamOf(record).id}.closed`), locale: record.locale });
    }
    return this.st('staff.done');
  }

  async note(topic: string, staff: StaffMember, text: string): Promise<string> {
    const found = await this.byTopic(topic);
    if (!found) return this.st('staff.unknown_topic');
    const name = await this.signatureName(staff);
    await this.o.store.audit(found.address, { action: 'note', by: staff.id, byName: name, at: this.clock() });
    await this.consoles?.post(topic, { kind: 'info', text: this.st('staff.note', { name, text }) });
    return this.st('staff.done');
  }

  async say(topic: string, staff: StaffMember, text: string): Promise<string | undefined> {
    const owner = await this.ownerSpeaking(topic, staff);
    if (owner.kind !== 'ok') return owner.reply;
    const { address, record, name, structure } = owner;
    const signed = this.signed(record, name, structure, text);
    const delivered = await this.tell(address, topic, { text: signed, locale: record.locale });
    return delivered ? undefined : this.st('staff.not_delivered');
  }

  /** A file an educator posted: to the person, signed like a text (the signature alone without a caption). */
  async sayMedia(topic: string, staff: StaffMember, media: StaffMedia): Promise<string | undefined> {
    const owner = await this.ownerSpeaking(topic, staff);
    if (owner.kind !== 'ok') return owner.reply;
    const { address, record, name, structure } = owner;
    const team = this.teamOf(record).id;
    const caption = media.caption
      ? this.signed(record, name, structure, media.caption)
      : translate(this.o.texts, record.locale, structure ? `${team}.signature` : `${team}.signature_no_structure`, { name, structure });
    const outcome = await deliverStaffMedia(this.o, address, media, { text: caption, locale: record.locale });
    if (outcome === 'sent') return undefined;
    return this.st(outcome === 'waiting' ? 'staff.media_waiting' : outcome === 'too-large' ? 'staff.media_too_big' : 'staff.not_delivered');
  }

  async setProfile(staff: StaffMember, name: string, structure?: string): Promise<string> {
    await this.o.store.setProfile(staff.id, { name, ...(structure ? { structure } : {}) });
    return this.st('staff.profile_set', { signature: structure ? `${name} (${structure})` : name });
  }

  // ---- who is on duty ----

  /** The StaffActions of one staff group: its topics ("{chat}:{thread}") and its teams. */
  actionsFor(group: Pick<StaffGroup, 'chatId' | 'teams'>): StaffActions {
    const ref = (thread: string): string => topicRef(group.chatId, thread);
    const teamsOf = (team: string | undefined): string[] | string => {
      if (!team) return [...group.teams];
      const wanted = normaliseTeamWord(team);
      const found = group.teams.find((t) => normaliseTeamWord(t) === wanted || normaliseTeamWord(this.st(`staff.teams.${t}`)) === wanted);
      return found ? [found] : this.st('staff.duty.unknown_team', { teams: group.teams.join(', ') });
    };
    return {
      take: (thread, staff) => this.take(ref(thread), staff),
      release: (thread, staff) => this.release(ref(thread), staff),
      close: (thread, staff) => this.close(ref(thread), staff),
      note: (thread, staff, text) => this.note(ref(thread), staff, text),
      say: (thread, staff, text) => this.say(ref(thread), staff, text),
      sayMedia: (thread, staff, media) => this.sayMedia(ref(thread), staff, media),
      setProfile: (staff, name, structure) => this.setProfile(staff, name, structure),
      present: async (staff, team) => {
        const teams = teamsOf(team);
        if (typeof teams === 'string') return teams;
        const until = await this.o.duty.present(teams, { id: staff.id, name: await this.signatureName(staff) }, this.clock());
        await this.refreshDuty();
        return this.st('staff.duty.present_you', { teams: this.teamLabels(teams), until: describeInstant(until, this.o.timeZone).time });
      },
      absent: async (staff, team) => {
        const teams = teamsOf(team);
        if (typeof teams === 'string') return teams;
        await this.o.duty.absent(teams, staff.id);
        await this.refreshDuty();
        return this.st('staff.duty.absent_you', { teams: this.teamLabels(teams) });
      },
      dutyCard: () => this.dutyCardFor(group.teams),
    };
  }

  /** How many people are on duty now, per team (for /healthz and /metrics). */
  async onDutyCounts(): Promise<Record<string, number>> {
    const now = this.clock();
    const counts: Record<string, number> = {};
    for (const id of this.o.teams.keys()) counts[id] = await this.o.duty.count(id, now);
    return counts;
  }

  private async dutyCardFor(teams: readonly string[]): Promise<DutyCard> {
    const now = this.clock();
    const lines = [this.st('staff.duty.title')];
    for (const team of teams) {
      const people = await this.o.duty.onDuty(team, now);
      const names = people.map((p) => `${p.name} (${describeInstant(p.until, this.o.timeZone).time})`).join(', ');
      lines.push(this.st('staff.duty.line', { team: this.st(`staff.teams.${team}`), names: names || this.st('staff.duty.nobody') }));
    }
    lines.push(this.st('staff.duty.help'));
    const several = teams.length > 1;
    const buttons: DutyCard['buttons'] = teams.flatMap((team) => {
      const label = (key: string): string => (several ? this.st(`staff.duty.${key}_team`, { team: this.st(`staff.teams.${team}`) }) : this.st(`staff.duty.${key}`));
      return [
        { label: label('button_present'), action: 'present' as const, team },
        { label: label('button_absent'), action: 'absent' as const, team },
      ];
    });
    return { text: lines.join('\n'), buttons };
  }

  /** Updates every group's pinned card (a failure only delays the card, never the duty itself). */
  private async refreshDuty(): Promise<void> {
    for (const group of this.consoles?.groups ?? []) {
      await group.console.showDuty(await this.dutyCardFor(group.teams)).catch((err: unknown) => this.o.log.warn({ err }, 'duty card not updated'));
    }
  }

  private teamLabels(teams: readonly string[]): string {
    return teams.map((t) => this.st(`staff.teams.${t}`)).join(', ');
  }

  /** Someone on duty now; else, when the hours are sourced, the usual next opening; else nothing is claimed. */
  private async presence(team: Team, now: Date): Promise<Presence> {
    if ((await this.o.duty.count(team.id, now).catch(() => 0)) > 0) return { kind: 'on-duty' };
    if (team.hours) {
      const usual = usualHoursAt(team.hours.spec, now, this.o.timeZone);
      // "Usually there now" but nobody said /present: say nothing about hours rather than a false presence.
      if (!usual.open && usual.next) return { kind: 'usual', next: usual.next };
    }
    return { kind: 'unknown' };
  }

  // ---- timed work ----

  /** Sends the due "no answer yet" updates and erases conversations past retention. Safe to run from several processes. */
  async tick(now: Date = this.clock()): Promise<void> {
    for (const address of await this.o.store.claimDue('nudge', now)) {
      const record = await this.o.store.get(address);
      if (!record || record.status !== 'waiting') continue;
      const team = this.teamOf(record);
      await this.o.sender.send(address, { text: this.waitingText(team, record.locale, now, 'nudge', await this.presence(team, now)), locale: record.locale }).catch((err: unknown) => this.o.log.warn({ err, channel: address.channel }, 'no-answer update not delivered'));
      await this.o.store.audit(address, { action: 'no-answer-update', at: now });
      if (record.topic) await this.consoles?.post(record.topic, { kind: 'info', text: this.st('staff.no_answer', { minutes: this.o.noAnswerMinutes }) });
    }
    // A flood's held messages: one grouped post once the person's window has passed.
    for (const { address, texts } of await this.o.flood.takeDue(now)) {
      const record = await this.o.store.get(address);
      if (record?.topic) await this.consoles?.post(record.topic, { kind: 'person', text: this.st('staff.flood_grouped', { code: record.pseudonym, count: texts.length, texts: texts.map((t) => `• ${t}`).join('\n') }) });
    }
    // Every conversation that ended (closed, handed back, stopped) and stayed quiet is erased.
    for (const address of await this.o.store.claimDue('erase', now)) {
      const record = await this.o.store.get(address);
      if (!record || record.status === 'waiting' || record.status === 'human') continue;
      const erased = record.topic ? await this.eraseTopic(record.topic) : true;
      if (!erased && record.topic) this.o.log.error({ topic: record.topic }, 'a conversation past retention is erased but its staff topic could not be deleted: delete it by hand');
      await this.o.store.erase(address, record.topic);
      this.o.log.info({ channel: address.channel, status: record.status }, 'conversation erased after retention');
    }
  }

  /**
   * Erases everything about the person at once ("oubli"): topic, record, audit, schedules.
   * Returns false when the staff topic could not be deleted (after retries): the person is told.
   */
  async forget(address: Address): Promise<boolean> {
    const record = await this.o.store.get(address);
    let topicErased = true;
    if (record?.topic) {
      topicErased = await this.eraseTopic(record.topic);
      if (!topicErased) {
        // The staff at least learn that this person asked for erasure, so they delete it by hand.
        await this.consoles?.post(record.topic, { kind: 'info', text: this.st('staff.erase_failed', { code: record.pseudonym }) }).catch(() => undefined);
        this.o.log.error({ topic: record.topic }, 'erasure asked: the staff topic could not be deleted');
      }
    }
    await this.o.store.cancelErase(address);
    await this.o.flood.forget(address);
    await this.o.store.erase(address, record?.topic);
    return topicErased;
  }

  /** Deletes a topic, trying three times (Telegram may fail once); false when it still fails. */
  private async eraseTopic(topic: string): Promise<boolean> {
    if (!this.consoles) return false;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.consoles.eraseTopic(topic);
        return true;
      } catch (err) {
        this.o.log.warn({ err, attempt }, 'could not delete the topic');
        if (attempt < 2) await new Promise((r) => setTimeout(r, this.o.eraseRetryMs ?? 500 * (attempt + 1)));
      }
    }
    return false;
  }

  private async scheduleErase(address: Address, now: Date): Promise<void> {
    await this.o.store.scheduleErase(address, new Date(now.getTime() + this.o.retentionDays * 86_400_000));
  }

  // ---- helpers ----

  private async ensureTopic(console: ConsoleSet, address: Address, locale: Locale, team: Team): Promise<{ record: HandoffRecord; topic: string }> {
    let record = await this.o.store.get(address);
    if (!record) {
      record = { status: 'bot', pseudonym: newPseudonym(), locale, team: team.id };
      await this.o.store.update(address, { status: 'bot', pseudonym: record.pseudonym, locale, team: team.id });
    }
    // A topic of the same team's group today; a topic in another group (the team changed, or the
    // staff group did) is left alone and a new one opens.
    const current = record.topic ? console.locate(record.topic) : undefined;
    if (record.topic && current && current.group === console.forTeam(team.id) && (record.team ?? PROMENEURS) === team.id) return { record, topic: record.topic };
    const topic = await console.openTopic(team.id, this.topicTitle({ ...record, team: team.id, status: 'waiting' }, address));
    await this.o.store.linkTopic(address, topic);
    return { record: { ...record, topic }, topic };
  }

  private async byTopic(topic: string): Promise<{ address: Address; record: HandoffRecord } | undefined> {
    const address = await this.o.store.addressOfTopic(topic);
    const record = address && (await this.o.store.get(address));
    return address && record ? { address, record } : undefined;
  }

  /**
   * Someone writing in a topic: the person and how to sign when they own it, otherwise the reply for
   * them (nothing for a topic the bot does not manage: staff chat as usual).
   */
  private async ownerSpeaking(
    topic: string,
    staff: StaffMember,
  ): Promise<{ kind: 'ok'; address: Address; record: HandoffRecord; name: string; structure: string | undefined } | { kind: 'refused'; reply: string | undefined }> {
    const found = await this.byTopic(topic);
    if (!found) return { kind: 'refused', reply: undefined };
    const { address, record } = found;
    if (record.status !== 'human' || !record.ownerId) return { kind: 'refused', reply: this.st('staff.not_owner') };
    if (record.ownerId !== staff.id) return { kind: 'refused', reply: this.st('staff.owned_by_other', { name: record.ownerName ?? '' }) };
    const profile = await this.o.store.profile(staff.id);
    return { kind: 'ok', address, record, name: profile?.name ?? staff.firstName, structure: profile?.structure };
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
      await this.consoles?.post(topic, { kind: 'info', text: this.st('staff.not_delivered') }).catch(() => undefined);
      return false;
    }
  }

  private async signatureName(staff: StaffMember): Promise<string> {
    return (await this.o.store.profile(staff.id))?.name ?? staff.firstName;
  }

  private st(key: string, args: Record<string, unknown> = {}): string {
    return translate(this.o.texts, this.o.staffLocale, `promeneurs.${key}`, args);
  }

  private topicTitle(record: Pick<HandoffRecord, 'status' | 'pseudonym' | 'urgent' | 'team'>, address: Address): string {
    const status = record.urgent === '1' && record.status !== 'closed' && record.status !== 'bot' ? '🔴' : STATUS_EMOJI[record.status];
    return this.st('staff.topic_title', { status, team: this.st(`staff.teams.${this.teamOf(record).id}`), code: record.pseudonym, channel: this.st(`staff.channels.${address.channel}`) });
  }

  private cardText(record: HandoffRecord, address: Address): string {
    return this.st('staff.card', {
      team: this.st(`staff.teams.${this.teamOf(record).id}`),
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

  private signed(record: HandoffRecord, name: string, structure: string | undefined, text: string): string {
    const team = this.teamOf(record).id;
    return structure ? translate(this.o.texts, record.locale, `${team}.signed`, { name, structure, text }) : translate(this.o.texts, record.locale, `${team}.signed_no_structure`, { name, text });
  }

  /** The record's team (records made before teams existed are the Promeneurs'). */
  private teamOf(record: Pick<HandoffRecord, 'team'>): Team {
    const team = this.o.teams.get(record.team ?? PROMENEURS) ?? this.o.teams.get(PROMENEURS) ?? this.o.teams.values().next().value;
    if (!team) throw new Error('no team is defined (flows/data/teams.yaml)');
    return team;
  }

  /** A crisis alert goes to the person's team, else by how the bot speaks to them (tu → youth, vous → adults). */
  private alertTeam(record: HandoffRecord | undefined, alert: CrisisAlert): string {
    if (record?.team && this.availableFor(record.team)) return record.team;
    const band = alert.ageBand;
    const youth = band !== undefined ? band !== 'over-25' : alert.youth === true;
    const wanted = teamFor(this.o.teams, youth ? 'youth' : 'adults');
    if (wanted && this.availableFor(wanted.id)) return wanted.id;
    // The other team is better than nobody: the numbers were given, a person should still know.
    return [...this.o.teams.keys()].find((id) => this.availableFor(id)) ?? wanted?.id ?? PROMENEURS;
  }

  /** The first message (wait) and the one update (nudge): never a presence that is not true. */
  private waitingText(team: Team, locale: Locale, now: Date, which: 'wait' | 'nudge', presence: Presence): string {
    const t = (key: string, args: Record<string, unknown> = {}): string => translate(this.o.texts, locale, key, args);
    if (presence.kind === 'on-duty') return t(`${team.id}.${which}.on_duty`);
    if (presence.kind === 'unknown') return t(`${team.id}.${which}.unknown`);
    const next = describeInstant(presence.next, this.o.timeZone);
    const today = describeInstant(now, this.o.timeZone).date;
    const tomorrow = describeInstant(new Date(now.getTime() + 86_400_000), this.o.timeZone).date;
    const day = next.date === today ? t('core.days.today') : next.date === tomorrow ? t('core.days.tomorrow') : t(`core.days.${next.weekday}`);
    return t(`${team.id}.${which}.usual`, { next: t('core.days.at', { day, time: next.time }) });
  }
}

type Presence = { kind: 'on-duty' } | { kind: 'usual'; next: Date } | { kind: 'unknown' };

const PROMENEURS = 'promeneurs';

/** "/present Accueil", "/présent promeneurs": a team named with any case or accent. */
function normaliseTeamWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}
