// Where the report's numbers come from: the usage counts in Redis (src/usage/reader.ts), and the
// order of each flow's steps (for the funnels) from the loaded flows.
import type { Redis } from 'ioredis';
import type { FlowSet } from '../engine/load.js';
import type { Locale, Texts } from '../i18n/locales.js';
import { UsageReader } from '../usage/reader.js';
import { buildReport } from './build.js';

export function stepOrder(flows: FlowSet): Record<string, string[]> {
  return Object.fromEntries([...flows].map(([id, loaded]) => [id, [...loaded.steps.keys()]]));
}

export interface ReportSource {
  redis: Redis;
  prefix: string;
  flows: FlowSet;
  texts: Texts;
}

/** The HTML report of `month` (compared with the month before), read from Redis. */
export async function reportFromRedis(source: ReportSource, month: string, locale: Locale, nav?: string): Promise<string> {
  const { current, previous } = await new UsageReader(source.redis, source.prefix).readWithPrevious(month);
  return buildReport({ current, previous, stepOrder: stepOrder(source.flows), texts: source.texts, locale, ...(nav === undefined ? {} : { nav }) });
}
