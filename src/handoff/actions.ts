// `handoff.prepare`: at the start of the promeneurs flow, says at once whether staff can be reached
// (outcome "unavailable" otherwise) and gives the texts the retention period.
export function prepareAction(service: HandoffService, retentionDays: number): ActionHandler {
  return async () => (service.available ? { vars: { retention_days: retentionDays } } : { outcome: 'unavailable' });
}

// `handoff.request`: the promeneurs flow (and the "quelqu'un" word that opens it) hands the person
// to the staff with their first message. Outcome "unavailable" when no staff console runs.
import type { ActionHandler } from '../actions/registry.js';
import type { HandoffService } from './service.js';

export function requestAction(service: HandoffService): ActionHandler {
  return async ({ address, params, locale }) => {
    const text = typeof params.message === 'string' ? params.message : undefined;
    const ageBand = typeof params.age === 'string' ? params.age : undefined;
    const messages = await service.request(address, { locale, ...(text ? { text } : {}), ...(ageBand ? { ageBand } : {}) });
    // The first message now lives in the staff topic only; the session need not keep it.
    const vars = { first_message: null };
    return messages ? { messages, vars } : { outcome: 'unavailable', vars };
  };
}
