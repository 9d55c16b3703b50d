// Who the crisis reply speaks to: "tu" for young people, "vous" for adults (the bot's rule), and what
// we know of their age for the numbers (119 is for minors, 3919 for women). Only what the person
// told the bot counts: the age band they chose with the Promeneurs, or being in that flow.
import type { SessionState } from '../engine/state.js';

export type Audience = 'minor' | 'adult' | 'unknown';
export type Register = 'tu' | 'vous';

/** Age bands of the promeneurs flow (flows/promeneurs.yaml). */
const MINOR_BANDS = new Set(['under-15', '15-17']);
const YOUTH_FLOWS = new Set(['promeneurs']);

export function audienceOf(state: SessionState | undefined, ageBand?: string): { audience: Audience; register: Register } {
  const band = ageBand ?? (typeof state?.vars.age_band === 'string' ? state.vars.age_band : undefined);
  const audience: Audience = band === undefined ? 'unknown' : MINOR_BANDS.has(band) ? 'minor' : band === 'over-25' ? 'adult' : 'unknown';
  const youth = (band !== undefined && band !== 'over-25') || YOUTH_FLOWS.has(state?.position?.flowId ?? '');
  return { audience, register: youth ? 'tu' : 'vous' };
}
