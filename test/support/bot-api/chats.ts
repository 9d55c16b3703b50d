// One chat as a bot sees it: its messages (current state), forum topics, member statuses and whether the
// user blocked the bot. Message ids are allocated here because Telegram numbers messages per chat.
import type { AcceptedGiftTypes, Chat, ChatFullInfo, ChatMember, Message, User } from 'grammy/types';

export type ChatType = 'private' | 'group' | 'supergroup';
/** Bots see these chats in message updates; channels are out of scope here. */
export type NonChannelChat = Exclude<Chat, Chat.ChannelChat>;
export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface Topic {
  threadId: number;
  name: string;
  iconColor: number;
  iconCustomEmojiId?: string;
  closed: boolean;
}

export interface ChatInfo {
  title?: string;
  firstName?: string;
  lastName?: string;
  username?: string;
  isForum?: boolean;
}

const NO_GIFTS: AcceptedGiftTypes = {
  unlimited_gifts: false,
  limited_gifts: false,
  unique_gifts: false,
  premium_subscription: false,
  gifts_from_channels: false,
};

export class ChatState {
  /** Current state: edits applied, deleted messages removed. */
  readonly messages = new Map<number, Message>();
  readonly topics = new Map<number, Topic>();
  readonly members = new Map<number, MemberStatus>();
  blockedBot = false;
  /** The most recently pinned message (getChat's pinned_message). */
  pinnedMessageId: number | undefined;
  private lastMessageId = 0;

  constructor(
    readonly id: number,
    readonly type: ChatType,
    readonly info: ChatInfo,
  ) {}

  get isForum(): boolean {
    return this.type === 'supergroup' && this.info.isForum === true;
  }

  nextMessageId(): number {
    this.lastMessageId += 1;
    return this.lastMessageId;
  }

  toChat(): NonChannelChat {
    if (this.type === 'private') {
      const chat: Chat.PrivateChat = { id: this.id, type: 'private', first_name: this.info.firstName ?? `User ${this.id}` };
      if (this.info.lastName !== undefined) chat.last_name = this.info.lastName;
      if (this.info.username !== undefined) chat.username = this.info.username;
      return chat;
    }
    const title = this.info.title ?? `Group ${this.id}`;
    if (this.type === 'group') return { id: this.id, type: 'group', title };
    const chat: Chat.SupergroupChat = { id: this.id, type: 'supergroup', title };
    if (this.info.username !== undefined) chat.username = this.info.username;
    if (this.isForum) chat.is_forum = true;
    return chat;
  }

  toFullInfo(): ChatFullInfo {
    const common = { accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: NO_GIFTS };
    if (this.type === 'private') {
      const chat: ChatFullInfo.PrivateChat = {
        ...common,
        id: this.id,
        type: 'private',
        first_name: this.info.firstName ?? `User ${this.id}`,
      };
      if (this.info.lastName !== undefined) chat.last_name = this.info.lastName;
      if (this.info.username !== undefined) chat.username = this.info.username;
      return chat;
    }
    const title = this.info.title ?? `Group ${this.id}`;
    if (this.type === 'group') return { ...common, id: this.id, type: 'group', title };
    const chat: ChatFullInfo.SupergroupChat = { ...common, id: this.id, type: 'supergroup', title };
    if (this.info.username !== undefined) chat.username = this.info.username;
    if (this.isForum) chat.is_forum = true;
    const pinned = this.pinnedMessageId === undefined ? undefined : this.messages.get(this.pinnedMessageId);
    if (pinned) chat.pinned_message = pinned;
    return chat;
  }

  /** A private chat's only other member is its user; elsewhere the test-controlled table decides. */
  statusOf(userId: number): MemberStatus {
    if (this.type === 'private' && userId === this.id) return this.blockedBot ? 'kicked' : 'member';
    return this.members.get(userId) ?? 'left';
  }
}

export function chatMember(status: MemberStatus, user: User): ChatMember {
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false };
    case 'administrator':
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_pin_messages: true,
        can_manage_topics: true,
        can_send_welcome_messages: false,
      };
    case 'member':
      return { status, user };
    case 'restricted':
      return {
        status,
        user,
        is_member: true,
        can_send_messages: false,
        can_send_audios: false,
        can_send_documents: false,
        can_send_photos: false,
        can_send_videos: false,
        can_send_video_notes: false,
        can_send_voice_notes: false,
        can_send_polls: false,
        can_send_other_messages: false,
        can_add_web_page_previews: false,
        can_react_to_messages: false,
        can_change_info: false,
        can_invite_users: false,
        can_edit_tag: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
    case 'left':
      return { status, user };
    case 'kicked':
      return { status, user, until_date: 0 };
  }
}
