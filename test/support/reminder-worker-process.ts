// A separate process running the app with the reminders worker, for tests that kill it with
// SIGKILL. What it sends goes to a Redis list ({prefix}:test:outbox) the test reads.
// Env: REDIS_URL, REDIS_PREFIX; LOCK_MS / STALLED_MS (BullMQ lock and stalled check; the "sent"
// lease follows the lock);
// CRASH_AFTER_SENT=1 kills the process with SIGKILL right after a reminder is marked sent.
import { Redis } from 'ioredis';
import type { Channel, ChannelCapabilities } from '../../src/core/channel.js';
import type { Address, Outbound } from '../../src/core/message.js';
import { startRemindersApp } from './reminders-app.js';

const url = process.env.REDIS_URL ?? '';
const prefix = process.env.REDIS_PREFIX ?? '';
const redis = new Redis(url, { maxRetriesPerRequest: null });

class OutboxChannel implements Channel {
  readonly id = 'terminal' as const;
  readonly capabilities: ChannelCapabilities = { buttons: false, edits: false };
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(to: Address, message: Outbound): Promise<void> {
    await redis.rpush(`${prefix}:test:outbox`, JSON.stringify({ to: to.userId, text: message.text }));
  }
}

const ctx = await startRemindersApp({
  redis,
  prefix,
  channels: [new OutboxChannel()],
  env: { QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00' },
  feature: {
    worker: {
      lockDurationMs: Number(process.env.LOCK_MS ?? 1000),
      stalledIntervalMs: Number(process.env.STALLED_MS ?? 500),
      ...(process.env.CRASH_AFTER_SENT === '1' ? { afterSent: () => void process.kill(process.pid, 'SIGKILL') } : {}),
    },
  },
});
process.on('SIGTERM', () => {
  void ctx.app.stop().then(() => redis.quit()).then(() => process.exit(0));
});
process.stdout.write('ready\n');
