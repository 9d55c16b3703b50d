// The staff group's budget: about 20 messages a minute for all topics. When behind, one topic's
// waiting posts go as one message (a card keeps its buttons) and a topic with an urgent post goes
// first; every post's promise settles with the message that holds it. Fake timers: no waiting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffPost } from '../../src/core/staff-console.js';
import { StaffOutbox } from '../../src/channels/telegram/staff-outbox.js';

interface Sent {
  thread: number;
  text: string;
  buttons: boolean;
  at: number;
}

const card = (code: string): StaffPost => ({ kind: 'card', text: `Nouvelle demande #${code}`, buttons: { take: 'Je prends', release: 'Rendre', close: 'Clore' } });
const urgent: StaffPost = { kind: 'urgent', text: '🔴 URGENT' };
const person = (text: string): StaffPost => ({ kind: 'person', text });

function outbox(perMinute: number, fail?: (text: string) => boolean): { box: StaffOutbox; sent: Sent[] } {
  const sent: Sent[] = [];
  const box = new StaffOutbox({
    send: async (thread, text, buttons) => {
      if (fail?.(text)) throw new Error('400: message thread not found');
      sent.push({ thread, text, buttons: buttons !== undefined, at: Date.now() });
    },
    sendAlone: async (thread, post) => {
      sent.push({ thread, text: post.text, buttons: false, at: Date.now() });
    },
    perMinute,
    burst: 3,
    maxChars: 4000,
  });
  return { box, sent };
}

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe('staff outbox', () => {
  it('ten crises at once: ten messages (card, urgent line and message together), within the budget of 20 a minute', async () => {
    const { box, sent } = outbox(20);
    const all: Promise<void>[] = [];
    for (let i = 1; i <= 10; i++) all.push(box.post(i, card(`C${i}`)), box.post(i, urgent), box.post(i, person(`💬 #C${i} : au secours`)));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(sent).toHaveLength(10);
    for (const [i, m] of sent.entries()) {
      expect(m.thread).toBe(i + 1);
      expect(m.text).toBe(`Nouvelle demande #C${i + 1}\n\n🔴 URGENT\n\n💬 #C${i + 1} : au secours`);
      expect(m.buttons).toBe(true);
    }
    // 3 at once, then one every 3 s: the tenth leaves 21 s after the first, never faster than 20 a minute.
    expect(sent.at(-1)?.at).toBe(21_000);
    for (let i = 3; i < sent.length; i++) expect((sent[i]?.at ?? 0) - (sent[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
  });

  it('a topic with an urgent post goes ahead of a flood waiting in other topics, and order inside a topic is kept', async () => {
    const { box, sent } = outbox(20);
    const all: Promise<void>[] = [];
    for (let i = 1; i <= 6; i++) all.push(box.post(1, card(`F${i}`)));
    all.push(box.post(2, person('💬 #U : avant')), box.post(2, urgent));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    // Topic 2 (urgent) first, in its own order, then the six cards (each keeps its own buttons).
    expect(sent.map((m) => m.thread)).toEqual([2, 1, 1, 1, 1, 1, 1]);
    expect(sent[0]?.text).toBe('💬 #U : avant\n\n🔴 URGENT');
    expect(sent.filter((m) => m.thread === 1).map((m) => m.text)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `Nouvelle demande #F${i}`));
  });

  it('a failed message rejects the posts it held, and the next ones still go', async () => {
    const { box, sent } = outbox(0, (text) => text.includes('#BAD'));
    const bad = box.post(1, person('💬 #BAD : x'));
    const good = box.post(2, person('💬 #OK : y'));
    await expect(bad).rejects.toThrow(/thread not found/);
    await good;
    expect(sent.map((m) => m.text)).toEqual(['💬 #OK : y']);
  });

  it('without a budget (0) nothing waits and nothing is merged while not behind', async () => {
    const { box, sent } = outbox(0);
    await box.post(1, person('a'));
    await box.post(1, person('b'));
    expect(sent.map((m) => m.text)).toEqual(['a', 'b']);
  });
});
