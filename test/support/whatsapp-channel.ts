// A WhatsAppChannel on the fake client (fake-whatsapp.ts) and a fresh Redis prefix, with pacing off
// so tests run at full speed; inbound messages are collected and can be waited for.
import type { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { WhatsAppChannel } from '../../src/channels/whatsapp/channel.js';
import type { PacingOptions, Timing } from '../../src/channels/whatsapp/pacer.js';
import { loadContent, type Content } from '../../src/content.js';
import type { Inbound } from '../../src/core/message.js';
import { FakeWhatsApp } from './fake-whatsapp.js';
import { connectRedis, deletePrefix, newPrefix } from './redis.js';
import { FEATURE_ACTIONS } from '../../src/features.js';

let content: Content | undefined;

export function realContent(): Content {
  content ??= loadContent({ flowsDir: 'flows', localesDir: 'locales', actions: FEATURE_ACTIONS }).content;
  return content;
}

export const NO_PACING: PacingOptions = { perMinute: 600, chatGapMs: 0, maxTypingMs: 0 };

export interface WhatsAppTestChannel {
  wa: FakeWhatsApp;
  channel: WhatsAppChannel;
  redis: Redis;
  prefix: string;
  inbound: Inbound[];
  waitForInbound(count: number): Promise<Inbound[]>;
  /** Stops the channel (the Redis data stays, like a process restart). */
  stop(): Promise<void>;
  /** Stops, deletes the prefix and closes Redis. */
  close(): Promise<void>;
}

export interface WhatsAppTestOptions {
  wa?: FakeWhatsApp;
  redis?: Redis;
  prefix?: string;
  pacing?: PacingOptions;
  /** Wait for the first 'ready' before returning (default true when the fake has a session). */
  waitReady?: boolean;
  log?: Logger;
  timing?: Timing;
}

export async function startWhatsAppChannel(options: WhatsAppTestOptions = {}): Promise<WhatsAppTestChannel> {
  const wa = options.wa ?? new FakeWhatsApp({ sessionStored: true });
  const redis = options.redis ?? connectRedis();
  const prefix = options.prefix ?? newPrefix();
  const channel = new WhatsAppChannel({
    clientFactory: wa.factory,
    mediaFactory: wa.mediaFactory,
    redis,
    prefix,
    texts: realContent().texts,
    defaultLocale: 'fr',
    log: options.log ?? pino({ level: 'silent' }),
    pacing: options.pacing ?? NO_PACING,
    reconnect: { initialDelayMs: 0, maxDelayMs: 0 },
    ...(options.timing ? { timing: options.timing } : {}),
  });
  const inbound: Inbound[] = [];
  const waiters: Array<() => void> = [];
  // Ready means connected and the outbox checked: from then on sends go straight out.
  const ready = (options.waitReady ?? wa.sessionStored) ? channel.status.next('outbox-empty') : Promise.resolve();
  await channel.start(async (message) => {
    inbound.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  await ready;
  const waitForInbound = async (count: number): Promise<Inbound[]> => {
    while (inbound.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return inbound.slice(0, count);
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await channel.stop();
  };
  return {
    wa,
    channel,
    redis,
    prefix,
    inbound,
    waitForInbound,
    stop,
    async close() {
      await stop();
      await deletePrefix(redis, prefix);
      if (!options.redis) await redis.quit();
    },
  };
}
