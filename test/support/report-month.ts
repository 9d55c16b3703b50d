// Writes a month of usage counts (src/usage/model.ts) into Redis the way src/usage/counter.ts
// lays them out, so that the report's route and command read a known month through the real reader.
import type { Redis } from 'ioredis';
import { fieldOf, UsageKeys } from '../../src/usage/keys.js';
import type { MonthUsage, UsageKind } from '../../src/usage/model.js';

export async function storeMonth(redis: Redis, prefix: string, usage: MonthUsage): Promise<void> {
  const keys = new UsageKeys(prefix);
  const p = redis.pipeline();
  // The day's conversations, taken from the channel/locale labels in turn (their sums match).
  const left = Object.entries(usage.totals['conversation.started'] ?? {});
  for (const day of usage.days) {
    let need = day.conversations;
    for (const entry of left) {
      const n = Math.min(need, entry[1]);
      if (n > 0) p.hincrby(keys.day(day.date), fieldOf('conversation.started', entry[0]), n);
      entry[1] -= n;
      need -= n;
    }
    if (need > 0) throw new Error(`${day.date}: more conversations than conversation.started counts`);
    if (day.people > 0) p.pfadd(keys.peopleDay(day.date), ...Array.from({ length: day.people }, (_, i) => `${day.date}-${i}`));
  }
  // Every other count on the month's first day: the reader sums the days.
  for (const [kind, byLabel] of Object.entries(usage.totals) as Array<[UsageKind, Record<string, number>]>) {
    if (kind === 'conversation.started') continue;
    for (const [label, n] of Object.entries(byLabel)) p.hincrby(keys.day(`${usage.month}-01`), fieldOf(kind, label), n);
  }
  if (usage.people > 0) p.pfadd(keys.peopleMonth(usage.month), ...Array.from({ length: usage.people }, (_, i) => `someone-${i}`));
  for (const [team, seconds] of Object.entries(usage.takeSeconds)) p.rpush(keys.take(usage.month, team), ...seconds);
  const results = (await p.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
}
