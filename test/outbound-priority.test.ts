// Crisis help numbers (priority 'urgent') jump ahead of the person's queued messages: they wait only for
// the message being sent, on Telegram (the limiter and the real channel on the local Bot API server)
// and on WhatsApp (the per-chat queue, the global cap, and the Redis outbox). Real timers; every check
// is on the order in which texts arrive, never on how long something took.
import { afterEach, describe, expect, it } from 'vitest';
import { OutboundLimiter } from '../src/channels/telegram/rate-limit.js';
import { Pacer, type Timing } from '../src/channels/whatsapp/pacer.js';
import type { Address, Outbound } from '../src/core/message.js';
import { FakeWhatsApp } from './support/fake-whatsapp.js';
import { startTelegramApp, type TelegramApp } from './support/telegram-app.js';
import { startWhatsAppChannel, type WhatsAppTestChannel } from './support/whatsapp-channel.js';

const URGENT: Outbound = { text: 'Appelle le 3114, 24 h/24.', priority: 'urgent' };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

describe('Telegram limiter: urgent messages', () => {
  it('grants an urgent message right after the one in progress, ahead of the chat queue; other chats are not held', async () => {
    const limiter = new OutboundLimiter({ perSecond: 0, perChatPerSecond: 1, chatBurst: 1 });
    const granted: string[] = [];
    const ask = (chat: string, name: string, priority?: 'urgent'): Promise<void> =>
      limiter.acquire(chat, priority).then(() => void granted.push(`${chat}:${name}`));
    const all = [1, 2, 3, 4, 5].map((n) => ask('A', `n${n}`));
    all.push(ask('A', 'urgent', 'urgent'), ask('B', 'urgent', 'urgent'));
    await Promise.all(all);

    expect(granted.filter((g) => g.startsWith('A:'))).toEqual(['A:n1', 'A:urgent', 'A:n2', 'A:n3', 'A:n4', 'A:n5']);
    // B's message went before A's second one, which A's own pace holds for a second.
    expect(granted.indexOf('B:urgent')).toBeLessThan(granted.indexOf('A:urgent'));
  });

  it("takes the overall pace's next slot ahead of other chats' waiting messages", async () => {
    const limiter = new OutboundLimiter({ perSecond: 2, perChatPerSecond: 0, chatBurst: 1 });
    const granted: string[] = [];
    const ask = (chat: string, priority?: 'urgent'): Promise<void> => limiter.acquire(chat, priority).then(() => void granted.push(chat));
    await Promise.all([ask('c1'), ask('c2'), ask('c3'), ask('c4', 'urgent'), ask('c5', 'urgent'), ask('c6')]);
    expect(granted).toEqual(['c1', 'c4', 'c5', 'c2', 'c3', 'c6']);
  });
});

describe('Telegram limiter: reminder deliveries', () => {
  it("a reminder (priority 'high') passes ahead of waiting replies, but after the help numbers", async () => {
    const limiter = new OutboundLimiter({ perSecond: 2, perChatPerSecond: 0, chatBurst: 1 });
    const granted: string[] = [];
    const ask = (chat: string, priority?: 'urgent' | 'high'): Promise<void> => limiter.acquire(chat, priority).then(() => void granted.push(chat));
    await Promise.all([ask('reply1'), ask('reply2'), ask('reply3'), ask('reminder1', 'high'), ask('crisis', 'urgent'), ask('reminder2', 'high'), ask('reply4')]);
    expect(granted).toEqual(['reply1', 'crisis', 'reminder1', 'reminder2', 'reply2', 'reply3', 'reply4']);
  });
});

