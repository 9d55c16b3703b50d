// Sends an outbound message through the channel the person uses.
import type { Logger } from 'pino';
import type { Channel, Sent } from './channel.js';
import { RecipientBlockedError } from './errors.js';
import type { Address, ChannelId, InboundMedia, Outbound } from './message.js';
import type { StaffConsoleFactory } from './staff-console.js';

/** What channels can offer other features beyond sending (a channel hosting the staff console…). */
export interface Capabilities {
  staffConsole: StaffConsoleFactory;
}

export interface Sender {
  send(to: Address, message: Outbound): Promise<Sent>;
  /** The file of a message a person sent, from their channel when it can fetch one (Channel.fetchMedia). */
  fetchMedia?(from: Address, messageId: string): Promise<InboundMedia | undefined>;
}

export class ChannelRouter implements Sender {
  private readonly channels = new Map<ChannelId, Channel>();
  private readonly blockedListeners: Array<(address: Address) => Promise<void>> = [];
  private readonly capabilities: Partial<Capabilities> = {};
  /** Observers for metrics. */
  onSent: (address: Address) => void = () => undefined;
  onFailed: (address: Address, reason: string) => void = () => undefined;

  constructor(private readonly log: Logger) {}

  add(channel: Channel): void {
    this.channels.set(channel.id, channel);
  }

  get(id: ChannelId): Channel | undefined {
    return this.channels.get(id);
  }

  all(): Channel[] {
    return [...this.channels.values()];
  }

  /** A channel offers a capability (the Telegram channel: a staff console in a forum group). */
  provide<K extends keyof Capabilities>(name: K, value: Capabilities[K]): void {
    this.capabilities[name] = value;
  }

  /** A capability some channel offers, if any. */
  capability<K extends keyof Capabilities>(name: K): Capabilities[K] | undefined {
    return this.capabilities[name];
  }

  /** Lets a feature stop writing to people who blocked the bot (e.g. cancel their reminders). */
  onRecipientBlocked(listener: (address: Address) => Promise<void>): void {
    this.blockedListeners.push(listener);
  }

  /** A person blocked the bot: a send was refused, or the platform told us (Telegram's my_chat_member). */
  async reportBlocked(address: Address): Promise<void> {
    for (const listener of this.blockedListeners) {
      await listener(address).catch((err: unknown) => this.log.warn({ err, channel: address.channel }, 'blocked-recipient listener failed'));
    }
  }

  async fetchMedia(from: Address, messageId: string): Promise<InboundMedia | undefined> {
    return this.channels.get(from.channel)?.fetchMedia?.(from, messageId);
  }

  async send(to: Address, message: Outbound): Promise<Sent> {
    const channel = this.channels.get(to.channel);
    if (!channel) throw new Error(`channel ${to.channel} is not running`);
    try {
      const sent = await channel.send(to, message);
      this.onSent(to);
      return sent;
    } catch (err) {
      this.onFailed(to, err instanceof Error ? err.name : 'unknown');
      if (err instanceof RecipientBlockedError) {
        this.log.info({ channel: to.channel }, 'recipient blocked the bot');
        await this.reportBlocked(to);
      }
      throw err;
    }
  }
}
