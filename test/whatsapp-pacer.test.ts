// Gentle sending, on a virtual clock: the per-chat gap, the global cap per minute and the typing state.
import { describe, expect, it } from 'vitest';
import { Pacer, typingDelay, type Timing } from '../src/channels/whatsapp/pacer.js';
import { startWhatsAppChannel } from './support/whatsapp-channel.js';

/** Time moves only when someone sleeps: deterministic, and instant. */
function virtualTiming(): Timing & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('WhatsApp pacing', () => {
  it('keeps a gap between two messages to the same chat, not between chats', async () => {
    const timing = virtualTiming();
    const pacer = new Pacer({ perMinute: 100, chatGapMs: 1500, maxTypingMs: 0 }, timing);
    const at: Array<[string, number]> = [];
    const send = (chat: string) => pacer.pace(chat, 'x', async () => undefined, async () => void at.push([chat, timing.now()]));
    await send('a');
    await send('b');
    await send('a');
    expect(at).toEqual([
      ['a', 0],
      ['b', 0],
      ['a', 1500],
    ]);
  });

  it('never lets more than perMinute messages go out in any 60-second window', async () => {
    const timing = virtualTiming();
    const pacer = new Pacer({ perMinute: 6, chatGapMs: 0, maxTypingMs: 0 }, timing);
    const times: number[] = [];
    // 5 chats × 4 messages, each chat in order, chats concurrently.
    await Promise.all(
      Array.from({ length: 5 }, async (_, c) => {
        for (let m = 0; m < 4; m++) await pacer.pace(`chat${c}`, 'x', async () => undefined, async () => void times.push(timing.now()));
      }),
    );
    expect(times).toHaveLength(20);
    const sorted = [...times].sort((x, y) => x - y);
    for (const [i, t] of sorted.entries()) {
      const inWindow = sorted.filter((u) => u >= t && u < t + 60_000).length;
      expect(inWindow, `window starting at message ${i}`).toBeLessThanOrEqual(6);
    }
    // …and it does not wait more than needed: 20 messages at 6 per minute take three full windows.
    expect(sorted.at(-1)).toBe(180_000);
  });

  it('shows typing for a time that follows the text, within the maximum', async () => {
    const timing = virtualTiming();
    const pacer = new Pacer({ perMinute: 100, chatGapMs: 0, maxTypingMs: 1500 }, timing);
    let typing = 0;
    await pacer.pace('a', 'Oui', async () => void typing++, async () => undefined);
    await pacer.pace('b', 'x'.repeat(500), async () => void typing++, async () => undefined);
    expect(typing).toBe(2);
    expect(timing.sleeps).toEqual([400, 1500]);
    expect(typingDelay('abc', 0)).toBe(0);
  });

  it('still sends when the typing state fails', async () => {
    const pacer = new Pacer({ perMinute: 100, chatGapMs: 0, maxTypingMs: 500 }, virtualTiming());
    const result = await pacer.pace('a', 'x', async () => Promise.reject(new Error('no chat')), async () => 'sent');
    expect(result).toBe('sent');
  });

  it('the channel shows "typing…" in the chat before each message, then sends it', async () => {
    const timing = virtualTiming();
    const t = await startWhatsAppChannel({ pacing: { perMinute: 20, chatGapMs: 1500, maxTypingMs: 1500 }, timing });
    try {
      const user = '33612345678@c.us';
      await t.channel.send({ channel: 'whatsapp', userId: user }, { text: 'Bonjour' });
      await t.channel.send({ channel: 'whatsapp', userId: user }, { text: 'Que voulez-vous faire ?' });
      expect(t.wa.chat(user).typingCount).toBe(2);
      expect(t.wa.sentTo(user)).toEqual(['Bonjour', 'Que voulez-vous faire ?']);
      // typing 400 ms, then the rest of the chat's 1.5 s gap and typing again.
      expect(timing.sleeps).toEqual([400, 1500, 575]);
    } finally {
      await t.close();
    }
  });
});
