// Issue #13, end to end: a person who types only digits (and a date as "15 12") gets through every
// flow, from first contact and from each deep link, in fr, en and ar; and on every path, every
// message fits the reading budget (60 words, 8 lines) and no action gets more than 4 messages back.
// The walk (test/support/flow-walker.ts) drives the real app: real flows, texts, actions and Redis,
// a fixed clock, seeded random walks. `npm run texts:measure` prints the same figures.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../src/content.js';
import { typedDate, walkFlows, WALK_CLOCK, type WalkResult } from './support/flow-walker.js';
import { realContent } from './support/real-content.js';
import { testRedisUrl } from './support/redis.js';
import { flowFigures, formatReachability, formatViolation, reachability, summary, violations } from './support/walk-report.js';

const SEED = 13;
let result: WalkResult;
let content: Content;

beforeAll(async () => {
  content = realContent();
  result = await walkFlows({ content, redisUrl: testRedisUrl(), now: WALK_CLOCK, dateAnswer: typedDate(WALK_CLOCK), seed: SEED });
  console.log(summary(result));
}, 180_000);

/** The violations of one kind, as a readable report (worst first, with the digits typed). */
function offenders(kind: 'words' | 'lines' | 'messages' | 'digit'): string {
  return violations(result)
    .filter((v) => v.kind === kind)
    .map((v) => formatViolation(v))
    .join('\n');
}

describe('digits alone', () => {
  it('walk every flow, from first contact and every deep link, in every language', () => {
    const reached = new Set(result.answers.map((a) => a.flow));
    for (const id of content.flows.keys()) expect(reached, `no path reached the flow "${id}"`).toContain(id);
    expect(new Set(result.answers.map((a) => a.locale))).toEqual(new Set(['fr', 'en', 'ar']));
  });

  it('are always taken: the number of a choice just shown is never missed, nor lost after a flow ends', () => {
    expect(offenders('digit')).toBe('');
  });

  it('reach the end of every flow: each flow is left, each end step reached unless only circumstances lead there', () => {
    const r = reachability(result, content);
    const unexcused = { ...r, unreached: r.unreached.filter((u) => !u.excuse) };
    expect(formatReachability(unexcused)).toBe('Every flow entered was left (an end, or another flow).');
  });
});

describe('the reading budget on every path', () => {
  it('no message over 60 words', () => {
    expect(offenders('words')).toBe('');
  });

  it('no message over 8 lines', () => {
    expect(offenders('lines')).toBe('');
  });

  it('at most 4 messages in answer to one action, first contact included', () => {
    expect(offenders('messages')).toBe('');
    const first = flowFigures(result).find((f) => f.flow === 'menu' && f.locale === 'fr');
    expect(first?.mostMessages.messages.length).toBeGreaterThan(0);
  });
});
