// The help numbers may not depend on anything else working: a Redis that fails (no session, no
// "already answered" mark) still gives the numbers; numbers that cannot be delivered still alert
// the staff. Redis and the channel are the edges here, so they are small hand-made doubles.
import type { Redis } from 'ioredis';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Address, Outbound } from '../../src/core/message.js';
import type { CrisisAlert } from '../../src/crisis/alerts.js';
import { loadCrisisDataIn } from '../../src/crisis/check.js';
import { CrisisResponder } from '../../src/crisis/responder.js';
import { realContent, text as t } from '../support/real-content.js';

const loaded = loadCrisisDataIn('flows/data');
if (!loaded.data) throw new Error('crisis data');
const data = loaded.data;
const { texts } = realContent();
const failingRedis = { set: () => Promise.reject(new Error('redis down')), del: () => Promise.reject(new Error('redis down')) } as unknown as Redis;

function responder(send: (to: Address, m: Outbound) => Promise<void>, alerts: CrisisAlert[]): CrisisResponder {
  return new CrisisResponder({
    data,
    texts,
    sender: { send },
    timeZone: 'Europe/Paris',
    defaultLocale: 'fr',
    redis: failingRedis,
    prefix: 'test',
    log: pino({ level: 'silent' }),
    peek: () => Promise.reject(new Error('redis down')),
    staff: { available: () => true, ageBand: () => Promise.reject(new Error('redis down')), alert: async (a) => void alerts.push(a) },
    clock: () => new Date('2026-11-30T14:00:00Z'),
  });
}

const inbound = (text: string) => ({ address: { channel: 'telegram' as const, userId: '1' }, content: { kind: 'text' as const, text }, receivedAt: new Date() });

describe('crisis numbers when the rest fails', () => {
  it('sends the numbers (urgent) and alerts the staff with Redis down', async () => {
    const sent: Outbound[] = [];
    const alerts: CrisisAlert[] = [];
    await responder(async (_to, m) => void sent.push(m), alerts).onArrival(inbound('jveux mourir ce soir'));
    expect(sent[0]?.text).toContain(t('fr', 'crisis.numbers.n3114'));
    expect(sent.every((m) => m.priority === 'urgent')).toBe(true);
    expect(alerts).toEqual([expect.objectContaining({ categories: ['suicide'], text: 'jveux mourir ce soir' })]);
  });

  it('still alerts the staff when the numbers cannot be delivered', async () => {
    const alerts: CrisisAlert[] = [];
    await responder(() => Promise.reject(new Error('channel down')), alerts).onArrival(inbound('il me frappe'));
    expect(alerts.map((a) => a.categories)).toEqual([['violence']]);
  });
});
