// The educators' console in a Telegram forum supergroup (TELEGRAM_STAFF_CHAT_ID): one topic per
// conversation, a header card with buttons, commands /prendre /rendre /clore /note /profil, and
// every other text an educator writes in a topic relayed to the person (by the handoff service).
// Only members of the staff chat may act (getChatMember, cached briefly); others are refused and logged.
import { GrammyError, type Api, type Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Logger } from 'pino';
import type { Address } from '../../core/message.js';
import type { StaffActions, StaffConsole, StaffPost } from '../../core/staff-console.js';
import type { StaffMember } from '../../core/staff-console.js';
import { parseCommand } from './inbound.js';
import { chunksOf, truncate } from './outbound.js';
import type { TelegramChannel } from './telegram-channel.js';

export interface TelegramStaffConsoleOptions {
  channel: TelegramChannel;
  chatId: number;
  actions: StaffActions;
  /** Staff texts (already in the staff's language): `key` under promeneurs.staff. */
  t(key: string, args?: Record<string, unknown>): string;
  memberCacheSeconds: number;
  log: Logger;
  clock?: () => number;
}

const BUTTON_DATA = { take: 'handoff:take', release: 'handoff:release', close: 'handoff:close' } as const;
const MEMBER_STATUSES = new Set(['creator', 'administrator', 'member']);
const TOPIC_TITLE_MAX = 128;
const STAFF_TEXT_MAX = 4000;

export class TelegramStaffConsole implements StaffConsole {
  private readonly members = new Map<number, { member: boolean; until: number }>();
  private readonly clock: () => number;

  constructor(private readonly o: TelegramStaffConsoleOptions) {
    this.clock = o.clock ?? Date.now;
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

  async post(topic: string, post: StaffPost): Promise<void> {
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
    const cmd = text === undefined ? undefined : parseCommand(text);
    // Plain chat outside topics is the staff's own business.
    if (!topic && cmd?.name !== 'profil') return;
    if (!(await this.isMember(from.id))) return this.refuse(ctx, topic);
    const staff: StaffMember = { id: String(from.id), firstName: from.first_name };
    let reply: string | undefined;
    if (cmd?.name === 'profil') reply = await this.profile(staff, cmd.payload);
    else if (!topic) return;
    else if (cmd?.name === 'prendre') reply = await this.o.actions.take(topic, staff);
    else if (cmd?.name === 'rendre') reply = await this.o.actions.release(topic, staff);
    else if (cmd?.name === 'clore') reply = await this.o.actions.close(topic, staff);
    else if (cmd?.name === 'note') reply = cmd.payload ? await this.o.actions.note(topic, staff, cmd.payload) : this.o.t('note_usage');
    else if (text !== undefined) reply = await this.o.actions.say(topic, staff, text);
    else reply = this.o.t('text_only');
    if (reply) await this.replyIn(topic, reply, message.message_id);
  }

  private async onPress(ctx: Context, userId: number, data: string): Promise<void> {
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
}
