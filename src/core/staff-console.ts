// The port between the handoff service and wherever educators work (a Telegram forum supergroup
// today: src/channels/telegram/staff-console.ts). A channel that can host one offers a
// StaffConsoleFactory through the router's capabilities; the handoff asks for it there. One topic per person; the console renders
// posts and buttons, checks that whoever acts is a staff member, and calls the StaffActions back.
import type { Logger } from 'pino';
import type { Address } from './message.js';

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
  text: string;
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
   * (same platform); false when it cannot, and the service posts a placeholder instead.
   */
  relayOriginal(topic: string, from: Address, messageId: string): Promise<boolean>;
  /** Marks a topic closed (no more writing) without deleting it. */
  closeTopic(topic: string): Promise<void>;
  /** Deletes a topic and its messages (end of retention). */
  eraseTopic(topic: string): Promise<void>;
}

/** What educators can do; the console calls these after checking membership. */
export interface StaffActions {
  take(topic: string, staff: StaffMember): Promise<string>;
  release(topic: string, staff: StaffMember): Promise<string>;
  close(topic: string, staff: StaffMember): Promise<string>;
  note(topic: string, staff: StaffMember, text: string): Promise<string>;
  /** An educator wrote in a topic: relayed to the person when they own it. Returns a reply for the educator, if any. */
  say(topic: string, staff: StaffMember, text: string): Promise<string | undefined>;
  setProfile(staff: StaffMember, name: string, structure?: string): Promise<string>;
}

/** What the handoff gives a channel to open its staff console. */
export interface StaffConsoleRequest {
  /** The staff group's id on that platform (TELEGRAM_STAFF_CHAT_ID). */
  chatId: string;
  actions: StaffActions;
  /** Staff texts, already in the staff's language. */
  t(key: string, args?: Record<string, unknown>): string;
  memberCacheSeconds: number;
  log: Logger;
}

export type StaffConsoleFactory = (request: StaffConsoleRequest) => StaffConsole;
