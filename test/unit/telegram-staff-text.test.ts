// Staff texts and topic titles are cut to Telegram's limits without cutting a character in two:
// an emoji at the cut stays whole (it used to be split into two lone UTF-16 halves).
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { chunksOf, truncate } from '../../src/channels/telegram/outbound.js';
import { TelegramStaffConsole } from '../../src/channels/telegram/staff-console.js';
import type { TelegramChannel } from '../../src/channels/telegram/telegram-channel.js';

/** No lone surrogate (half of an emoji). */
const wellFormed = (s: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('chunksOf / truncate', () => {
  it('an emoji at the cut goes whole into the next piece', () => {
    const text = `${'a'.repeat(3)}👍b`; // 👍 is two UTF-16 units, at units 3 and 4
    expect(chunksOf(text, 4)).toEqual(['aaa', '👍b']);
    expect(truncate(text, 4)).toBe('aaa');
  });

  it('keeps a flag and a family emoji (several code points) whole', () => {
    const text = `x🇫🇷👨‍👩‍👧‍👦y`;
    const parts = chunksOf(text, 12);
    expect(parts.join('')).toBe(text);
    expect(parts).toEqual(['x🇫🇷', '👨‍👩‍👧‍👦y']);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(12);
  });

  it('a grapheme longer than the limit is cut between code points, never inside one', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 UTF-16 units
    const parts = chunksOf(family, 4);
    expect(parts.join('')).toBe(family);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4);
      expect(wellFormed(part)).toBe(true);
    }
  });

  it('short and empty texts are one piece', () => {
    expect(chunksOf('', 10)).toEqual(['']);
    expect(chunksOf('bonjour', 10)).toEqual(['bonjour']);
    expect(truncate('bonjour', 10)).toBe('bonjour');
  });
});

describe('TelegramStaffConsole', () => {
  function console_() {
    const calls: Array<{ method: string; text: string }> = [];
    const api = {
      sendMessage: async (_chat: number, text: string) => void calls.push({ method: 'sendMessage', text }),
      editForumTopic: async (_chat: number, _thread: number, o: { name: string }) => void calls.push({ method: 'editForumTopic', text: o.name }),
      createForumTopic: async (_chat: number, name: string) => {
        calls.push({ method: 'createForumTopic', text: name });
        return { message_thread_id: 7 };
      },
    };
    const staff = new TelegramStaffConsole({
      channel: { api } as unknown as TelegramChannel,
      chatId: -100,
      actions: {} as never,
      t: (key) => key,
      memberCacheSeconds: 60,
      log: pino({ level: 'silent' }),
    });
    return { staff, calls };
  }

  it('a long post is sent in pieces of at most 4000 units, the emoji at the cut whole', async () => {
    const { staff, calls } = console_();
    const text = `${'a'.repeat(3999)}😀${'b'.repeat(10)}`;
    await staff.post('7', { kind: 'person', text });
    expect(calls.map((c) => c.text)).toEqual(['a'.repeat(3999), `😀${'b'.repeat(10)}`]);
    for (const c of calls) expect(wellFormed(c.text)).toBe(true);
  });

  it('a topic title is cut at 128 units without cutting an emoji', async () => {
    const { staff, calls } = console_();
    const title = `${'t'.repeat(127)}🙏🏽 Amina`;
    await staff.openTopic(title);
    await staff.renameTopic('7', title);
    expect(calls.map((c) => c.text)).toEqual(['t'.repeat(127), 't'.repeat(127)]);
  });
});
