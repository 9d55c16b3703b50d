// The handoff audit trail (who took, handed back, closed, and when) keeps the last 200 events: a
// long conversation cannot grow it without end.
import { afterAll, expect, it } from 'vitest';
import { HandoffStore } from '../src/handoff/state.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';

const redis = connectRedis();
const prefix = newPrefix();
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

it('keeps the last 200 audit events, in order', async () => {
  const store = new HandoffStore(redis, prefix);
  const address = { channel: 'telegram' as const, userId: '4242' };
  for (let i = 0; i < 250; i++) await store.audit(address, { action: 'note', by: '1', at: new Date(Date.UTC(2026, 11, 1, 0, 0, i)) });
  const trail = await store.auditTrail(address);
  expect(trail).toHaveLength(200);
  expect(trail[0]?.at).toBe(new Date(Date.UTC(2026, 11, 1, 0, 0, 50)).toISOString());
  expect(trail.at(-1)?.at).toBe(new Date(Date.UTC(2026, 11, 1, 0, 0, 249)).toISOString());
});
