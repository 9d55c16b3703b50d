// The port between the handoff service and wherever educators work (a Telegram forum supergroup
// today: src/channels/telegram/staff-console.ts). A channel that can host one offers a
// StaffConsoleFactory through the router's capabilities; the handoff asks for it there. One topic per person; the console renders
// posts and buttons, checks that whoever acts is a staff member, and calls the StaffActions back.
import type { Logger } from 'pino';
import type { Address, MediaKind, OutboundMedia } from './message.js';

/** An educator as the staff platform knows them. */
export interface StaffMember {
  /** The staff platform's id of the educator (Telegram user id). */
  id: string;
  /** The platform's first name, used when no profile was set. */
  firstName: string;
}

export type StaffPostKind =
  /** The header card of a conversation, with the buttons Je prends · Rendre au bot · Clore. */
  | 'card'
  /** A message from the person. */
  | 'person'
  /** An urgent flag (crisis words). */
  | 'urgent'
  /** Something the service tells the staff (taken, released, no answer yet…). */
  | 'info';

export interface StaffPost {
  kind: StaffPostKind;
  /** The post, or the caption of `media`. */
  text: string;
  /** A file shown with `text` as its caption (a person's voice note or photo from another platform). */
  media?: OutboundMedia;
  /** Button labels for a card (already translated), in order take · release · close. */
  buttons?: { take: string; release: string; close: string };
}

export interface StaffConsole {
  /** Opens a new topic titled `title`; returns its id. */
  openTopic(title: string): Promise<string>;
  /** Renames a topic (its status emoji changes). Reopens it if it was closed. */
  renameTopic(topic: string, title: string, opts?: { reopen?: boolean }): Promise<void>;
  post(topic: string, post: StaffPost): Promise<void>;
  /**
   * Copies the person's original message (a photo, a document) into the topic when the console can
   * (same platform); false when it cannot, and the service fetches the file from the person's channel
   * and posts it (StaffPost.media), or a placeholder.
   */
  relayOriginal(topic: string, from: Address, messageId: string): Promise<boolean>;
  /** Marks a topic closed (no more writing) without deleting it. */
  closeTopic(topic: string): Promise<void>;
  /** Deletes a topic and its messages (end of retention). */
  eraseTopic(topic: string): Promise<void>;
  /**
   * Shows who is on duty on a card pinned in the group (outside topics), with its buttons; later
   * calls update the same card.
   */
  showDuty(card: DutyCard): Promise<void>;
}

/** The pinned card: who is on duty, and buttons "I'm here" / "I'm leaving" (one pair per team). */
export interface DutyCard {
  text: string;
  buttons: Array<{ label: string; action: 'present' | 'absent'; team: string }>;
}

/** What educators can do; the console calls these after checking membership. */
export interface StaffActions {
  take(topic: string, staff: StaffMember): Promise<string>;
  release(topic: string, staff: StaffMember): Promise<string>;
  close(topic: string, staff: StaffMember): Promise<string>;
  note(topic: string, staff: StaffMember, text: string): Promise<string>;
  /** An educator wrote in a topic: relayed to the person when they own it. Returns a reply for the educator, if any. */
  say(topic: string, staff: StaffMember, text: string): Promise<string | undefined>;
  /** An educator posted a file in a topic: relayed, signed, to the person when they own it. Returns a reply for the educator, if any. */
  sayMedia(topic: string, staff: StaffMember, media: StaffMedia): Promise<string | undefined>;
  setProfile(staff: StaffMember, name: string, structure?: string): Promise<string>;
  /** "/present [team]": on duty for the group's teams (or that one). Returns the reply. */
  present(staff: StaffMember, team?: string): Promise<string>;
  /** "/absent [team]": off duty. */
  absent(staff: StaffMember, team?: string): Promise<string>;
  /** The duty card's current content (the console shows it once at start). */
  dutyCard(): Promise<DutyCard>;
}

/** A file an educator posted in a topic, as the console hands it to the handoff. */
export interface StaffMedia {
  kind: MediaKind;
  /** What the educator wrote with it ('' when nothing). */
  caption: string;
  /**
   * Sends the very file to a person on the console's own platform (a copy, nothing downloaded) with
   * `caption` instead of the educator's; false when it cannot (another platform, a caption too long).
   */
  copyTo(to: Address, caption: string): Promise<boolean>;
  /** Downloads the file, for a person on another platform. Throws MediaTooLargeError past MAX_MEDIA_BYTES. */
  download(): Promise<OutboundMedia>;
}

/** What the handoff gives a channel to open its staff console. */
export interface StaffConsoleRequest {
  /** The staff group's id on that platform (TELEGRAM_STAFF_CHAT_ID or a team's own). */
  chatId: string;
  /** The actions bound to this group (its teams, its topics). */
  actions: StaffActions;
  /** Staff texts, already in the staff's language. */
  t(key: string, args?: Record<string, unknown>): string;
  memberCacheSeconds: number;
  log: Logger;
}

export type StaffConsoleFactory = (request: StaffConsoleRequest) => StaffConsole;
