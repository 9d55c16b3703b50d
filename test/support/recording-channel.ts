// A channel that records what the bot sends, for tests that do not need a real platform.
import type { Channel, ChannelCapabilities, InboundHandler } from '../../src/core/channel.js';
import type { Address, ChannelId, Inbound, Outbound } from '../../src/core/message.js';

export interface Sent {
  to: Address;
  message: Outbound;
}

export class RecordingChannel implements Channel {
  readonly capabilities: ChannelCapabilities = { buttons: false, edits: false, turnByTurn: true };
  readonly sent: Sent[] = [];
  private handler: InboundHandler | undefined;
  private waiters: Array<() => void> = [];
  private readonly held = new Map<string, Promise<void>>();

  constructor(readonly id: ChannelId = 'terminal') {}

  async start(onMessage: InboundHandler): Promise<void> {
    this.handler = onMessage;
  }

  async send(to: Address, message: Outbound): Promise<void> {
    await this.held.get(to.userId);
    this.sent.push({ to, message });
    for (const wake of this.waiters.splice(0)) wake();
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  /** Sends to `userId` wait (as on a slow network) until the returned function is called. */
  hold(userId: string): () => void {
    let release: () => void = () => undefined;
    this.held.set(userId, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.held.delete(userId);
      release();
    };
  }

  /** Delivers a message from a person, as the platform would. */
  receive(userId: string, content: Inbound['content'], languageCode?: string): Promise<void> {
    if (!this.handler) throw new Error('channel not started');
    return this.handler({ address: { channel: this.id, userId }, content, receivedAt: new Date(), ...(languageCode ? { languageCode } : {}) });
  }

  say(userId: string, text: string): Promise<void> {
    return this.receive(userId, { kind: 'text', text });
  }

  textsTo(userId: string): string[] {
    return this.sent.filter((s) => s.to.userId === userId).map((s) => s.message.text);
  }

  /** Resolves once `predicate` holds over what was sent (re-checked on every send). */
  async waitFor(predicate: (sent: Sent[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.sent)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; sent so far:\n${this.sent.map((s) => `${s.to.userId}: ${s.message.text}`).join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
