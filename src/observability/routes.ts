// /healthz (Redis reachable, each channel's state) and /metrics (Prometheus text format).
import type { Redis } from 'ioredis';
import type { Channel } from '../core/channel.js';
import type { HttpServer } from '../http/server.js';
import type { Metrics } from './metrics.js';

export interface HealthReport {
  ok: boolean;
  redis: 'up' | 'down';
  channels: Record<string, { ok: boolean; state: string }>;
}

export async function healthReport(redis: Redis, channels: readonly Channel[]): Promise<HealthReport> {
  const redisUp = await Promise.race([
    redis.ping().then((p) => p === 'PONG', () => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref()),
  ]);
  const report: HealthReport['channels'] = {};
  for (const c of channels) report[c.id] = c.health?.() ?? { ok: true, state: 'running' };
  const ok = redisUp && Object.values(report).every((c) => c.ok);
  return { ok, redis: redisUp ? 'up' : 'down', channels: report };
}

/** /healthz is open; /metrics asks for METRICS_TOKEN when it is set (see HttpServer). */
export function registerOpsRoutes(http: HttpServer, deps: { redis: Redis; channels: () => readonly Channel[]; metrics: Metrics }): void {
  http.route('GET', '/healthz', async (c) => {
    const report = await healthReport(deps.redis, deps.channels());
    return c.json(report, report.ok ? 200 : 503);
  }, { optional: true });
  http.route('GET', '/metrics', async (c) => {
    return c.body(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType });
  }, { optional: true, metrics: true });
}
