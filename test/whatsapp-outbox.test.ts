// Messages made while WhatsApp is disconnected: kept in Redis across a restart, sent in order once
// ready, a poison message moved aside, and the person's waiting messages erasable.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelUnavailableError } from '../src/core/errors.js';
import type { Address } from '../src/core/message.js';
import { FakeWhatsApp } from './support/fake-whatsapp.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { startWhatsAppChannel, type WhatsAppTestChannel } from './support/whatsapp-channel.js';

const A: Address = { channel: 'whatsapp', userId: '33611111111@c.us' };
const B: Address = { channel: 'whatsapp', userId: '33622222222@c.us' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});
async function start(options: Parameters<typeof startWhatsAppChannel>[0] = {}): Promise<WhatsAppTestChannel> {
  const t = await startWhatsAppChannel(options);
  cleanups.push(() => t.stop());
  return t;
}

describe('WhatsApp outbox', () => {
  it('keeps messages made while disconnected across a restart and sends them in order', async () => {
    const redis = connectRedis();
    const prefix = newPrefix();
    cleanups.push(async () => {
      await deletePrefix(redis, prefix);
      await redis.quit();
    });
    // First process: WhatsApp never connects (no session, nobody scans).
    const first = await start({ redis, prefix, wa: new FakeWhatsApp({ sessionStored: false }) });
    for (const [to, text] of [[A, 'a1'], [B, 'b1'], [A, 'a2'], [B, 'b2'], [A, 'a3']] as const) await first.channel.send(to, { text });
    expect(await first.channel.outboxLength()).toBe(5);
    await first.stop();

    // Second process, same Redis: once ready, everything goes out, each chat in its order.
    const wa = new FakeWhatsApp({ sessionStored: true });
    const second = await start({ redis, prefix, wa });
    await wa.waitForSent(5);
    expect(wa.sent.map((s) => `${s.to === A.userId ? 'A' : 'B'}:${s.body}`)).toEqual(['A:a1', 'B:b1', 'A:a2', 'B:b2', 'A:a3']);
    expect(await second.channel.outboxLength()).toBe(0);
  });

  it('sends new messages after the waiting ones, never before', async () => {
    const wa = new FakeWhatsApp({ sessionStored: true });
    const t = await start({ wa });
    cleanups.push(() => t.close());
    wa.offline = true;
    const down = t.channel.status.next('disconnected');
    wa.disconnect();
    await down;
    await t.channel.send(A, { text: 'queued 1' });
    await t.channel.send(A, { text: 'queued 2' });
    const ready = t.channel.status.next('ready');
    const drained = t.channel.status.next('outbox-empty');
    wa.goOnline();
    await ready;
    // Sent right at reconnection, while the outbox is being drained.
    await t.channel.send(A, { text: 'new' });
    expect((await drained).sent).toBe(3);
    expect(wa.sentTo(A.userId)).toEqual(['queued 1', 'queued 2', 'new']);
    // Once drained, messages go straight out again: delivered when send() resolves.
    await t.channel.send(A, { text: 'direct' });
    expect(wa.sentTo(A.userId).at(-1)).toBe('direct');
  });

  it('throws ChannelUnavailableError when a send fails while WhatsApp looks connected', async () => {
    const t = await start();
    cleanups.push(() => t.close());
    t.wa.sendFailures.set(A.userId, 'Evaluation failed: invalid wid');
    await expect(t.channel.send(A, { text: 'x' })).rejects.toBeInstanceOf(ChannelUnavailableError);
  });

  it('moves a message that keeps failing aside so the others still go out, without logging the number', async () => {
    const wa = new FakeWhatsApp({ sessionStored: false });
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const t = await start({ wa, log });
    cleanups.push(() => t.close());
    await t.channel.send(A, { text: 'to a broken chat' });
    await t.channel.send(B, { text: 'fine' });
    wa.sendFailures.set(A.userId, `Evaluation failed: invalid wid ${A.userId}`);
    const drained = t.channel.status.next('outbox-empty');
    wa.scan();
    expect((await drained).sent).toBe(1);
    expect(wa.sentTo(B.userId)).toEqual(['fine']);
    expect(await t.redis.llen(t.channel.outbox.failedKey)).toBe(1);
    expect(await t.channel.outboxLength()).toBe(0);
    expect(lines.join('')).toContain('whatsapp outbox message failed');
    expect(lines.join('')).not.toMatch(/33611111111|33622222222/);
  });

  it("erases a person's waiting messages and only theirs", async () => {
    const t = await start({ wa: new FakeWhatsApp({ sessionStored: false }) });
    cleanups.push(() => t.close());
    await t.channel.send(A, { text: 'for A' });
    await t.channel.send(B, { text: 'for B' });
    expect(await t.channel.outbox.countFor(A.userId)).toBe(1);
    await t.channel.outbox.eraseFor(A.userId);
    expect(await t.channel.outbox.countFor(A.userId)).toBe(0);
    expect(await t.channel.outbox.countFor(B.userId)).toBe(1);
  });
});

describe('WhatsApp outbox: three lines', () => {
  it('waiting help numbers go first, then reminders, then replies, each line in order; the person can erase them all', async () => {
    const { Outbox } = await import('../src/channels/whatsapp/outbox.js');
    const redis = connectRedis();
    const prefix = newPrefix();
    try {
      const outbox = new Outbox(redis, prefix);
      await outbox.push('p@c.us', 'réponse 1', 1);
      await outbox.push('p@c.us', 'rappel 1', 2, 'high');
      await outbox.push('p@c.us', 'réponse 2', 3);
      await outbox.push('p@c.us', 'appelle le 3114', 4, 'urgent');
      await outbox.push('p@c.us', 'rappel 2', 5, 'high');
      expect(await outbox.length()).toBe(5);
      const order: string[] = [];
      for (let item = await outbox.peek(); item; item = await outbox.peek()) {
        order.push(item.text);
        await outbox.remove(item);
      }
      expect(order).toEqual(['appelle le 3114', 'rappel 1', 'rappel 2', 'réponse 1', 'réponse 2']);
      await outbox.push('p@c.us', 'rappel 3', 6, 'high');
      expect(await outbox.countFor('p@c.us')).toBe(1);
      await outbox.eraseFor('p@c.us');
      expect(await outbox.length()).toBe(0);
    } finally {
      await deletePrefix(redis, prefix);
      await redis.quit();
    }
  });
});
