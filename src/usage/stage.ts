// Counts, for each message a person sends: the person among the day's and the month's distinct
// people (a keyed hash in a HyperLogLog), and a conversation started on their first message of a
// local day (BOT_TIMEZONE), labelled "channel/locale". The day of the last message is kept in the
// person's own session (erased with it), so no list of who wrote today exists anywhere.
import type { Stage } from '../conversation/pipeline.js';
import { addressKey } from '../core/message.js';
import type { UsageSink } from './counter.js';
import { localDay } from './keys.js';

export function usageStage(usage: UsageSink, timeZone: string): Stage {
  return async (ctx, next) => {
    usage.seen(addressKey(ctx.inbound.address), ctx.now);
    const { day } = localDay(ctx.now, timeZone);
    if (ctx.state.seenOn !== day) {
      ctx.state.seenOn = day;
      usage.count({ kind: 'conversation.started', label: `${ctx.inbound.address.channel}/${ctx.state.locale}` }, ctx.now);
    }
    await next();
  };
}
