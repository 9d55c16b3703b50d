// The shared send rate (rate.ts): two processes' limiters on one Redis, sending to the fake Graph API
// with real timers. The sends the limiters let through (stamped when granted: the fake's own arrival
// stamps carry HTTP jitter under a loaded test run) never exceed rate + burst in any second, never a
// double burst around a second boundary (what a counter per clock second did); the fake got each once.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../src/channels/whatsapp-cloud/graph-client.js';
import { SharedRateLimiter } from '../src/channels/whatsapp-cloud/rate.js';
import { startFakeGraphApi, type FakeGraphApi } from './support/fake-graph-api.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';

const RATE = 20;
const prefix = newPrefix();
const redisA = connectRedis();
const redisB = connectRedis();
let fake: FakeGraphApi | undefined;

afterEach(async () => {
  await fake?.close();
  await deletePrefix(redisA, prefix);
  await redisA.quit();
  await redisB.quit();
});

/** The most sends the fake recorded in any window of `ms` milliseconds. */
function busiest(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('WhatsApp Cloud shared rate limiter', () => {
  it(`keeps ${RATE}/s (burst ${RATE}) across two processes, also around a second boundary`, async () => {
    fake = await startFakeGraphApi();
    const granted: number[] = [];
    const client = (redis: typeof redisA) => {
      const limiter = new SharedRateLimiter({ redis, prefix, perSecond: RATE });
      const take = async (): Promise<void> => {
        await limiter.take();
        granted.push(Date.now());
      };
      return new GraphClient({ apiRoot: fake!.url, apiVersion: fake!.version, phoneNumberId: fake!.phoneNumberId, token: fake!.token, log: pino({ level: 'silent' }), beforeSend: take });
    };
    const processes = [client(redisA), client(redisB)];
    // Start just before a second boundary: a per-second counter would let 2 × RATE through at once.
    while (Date.now() % 1000 < 900) await new Promise((r) => setTimeout(r, 10));
    const body = (i: number) => ({ messaging_product: 'whatsapp', to: '33612340001', type: 'template', template: { name: 'passerelle_rappel', language: { code: 'fr' } }, i });
    await Promise.all(processes.flatMap((p, k) => Array.from({ length: 30 }, (_, i) => p.sendMessage(body(k * 100 + i)))));

    const sent = fake.sentTo('33612340001');
    expect(new Set(sent.map((s) => (s.body as { i: number }).i)).size).toBe(60);
    expect(sent).toHaveLength(60);
    expect(granted).toHaveLength(60);
    expect(busiest(granted, 1000)).toBeLessThanOrEqual(RATE + RATE);
    // After the burst, one send every 50 ms: a quarter second holds the burst plus about 5 more, never
    // the 2 × RATE a per-second counter lets through across the boundary.
    expect(busiest(granted, 250)).toBeLessThanOrEqual(RATE + RATE / 4 + 1);
  });
});
