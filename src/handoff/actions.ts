// `handoff.prepare`: at the start of a team's flow, says at once whether that team can be reached
// (outcome "unavailable" otherwise) and gives the texts the retention period.
// `handoff.request`: hands the person to the team (param `team`) with their first message. Outcome
// "unavailable" when no staff group serves that team.
import { z } from 'zod';
import type { ActionHandler } from '../actions/registry.js';
import { UNSUPPORTED_KINDS, type UnsupportedKind } from '../core/message.js';
import type { HandoffService } from './service.js';
import type { Teams } from './teams.js';

function teamParam(params: Readonly<Record<string, unknown>>, teams: Teams): string {
  const team = params.team;
  if (typeof team !== 'string' || !teams.has(team)) throw new Error(`handoff action: param "team" must be one of ${[...teams.keys()].join(', ')} (flows/data/teams.yaml)`);
  return team;
}

export function prepareAction(service: HandoffService, retentionDays: number, teams: Teams): ActionHandler {
  return async ({ params }) => (service.availableFor(teamParam(params, teams)) ? { vars: { retention_days: retentionDays } } : { outcome: 'unavailable' });
}

export function requestAction(service: HandoffService, teams: Teams): ActionHandler {
  return async ({ address, params, locale, state }) => {
    const team = teamParam(params, teams);
    const text = typeof params.message === 'string' ? params.message : undefined;
    const ageBand = typeof params.age === 'string' && params.age !== '' && !params.age.includes('{') ? params.age : undefined;
    const messages = await service.request(address, { team, locale, ...(text ? { text } : {}), ...(ageBand ? { ageBand } : {}) });
    // A voice note, photo or document the person chose to pass on goes into the topic now.
    if (messages) for (const media of pendingMedia(state.vars.pending_media)) await service.relayPending(address, media);
    // The first message now lives in the staff topic only; the session need not keep it.
    const vars = { first_message: null, pending_media: null };
    return messages ? { messages, vars } : { outcome: 'unavailable', vars };
  };
}

/** The voice notes, photos or documents kept in the session to pass on (at most a few). */
function pendingMedia(value: unknown): Array<{ id: string; what: UnsupportedKind }> {
  const parsed = pendingSchema.safeParse(value);
  return parsed.success ? parsed.data.slice(-5) : [];
}

const pendingSchema = z.array(z.object({ id: z.string().min(1), what: z.enum(UNSUPPORTED_KINDS) }));
