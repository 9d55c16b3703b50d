// /healthz (Redis reachable, each channel's state) and /metrics (Prometheus text format).
import type { Redis } from 'ioredis';
import type { Channel } from '../core/channel.js';
import type { HttpServer } from '../http/server.js';
import type { Metrics } from './metrics.js';

export interface HealthReport {
  ok: boolean;
  redis: 'up' | 'down';
  channels: Record<string, { ok: boolean; state: string }>;
  /** What features add (people on duty per team…); a feature whose report fails is left out. */
  features?: Record<string, Record<string, unknown>>;
}

export type FeatureHealth = { name: string; health?(): Promise<Record<string, unknown>> };

export async function healthReport(redis: Redis, channels: readonly Channel[], features: readonly FeatureHealth[] = []): Promise<HealthReport> {
  const redisUp = await Promise.race([
    redis.ping().then((p) => p === 'PONG', () => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref()),
  ]);
  const report: HealthReport['channels'] = {};
  for (const c of channels) report[c.id] = c.health?.() ?? { ok: true, state: 'running' };
  const ok = redisUp && Object.values(report).every((c) => c.ok);
  const extras: Record<string, Record<string, unknown>> = {};
  for (const f of features) {
    const facts = redisUp && f.health ? await f.health().catch(() => undefined) : undefined;
    if (facts) extras[f.name] = facts;
  }
  return { ok, redis: redisUp ? 'up' : 'down', channels: report, ...(Object.keys(extras).length > 0 ? { features: extras } : {}) };
}

/** /healthz is open; /metrics asks for METRICS_TOKEN when it is set (see HttpServer). */
export function registerOpsRoutes(http: HttpServer, deps: { redis: Redis; channels: () => readonly Channel[]; metrics: Metrics; features?: readonly FeatureHealth[] }): void {
  http.route('GET', '/healthz', async (c) => {
    const report = await healthReport(deps.redis, deps.channels(), deps.features);
    return c.json(report, report.ok ? 200 : 503);
  }, { optional: true });
  http.route('GET', '/metrics', async (c) => {
    return c.body(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType });
  }, { optional: true, metrics: true });
}
