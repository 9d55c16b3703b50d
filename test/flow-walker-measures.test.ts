// The walker's own check: it sees what a person reads. A welcome made too long is reported with the
// path that shows it (first contact), and a first contact is measured as the messages it sends.
// (The walk over the shipped flows is test/flows-digits-walker.test.ts.)
import { describe, expect, it } from 'vitest';
import type { Content } from '../src/content.js';
import type { TextEntry } from '../src/i18n/locales.js';
import { walkFlows, WALK_CLOCK } from './support/flow-walker.js';
import { realContent } from './support/real-content.js';
import { testRedisUrl } from './support/redis.js';
import { describePath, flowFigures, violations } from './support/walk-report.js';

/** The real content, with one French text replaced (the loaded texts are left alone). */
function withText(key: string, text: string): Content {
  const real = realContent();
  const fr = new Map<string, TextEntry>(real.texts.fr);
  const entry = fr.get(key);
  if (!entry) throw new Error(`no text ${key}`);
  fr.set(key, { ...entry, text });
  return { ...real, texts: { ...real.texts, fr } };
}

async function firstContact(content: Content): Promise<ReturnType<typeof violations>> {
  const result = await walkFlows({ content, redisUrl: testRedisUrl(), now: WALK_CLOCK, dateAnswer: '15/12', maxDepth: 0, randomWalks: 0, only: (s) => s.name === 'first contact' && s.locale === 'fr' });
  const menu = flowFigures(result).find((f) => f.flow === 'menu' && f.locale === 'fr');
  // Privacy notice, welcome and the menu: one answer of several messages.
  expect(menu?.mostMessages.messages.length).toBeGreaterThanOrEqual(2);
  return violations(result);
}

describe('the walker measures what is sent', () => {
  it('reports a 70-word welcome and a 10-line one, with the path that shows them', async () => {
    const words = await firstContact(withText('core.welcome', Array.from({ length: 70 }, () => 'mot').join(' ')));
    const tooLong = words.find((v) => v.kind === 'words' && v.message?.text.includes('mot mot'));
    expect(tooLong?.value).toBe(70);
    expect(tooLong && describePath(tooLong.answer)).toBe('first contact (fr): Bonjour');

    const lines = await firstContact(withText('core.welcome', Array.from({ length: 10 }, (_, i) => `ligne ${i}`).join('\n')));
    expect(lines.find((v) => v.kind === 'lines' && v.message?.text.includes('ligne 9'))?.value).toBe(10);
  }, 60_000);
});
