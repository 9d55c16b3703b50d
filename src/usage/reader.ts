// Reads a month of usage counts back (for the report): the day hashes summed, distinct people from
// the HyperLogLogs (PFCOUNT: an estimate), and the educators' take times.
import type { Redis } from 'ioredis';
import { daysInMonth } from '../dates/wall-clock.js';
import { scanKeys } from '../redis/scan.js';
import { USAGE_KINDS, type MonthUsage, type UsageKind } from './model.js';
import { addMonths, parseMonth, UsageKeys } from './keys.js';

export class UsageReader {
  private readonly keys: UsageKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = new UsageKeys(prefix);
  }

  async readMonth(month: string): Promise<MonthUsage> {
    const { year, month: m } = parseMonth(month);
    const dates = Array.from({ length: daysInMonth(year, m) }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
    const pipeline = this.redis.pipeline().pfcount(this.keys.peopleMonth(month));
    for (const date of dates) pipeline.hgetall(this.keys.day(date)).pfcount(this.keys.peopleDay(date));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
    const value = (i: number): unknown => results[i]?.[1];

    const totals: MonthUsage['totals'] = {};
    const days = dates.map((date, i) => {
      const fields = (value(1 + 2 * i) ?? {}) as Record<string, string>;
      let conversations = 0;
      for (const [field, raw] of Object.entries(fields)) {
        const cut = field.indexOf('|');
        const kind = (cut < 0 ? field : field.slice(0, cut)) as UsageKind;
        if (!(kind in USAGE_KINDS)) continue; // a kind a newer version wrote
        const label = cut < 0 ? '' : field.slice(cut + 1);
        const n = Number(raw);
        const byLabel = (totals[kind] ??= {});
        byLabel[label] = (byLabel[label] ?? 0) + n;
        if (kind === 'conversation.started') conversations += n;
      }
      return { date, people: Number(value(2 + 2 * i) ?? 0), conversations };
    });
    return { month, people: Number(value(0) ?? 0), days, totals, takeSeconds: await this.takeSeconds(month) };
  }

  /** The month and the one before it (the report's "change from last month"). */
  async readWithPrevious(month: string): Promise<{ current: MonthUsage; previous: MonthUsage }> {
    const [current, previous] = await Promise.all([this.readMonth(month), this.readMonth(addMonths(month, -1))]);
    return { current, previous };
  }

  private async takeSeconds(month: string): Promise<Record<string, number[]>> {
    const out: Record<string, number[]> = {};
    const start = this.keys.take(month, '').length;
    for await (const keys of scanKeys(this.redis, this.keys.takePattern(month))) {
      for (const key of keys) out[key.slice(start)] = (await this.redis.lrange(key, 0, -1)).map(Number);
    }
    return out;
  }
}

/** Reads one month (the brief's entry point). */
export function readMonth(redis: Redis, prefix: string, month: string): Promise<MonthUsage> {
  return new UsageReader(redis, prefix).readMonth(month);
}