describe('Telegram channel: urgent messages', () => {
  const person = { id: 4101, first_name: 'Lina', language_code: 'fr' };
  const to: Address = { channel: 'telegram', userId: String(person.id) };

  async function start(): Promise<TelegramApp> {
    // Two messages a second in one chat, no burst: queued messages really wait.
    const tg = await startTelegramApp({ TELEGRAM_MAX_PER_CHAT_PER_SECOND: '2', TELEGRAM_CHAT_BURST: '1' });
    cleanups.push(() => tg.close());
    tg.server.createPrivateChat(person);
    return tg;
  }
  const received = (tg: TelegramApp): string[] => tg.server.sent(person.id).map((m) => m.text ?? '');
  const normal = (n: number): string[] => Array.from({ length: n }, (_, i) => `message ${i + 1}`);

  it('the person receives the help numbers before the messages still queued for them', async () => {
    const tg = await start();
    const sends = normal(6).map((text) => tg.channel.send(to, { text }));
    await tg.server.waitForSent({ chatId: person.id, text: 'message 1' });
    const before = received(tg).length;
    sends.push(tg.channel.send(to, URGENT));
    await Promise.all(sends);

    const texts = received(tg);
    expect(texts.filter((t) => t !== URGENT.text)).toEqual(normal(6));
    // At most the message already on its way goes before it; the rest of the queue comes after.
    expect(texts.indexOf(URGENT.text)).toBeLessThanOrEqual(before + 1);
    expect(texts.indexOf(URGENT.text)).toBeLessThan(texts.indexOf('message 5'));
  });

  it('keeps its place when Telegram asks it to retry later (429)', async () => {
    const tg = await start();
    const sends = normal(8).map((text) => tg.channel.send(to, { text }));
    sends.push(tg.channel.send(to, URGENT));
    // The urgent one comes next, half a second later: Telegram will answer it "retry after 1 s".
    await tg.server.waitForSent({ chatId: person.id, text: 'message 1' });
    tg.server.failNext('sendMessage', { code: 429, retryAfter: 1 });
    await Promise.all(sends);

    const refused = tg.server.calls('sendMessage').filter((c) => c.response?.ok === false);
    expect(refused.map((c) => c.params.text)).toEqual([URGENT.text]);
    const texts = received(tg);
    expect(texts.filter((t) => t !== URGENT.text)).toEqual(normal(8));
    // Retried as urgent: 1 s at two a second lets about two more go first, not the whole queue.
    expect(texts.indexOf(URGENT.text)).toBeLessThan(texts.indexOf('message 6'));
  });
});

describe('WhatsApp channel: urgent messages', () => {
  const A: Address = { channel: 'whatsapp', userId: '33611111111@c.us' };
  const B: Address = { channel: 'whatsapp', userId: '33622222222@c.us' };

  async function start(options: Parameters<typeof startWhatsAppChannel>[0] = {}): Promise<WhatsAppTestChannel> {
    const t = await startWhatsAppChannel(options);
    cleanups.push(() => t.close());
    return t;
  }

  it('sends the help numbers right after the message in progress, ahead of the chat queue', async () => {
    const t = await start({ pacing: { perMinute: 600, chatGapMs: 200, maxTypingMs: 0 } });
    const sends = ['n1', 'n2', 'n3', 'n4'].map((text) => t.channel.send(A, { text }));
    sends.push(t.channel.send(A, URGENT));
    await Promise.all(sends);
    expect(t.wa.sentTo(A.userId)).toEqual(['n1', URGENT.text, 'n2', 'n3', 'n4']);
  });

  it('sends waiting help numbers first once WhatsApp is back, the other messages still in order', async () => {
    const t = await start({ wa: new FakeWhatsApp({ sessionStored: false }) });
    for (const [to, text] of [[A, 'a1'], [B, 'b1'], [A, 'a2'], [A, 'a3']] as const) await t.channel.send(to, { text });
    await t.channel.send(A, URGENT);
    await t.channel.send(B, { ...URGENT, text: 'urgent for B' });
    expect(await t.channel.outboxLength()).toBe(6);
    expect(await t.channel.outbox.countFor(A.userId)).toBe(4);

    const drained = t.channel.status.next('outbox-empty');
    t.wa.scan();
    expect((await drained).sent).toBe(6);
    const who = (s: { to: string; body: string }): string => `${s.to === A.userId ? 'A' : 'B'}:${s.body}`;
    expect(t.wa.sent.map(who)).toEqual([`A:${URGENT.text}`, 'B:urgent for B', 'A:a1', 'B:b1', 'A:a2', 'A:a3']);
    expect(await t.channel.outboxLength()).toBe(0);
  });

  it('erases waiting help numbers with the rest of the person’s messages', async () => {
    const t = await start({ wa: new FakeWhatsApp({ sessionStored: false }) });
    await t.channel.send(A, { text: 'a1' });
    await t.channel.send(A, URGENT);
    await t.channel.send(B, URGENT);
    await t.channel.outbox.eraseFor(A.userId);
    expect(await t.channel.outbox.countFor(A.userId)).toBe(0);
    expect(await t.channel.outbox.countFor(B.userId)).toBe(1);
  });

  it('takes the next global slot ahead of other chats already waiting for one', async () => {
    // A virtual clock (time moves when someone sleeps): the cap of one a minute is instant to test.
    let now = 0;
    const timing: Timing = { now: () => now, sleep: async (ms) => void (now += ms) };
    const pacer = new Pacer({ perMinute: 1, chatGapMs: 0, maxTypingMs: 0 }, timing);
    const order: string[] = [];
    const send = (chat: string, priority?: 'urgent'): Promise<void> =>
      pacer.pace(chat, 'x', async () => undefined, async () => void order.push(chat), priority);
    await Promise.all([send('c1'), send('c2'), send('c3'), send('c4', 'urgent'), send('c5')]);
    expect(order).toEqual(['c1', 'c4', 'c2', 'c3', 'c5']);
  });
});
