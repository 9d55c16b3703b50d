// The staff's console in a Telegram forum supergroup (a team's staff chat): one topic per
// conversation, a header card with buttons, commands /prendre /rendre /clore /note /profil
// /present /absent, a pinned card saying who is on duty, and every other text a staff member writes
// in a topic relayed to the person (by the handoff service). A slash command the bot does not know
// is never relayed: the staff member is told.
// Only members of the staff chat may act (getChatMember, cached briefly); others are refused and logged.
import { GrammyError, type Api, type Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Logger } from 'pino';
import type { Message } from 'grammy/types';
import { MAX_MEDIA_BYTES, type Address, type OutboundMedia } from '../../core/message.js';
import type { DutyCard, StaffActions, StaffConsole, StaffPost } from '../../core/staff-console.js';
import type { StaffMember } from '../../core/staff-console.js';
import { parseCommand } from './inbound.js';
import { StaffOutbox } from './staff-outbox.js';
import { fileOfMessage, MAX_CAPTION, sendFile, type TelegramFile } from './media.js';
import { chunksOf, truncate } from './outbound.js';
import { translateError, type TelegramChannel } from './telegram-channel.js';

export interface TelegramStaffConsoleOptions {
  channel: TelegramChannel;
  chatId: number;
  actions: StaffActions;
  /** Staff texts (already in the staff's language): `key` under promeneurs.staff. */
  t(key: string, args?: Record<string, unknown>): string;
  memberCacheSeconds: number;
  log: Logger;
  clock?: () => number;
  /** Messages a minute in the staff group (Telegram allows about 20 in a group); 0 = no budget. */
  perMinute?: number;
}

const BUTTON_DATA = { take: 'handoff:take', release: 'handoff:release', close: 'handoff:close' } as const;
/** Duty buttons carry "duty:present:{team}" or "duty:absent:{team}". */
const DUTY_DATA = /^duty:(present|absent):([a-z][a-z0-9-]*)$/;
const TOPIC_COMMANDS = new Set(['prendre', 'rendre', 'clore', 'note', 'profil', 'present', 'absent']);
const MEMBER_STATUSES = new Set(['creator', 'administrator', 'member']);
const TOPIC_TITLE_MAX = 128;
const STAFF_TEXT_MAX = 4000;

export class TelegramStaffConsole implements StaffConsole {
  private readonly members = new Map<number, { member: boolean; until: number }>();
  /** The pinned duty card's message id, once known (found again after a restart through getChat). */
  private dutyCardId: number | undefined;
  private readonly outbox: StaffOutbox;
  private readonly clock: () => number;

  constructor(private readonly o: TelegramStaffConsoleOptions) {
    this.clock = o.clock ?? Date.now;
    this.outbox = new StaffOutbox({
      send: (thread, text, buttons) => this.sendPost(String(thread), { kind: 'info', text, ...(buttons ? { buttons } : {}) }),
      sendAlone: (thread, post) => this.sendPost(String(thread), post),
      perMinute: o.perMinute ?? 20,
      burst: 3,
      maxChars: STAFF_TEXT_MAX,
    });
  }

  private get api(): Api {
    return this.o.channel.api;
  }

  /** Routes the staff chat's updates here. */
  install(): this {
    this.o.channel.onStaffUpdate(this.o.chatId, (ctx) => this.onUpdate(ctx));
    return this;
  }

  // ---- StaffConsole ----

  async openTopic(title: string): Promise<string> {
    const topic = await this.api.createForumTopic(this.o.chatId, truncate(title, TOPIC_TITLE_MAX));
    return String(topic.message_thread_id);
  }

  async renameTopic(topic: string, title: string, opts: { reopen?: boolean } = {}): Promise<void> {
    const thread = Number(topic);
    if (opts.reopen) await this.api.reopenForumTopic(this.o.chatId, thread).catch((err: unknown) => this.ignoreNotModified(err));
    await this.api.editForumTopic(this.o.chatId, thread, { name: truncate(title, TOPIC_TITLE_MAX) }).catch((err: unknown) => this.ignoreNotModified(err));
  }

