// `npx tsx bench/core-turn.ts`: the conversation core alone (no platform): CPU and wall time per
// turn for N people answering the language question back and forth, with Redis sessions.
import { Redis } from 'ioredis';
import pino from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Channel } from '../src/core/channel.js';
import { resolveRedis } from '../src/redis/resolve.js';
import { testContent } from '../test/support/telegram-content.js';

const PEOPLE = Number(process.env.BENCH_USERS ?? 50);
const TURNS = Number(process.env.BENCH_TURNS ?? 200);

const sink: Channel = {
  id: 'telegram',
  capabilities: { buttons: true, edits: true },
  async start() {},
  async send() {},
  async stop() {},
};

const redisInfo = await resolveRedis({ dataDir: '/tmp/passerelle-bench', ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}) });
const redis = new Redis(redisInfo.url, { maxRetriesPerRequest: null, enableAutoPipelining: true });
const prefix = `bench-core-${process.pid}`;
const config = loadConfig({ REDIS_PREFIX: prefix, FLOOD_MAX_MESSAGES: '100000000', FLOOD_MAX_QUEUED: '100000000' });
const app = createApp({ config, content: testContent(), redis, log: pino({ level: 'silent' }), features: [] });
await app.start([sink]);
const say = (id: number, text: string) =>
  app.conversations.handle({ address: { channel: 'telegram', userId: String(id) }, content: { kind: 'text', text }, receivedAt: new Date() });

for (let i = 0; i < PEOPLE; i++) await say(i, 'bonjour');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: PEOPLE }, async (_, i) => {
    for (let t = 0; t < TURNS; t++) await say(i, t % 2 ? 'menu' : 'langue');
  }),
);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const n = PEOPLE * TURNS;
console.log(`${n} turns: ${(n / (ms / 1000)).toFixed(0)} turns/s, CPU ${((cpu.user + cpu.system) / n).toFixed(0)} µs/turn`);
const keys = await redis.keys(`${prefix}:*`);
if (keys.length) await redis.del(...keys);
await app.stop();
redis.disconnect();
await redisInfo.stop();
