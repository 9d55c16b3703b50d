// The port every channel adapter implements. Adapters only translate between their vendor
// API and the core's Inbound/Outbound; conversation logic never lives in them.
import type { Address, ChannelId, Inbound, InboundMedia, Outbound } from './message.js';

export interface ChannelCapabilities {
  /** Choices can be shown as buttons (Telegram) rather than numbered text. */
  buttons: boolean;
  /** Sent messages can be edited (used to retire old buttons). */
  edits: boolean;
  /**
   * The channel shows each reply before taking the next message (the terminal's prompt): its handler
   * resolves once the message is handled. Otherwise it resolves once the message is safely queued,
   * so that one person's backlog never holds the platform's updates for everyone else.
   */
  turnByTurn?: boolean;
}

export interface ChannelHealth {
  ok: boolean;
  /** A short state name such as "connected", "reconnecting", "qr-needed". */
  state: string;
}

export type InboundHandler = (message: Inbound) => Promise<void>;

/** What a send did when it did not simply deliver: nothing (delivered), or the file waits. */
export type Sent = void | { waiting: true };

/** True when a send kept its file for the person's next message. */
export function fileWaits(sent: Sent): boolean {
  return typeof sent === 'object' && sent.waiting;
}

export interface Channel {
  readonly id: ChannelId;
  readonly capabilities: ChannelCapabilities;
  /** Starts receiving; every inbound message is passed to `onMessage`, awaited. */
  start(onMessage: InboundHandler): Promise<void>;
  /**
   * Sends one message (with its file, when it has `media`). Throws RecipientBlockedError when the person
   * blocked the bot. Resolves to `{ waiting: true }` when the file was kept for the person's next
   * message instead (WhatsApp Cloud outside the 24-hour window), so the sender can say so.
   */
  send(to: Address, message: Outbound): Promise<Sent>;
  /**
   * The file of a message a person sent (`Inbound.messageId`), for a channel whose files the staff console
   * cannot copy itself (WhatsApp). Undefined when there is none to pass on (gone, too large, disconnected).
   */
  fetchMedia?(from: Address, messageId: string): Promise<InboundMedia | undefined>;
  /** Current state for /healthz (connected, waiting for a QR scan…). Absent: assumed up once started. */
  health?(): ChannelHealth;
  /** Stops receiving and releases resources. Safe to call twice. */
  stop(): Promise<void>;
}
