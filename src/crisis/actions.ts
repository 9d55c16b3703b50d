// `crisis.help`: "Non, j'ai besoin d'aide" after the gentle check: the distress numbers for this
// person at this hour, and the staff told when a staff console runs.
import type { ActionHandler } from '../actions/registry.js';
import type { Texts } from '../i18n/locales.js';
import { audienceOf } from './audience.js';
import type { CrisisData } from './data.js';
import { crisisReply } from './reply.js';
import type { StaffPort } from './responder.js';
import type { UsageSink } from '../usage/counter.js';

export function crisisHelpAction(o: { data: CrisisData; texts: Texts; timeZone: string; staff?: StaffPort; usage?: UsageSink }): ActionHandler {
  return async ({ address, state, locale, now }) => {
    const staffAlerted = o.staff?.available() ?? false;
    const recorded = await o.staff?.ageBand(address);
    const { audience, register } = audienceOf(state, recorded);
    const messages = crisisReply(o.data.numbers, o.texts, ['distress'], { locale, register, audience, now, timeZone: o.timeZone, staffAlerted });
    const band = recorded ?? (typeof state?.vars.age_band === 'string' ? state.vars.age_band : undefined);
    // Fire and forget: the count never holds the numbers back.
    o.usage?.count({ kind: 'crisis.reply', label: 'distress' }, now);
    if (staffAlerted) await o.staff?.alert({ address, locale, categories: ['distress'], text: '', youth: register === 'tu', ...(band ? { ageBand: band } : {}) });
    return { messages };
  };
}
