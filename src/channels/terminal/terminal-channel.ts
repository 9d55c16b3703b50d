// The local terminal chat: the default channel when no platform is configured. Choices are
// shown as numbered lines. Works with piped stdin too (one message per line), for scripts.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Channel, ChannelCapabilities, InboundHandler } from '../../core/channel.js';
import type { Address, Outbound } from '../../core/message.js';
import type { Locale } from '../../i18n/locales.js';

export interface TerminalOptions {
  input: Readable;
  output: Writable;
  userId: string;
  /** Show a prompt and no echo (a person typing) rather than echoing lines (a script). */
  interactive: boolean;
  /** The prompt's label in the conversation's language, e.g. "Vous". */
  promptLabel?: (locale: Locale | undefined) => string;
}

export class TerminalChannel implements Channel {
  readonly id = 'terminal' as const;
  readonly capabilities: ChannelCapabilities = { buttons: false, edits: false, turnByTurn: true };
  private closed = false;
  /** The language of the bot's last message, so the prompt speaks it too. */
  private locale: Locale | undefined;
  private finishedResolve: () => void = () => undefined;
  /** Resolves when the input ends (Ctrl-D or end of the piped file) and every line is handled. */
  readonly finished = new Promise<void>((resolve) => (this.finishedResolve = resolve));

  constructor(private readonly opts: TerminalOptions) {}

  get address(): Address {
    return { channel: 'terminal', userId: this.opts.userId };
  }

  async start(onMessage: InboundHandler): Promise<void> {
    const rl = createInterface({ input: this.opts.input, terminal: false });
    // Take the iterator now: it buffers lines that arrive while the welcome is being sent.
    const lines = rl[Symbol.asyncIterator]();
    const loop = async (): Promise<void> => {
      await onMessage({ address: this.address, content: { kind: 'open' }, receivedAt: new Date() });
      this.prompt();
      // Lines are handled one after the other: a script's answers never overtake the bot.
      for await (const line of { [Symbol.asyncIterator]: () => lines }) {
        if (this.closed) break;
        const text = line.trim();
        if (!text) {
          this.prompt();
          continue;
        }
        if (!this.opts.interactive) this.opts.output.write(`> ${text}\n`);
        await onMessage({ address: this.address, content: { kind: 'text', text }, receivedAt: new Date() });
        this.prompt();
      }
      this.finishedResolve();
    };
    void loop();
  }

  async send(_to: Address, message: Outbound): Promise<void> {
    this.locale = message.locale ?? this.locale;
    // A dev tool: a file shows as a bracket line, e.g. "[photo: photo.jpg]", its bytes stay unwritten.
    const lines = message.media ? [`[${message.media.kind}: ${message.media.fileName ?? message.media.mimeType}]`, message.text].filter(Boolean) : [message.text];
    message.choices?.forEach((choice, i) => lines.push(`   ${choice.number ?? i + 1}. ${choice.label}`));
    this.opts.output.write(`${lines.join('\n')}\n`);
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.finishedResolve();
  }

  private prompt(): void {
    if (this.opts.interactive && !this.closed) this.opts.output.write(`\n${this.opts.promptLabel?.(this.locale) ?? ''}> `);
  }
}
