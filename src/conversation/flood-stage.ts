// Flood control per person: past `max` messages in `windowSeconds`, one "slow down" message,
// then the rest is ignored until the window passes. Counted in Redis, so it holds across
// processes, and per person, so nobody else is slowed down.
import type { Redis } from 'ioredis';
import { addressKey } from '../core/message.js';
import { translate, type Texts } from '../i18n/locales.js';
import type { Stage } from './pipeline.js';

export interface FloodOptions {
  redis: Redis;
  prefix: string;
  texts: Texts;
  max: number;
  windowSeconds: number;
}

export function floodStage({ redis, prefix, texts, max, windowSeconds }: FloodOptions): Stage {
  return async (ctx, next) => {
    const who = addressKey(ctx.inbound.address);
    const key = `${prefix}:flood:${who}`;
    const [[, count]] = (await redis.multi().incr(key).expire(key, windowSeconds, 'NX').exec()) as [[Error | null, number]];
    if (count <= max) return next();
    const warned = await redis.set(`${prefix}:flood-warned:${who}`, '1', 'EX', windowSeconds, 'NX');
    ctx.log.info({ channel: ctx.inbound.address.channel, count }, 'flood: message ignored');
    if (warned === 'OK') await ctx.reply({ text: translate(texts, ctx.state.locale, 'core.slow_down') });
  };
}