  /** Every post waits its turn in the group's budget (see staff-outbox.ts). */
  post(topic: string, post: StaffPost): Promise<void> {
    return this.outbox.post(Number(topic), post);
  }

  private async sendPost(topic: string, post: StaffPost): Promise<void> {
    if (post.media) return this.postFile(topic, post.text, post.media);
    const markup: InlineKeyboardMarkup | undefined = post.buttons
      ? {
          inline_keyboard: [
            [{ text: post.buttons.take, callback_data: BUTTON_DATA.take }],
            [
              { text: post.buttons.release, callback_data: BUTTON_DATA.release },
              { text: post.buttons.close, callback_data: BUTTON_DATA.close },
            ],
          ],
        }
      : undefined;
    // Long texts: Telegram's limit is 4096 characters; a person's message is at most 1000 in flows,
    // but free messages while owned can be longer.
    const parts = chunksOf(post.text, STAFF_TEXT_MAX);
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      await this.api.sendMessage(this.o.chatId, part, {
        message_thread_id: Number(topic),
        ...(markup && last ? { reply_markup: markup } : {}),
      });
    }
  }

  async relayOriginal(topic: string, from: Address, messageId: string): Promise<boolean> {
    if (from.channel !== 'telegram') return false;
    await this.api.copyMessage(this.o.chatId, Number(from.userId), Number(messageId), { message_thread_id: Number(topic) });
    return true;
  }

  async closeTopic(topic: string): Promise<void> {
    await this.api.closeForumTopic(this.o.chatId, Number(topic)).catch((err: unknown) => this.ignoreNotModified(err));
  }

  async eraseTopic(topic: string): Promise<void> {
    await this.api.deleteForumTopic(this.o.chatId, Number(topic));
  }

  async showDuty(card: DutyCard): Promise<void> {
    const markup: InlineKeyboardMarkup = { inline_keyboard: card.buttons.map((b) => [{ text: b.label, callback_data: `duty:${b.action}:${b.team}` }]) };
    if (this.dutyCardId === undefined) {
      // After a restart the card pinned last time is edited rather than a new one posted.
      const chat = await this.api.getChat(this.o.chatId).catch(() => undefined);
      const pinned = chat && 'pinned_message' in chat ? chat.pinned_message : undefined;
      const isDutyCard = pinned?.from?.is_bot === true && (pinned.reply_markup?.inline_keyboard.flat().some((b) => 'callback_data' in b && DUTY_DATA.test(b.callback_data ?? '')) ?? false);
      if (pinned && isDutyCard) this.dutyCardId = pinned.message_id;
    }
    if (this.dutyCardId !== undefined) {
      try {
        await this.api.editMessageText(this.o.chatId, this.dutyCardId, card.text, { reply_markup: markup });
        return;
      } catch (err) {
        if (err instanceof GrammyError && /not modified/i.test(err.description)) return;
        this.o.log.warn({ err }, 'duty card could not be edited: posting a new one');
      }
    }
    const sent = await this.api.sendMessage(this.o.chatId, card.text, { reply_markup: markup });
    this.dutyCardId = sent.message_id;
    await this.api.pinChatMessage(this.o.chatId, sent.message_id, { disable_notification: true }).catch((err: unknown) => this.o.log.warn({ err }, 'duty card not pinned: the bot needs the right to pin messages'));
  }

  // ---- updates from the staff chat ----

  private async onUpdate(ctx: Context): Promise<void> {
    const from = ctx.from;
    if (!from || from.is_bot) return;
    const query = ctx.callbackQuery;
    if (query?.data) return this.onPress(ctx, from.id, query.data);
    const message = ctx.message;
    if (!message || message.forum_topic_created || message.forum_topic_edited || message.forum_topic_closed || message.forum_topic_reopened) return;
    const topic = message.is_topic_message && message.message_thread_id !== undefined ? String(message.message_thread_id) : undefined;
    const text = message.text;
    const cmd = text === undefined ? undefined : staffCommand(text);
    // Plain chat outside topics is the staff's own business (but /profil, /present, /absent work there).
    if (!topic && !(cmd && ['profil', 'present', 'absent'].includes(cmd.name))) return;
    if (!(await this.isMember(from.id))) return this.refuse(ctx, topic);
    const staff: StaffMember = { id: String(from.id), firstName: from.first_name };
    let reply: string | undefined;
    if (cmd?.name === 'profil') reply = await this.profile(staff, cmd.payload);
    else if (cmd?.name === 'present') reply = await this.o.actions.present(staff, cmd.payload || undefined);
    else if (cmd?.name === 'absent') reply = await this.o.actions.absent(staff, cmd.payload || undefined);
    else if (!topic) return;
    else if (cmd?.name === 'prendre') reply = await this.o.actions.take(topic, staff);
    else if (cmd?.name === 'rendre') reply = await this.o.actions.release(topic, staff);
    else if (cmd?.name === 'clore') reply = await this.o.actions.close(topic, staff);
    else if (cmd?.name === 'note') reply = cmd.payload ? await this.o.actions.note(topic, staff, cmd.payload) : this.o.t('note_usage');
    else if (cmd) reply = this.o.t('unknown_command', { command: `/${cmd.raw}` });
    else if (text !== undefined) reply = await this.o.actions.say(topic, staff, text);
    else reply = await this.sayFile(topic, staff, message);
    if (reply) await this.replyIn(topic, reply, message.message_id);
  }

  private async onPress(ctx: Context, userId: number, data: string): Promise<void> {
    const duty = DUTY_DATA.exec(data);
    if (duty) return this.onDutyPress(ctx, userId, duty[1] === 'present' ? 'present' : 'absent', duty[2] ?? '');
    const thread = ctx.callbackQuery?.message?.message_thread_id;
    const action = Object.entries(BUTTON_DATA).find(([, d]) => d === data)?.[0];
    if (thread === undefined || !action) {
      await ctx.answerCallbackQuery().catch(() => undefined);
      return;
    }
    if (!(await this.isMember(userId))) {
      this.o.log.warn({ action, thread }, 'staff button pressed by someone outside the staff chat: refused');
      await ctx.answerCallbackQuery({ text: this.o.t('not_member'), show_alert: true }).catch(() => undefined);
      return;
    }
    const staff: StaffMember = { id: String(userId), firstName: ctx.from?.first_name ?? '' };
    const topic = String(thread);
    const reply =
      action === 'take' ? await this.o.actions.take(topic, staff) : action === 'release' ? await this.o.actions.release(topic, staff) : await this.o.actions.close(topic, staff);
    await ctx.answerCallbackQuery({ text: reply }).catch((err: unknown) => this.o.log.debug({ err }, 'callback query not answered'));
  }

  private async onDutyPress(ctx: Context, userId: number, action: 'present' | 'absent', team: string): Promise<void> {
    if (!(await this.isMember(userId))) {
      this.o.log.warn({ action }, 'duty button pressed by someone outside the staff chat: refused');
      await ctx.answerCallbackQuery({ text: this.o.t('not_member'), show_alert: true }).catch(() => undefined);
      return;
    }
    const staff: StaffMember = { id: String(userId), firstName: ctx.from?.first_name ?? '' };
    const reply = action === 'present' ? await this.o.actions.present(staff, team) : await this.o.actions.absent(staff, team);
    await ctx.answerCallbackQuery({ text: reply }).catch((err: unknown) => this.o.log.debug({ err }, 'callback query not answered'));
  }

  private async profile(staff: StaffMember, rest: string): Promise<string> {
    const [name = '', ...structure] = rest.split(/[,|]/).map((s) => s.trim());
    if (!name) return this.o.t('profile_usage');
    const joined = structure.filter(Boolean).join(', ');
    return this.o.actions.setProfile(staff, name, joined || undefined);
  }

  private async refuse(ctx: Context, topic: string | undefined): Promise<void> {
    this.o.log.warn({ topic }, 'staff action by someone outside the staff chat: refused');
    if (topic && ctx.message) await this.replyIn(topic, this.o.t('not_member'), ctx.message.message_id);
  }

  private async replyIn(topic: string | undefined, text: string, replyTo: number): Promise<void> {
    await this.api
      .sendMessage(this.o.chatId, text, { ...(topic ? { message_thread_id: Number(topic) } : {}), reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } })
      .catch((err: unknown) => this.o.log.warn({ err }, 'could not answer in the staff topic'));
  }

  /** A member of the staff chat, asked to Telegram at most every memberCacheSeconds. */
  private async isMember(userId: number): Promise<boolean> {
    const now = this.clock();
    const cached = this.members.get(userId);
    if (cached && cached.until > now) return cached.member;
    let member = false;
    try {
      const m = await this.api.getChatMember(this.o.chatId, userId);
      member = MEMBER_STATUSES.has(m.status) || (m.status === 'restricted' && m.is_member);
    } catch (err) {
      this.o.log.warn({ err }, 'staff membership check failed: refused');
      return false;
    }
    this.members.set(userId, { member, until: now + this.o.memberCacheSeconds * 1000 });
    return member;
  }

  private ignoreNotModified(err: unknown): void {
    if (err instanceof GrammyError && err.error_code === 400 && /NOT_MODIFIED/.test(err.description)) return;
    throw err;
  }

  // ---- files ----

  /** A file in a topic, `text` as its caption (or after it, when too long for one). */
  private async postFile(topic: string, text: string, media: OutboundMedia): Promise<void> {
    const thread = Number(topic);
    const fits = text.length <= MAX_CAPTION;
    await sendFile(this.api, this.o.chatId, media, { message_thread_id: thread, ...(fits && text ? { caption: text } : {}) });
    if (!fits) for (const part of chunksOf(text, STAFF_TEXT_MAX)) await this.api.sendMessage(this.o.chatId, part, { message_thread_id: thread });
  }

  /** A file an educator posted in a topic: the handoff relays it; stickers, locations… are refused. */
  private async sayFile(topic: string, staff: StaffMember, message: Message): Promise<string | undefined> {
    const file = fileOfMessage(message);
    if (!file) return this.o.t('kind_not_relayed');
    return this.o.actions.sayMedia(topic, staff, {
      kind: file.kind,
      caption: message.caption ?? '',
      copyTo: (to, caption) => this.copyFile(message.message_id, file, to, caption),
      download: () => this.downloadFile(file),
    });
  }

  /** A person on Telegram gets a copy of the educator's message with the signed caption: nothing to download. */
  private async copyFile(messageId: number, file: TelegramFile, to: Address, caption: string): Promise<boolean> {
    if (to.channel !== 'telegram' || !file.captionable || caption.length > MAX_CAPTION) return false;
    try {
      await this.api.copyMessage(Number(to.userId), this.o.chatId, messageId, { caption });
    } catch (err) {
      throw translateError(err);
    }
    return true;
  }

  private async downloadFile(file: TelegramFile): Promise<OutboundMedia> {
    const data = await this.o.channel.downloadFile(file.fileId, MAX_MEDIA_BYTES);
    return { kind: file.kind, data, mimeType: file.mimeType, ...(file.fileName ? { fileName: file.fileName } : {}) };
  }
}

/**
 * A staff command: "/present", "/présent Accueil", "/note@bot texte". Telegram's command names allow
 * only a–z, 0–9 and _, so an accented "/présent" arrives as plain text: it is read from the text
 * (accents and case ignored). Any other "/word" is a command too, so that it is never relayed.
 */
export function staffCommand(text: string): { name: string; raw: string; payload: string } | undefined {
  const parsed = parseCommand(text);
  const match = parsed ? undefined : /^\/([\p{L}\p{N}_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/u.exec(text.trim());
  const raw = parsed?.name ?? match?.[1];
  if (raw === undefined) return undefined;
  const folded = raw.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const name = TOPIC_COMMANDS.has(folded) ? folded : folded === 'presente' ? 'present' : folded;
  return { name, raw, payload: parsed?.payload ?? (match?.[2] ?? '').trim() };
}
