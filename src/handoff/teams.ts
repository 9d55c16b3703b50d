// The teams a person can reach (flows/data/teams.yaml): Promeneurs du Net for young people, the
// centre's reception (accueil) for adults. Each names its flow, its audience, the setting holding its
// staff group, and its usual hours in OpenStreetMap opening_hours syntax with their source. Hours
// without a source are kept out of the model entirely, so no text can ever state them.
import { z } from 'zod';
import { openingHoursError } from '../dates/opening-hours.js';
import { loadYamlFile, type DataError } from '../data/load-yaml.js';

export const STAFF_CHAT_SETTINGS = ['TELEGRAM_STAFF_CHAT_ID', 'TELEGRAM_ACCUEIL_CHAT_ID'] as const;
export type StaffChatSetting = (typeof STAFF_CHAT_SETTINGS)[number];

export const AUDIENCES = ['youth', 'adults'] as const;
export type TeamAudience = (typeof AUDIENCES)[number];

const openingHours = z.string().superRefine((value, ctx) => {
  const error = openingHoursError(value);
  if (error) ctx.addIssue({ code: 'custom', message: `not OpenStreetMap opening_hours syntax (e.g. "Mo-Fr 14:00-18:00; PH off"): ${error}` });
});

const teamSchema = z
  .strictObject({
    flow: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a flow id such as "accueil"'),
    audience: z.enum(AUDIENCES),
    'staff-chat': z.enum(STAFF_CHAT_SETTINGS).default('TELEGRAM_STAFF_CHAT_ID'),
    hours: openingHours.nullable().default(null),
    source: z.string().min(1).nullable().default(null),
    gap: z.string().optional(),
  })
  .refine((t) => t.hours === null || t.source !== null, { message: 'hours need a source (or set hours: null): hours without a source are never told', path: ['source'] });

export const teamsFileSchema = z.strictObject({
  teams: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a team id is lowercase letters, digits or "-"'), teamSchema)
    .refine((teams) => Object.keys(teams).length > 0, 'at least one team'),
});

export interface Team {
  id: string;
  flow: string;
  audience: TeamAudience;
  staffChat: StaffChatSetting;
  /** Sourced usual hours, or undefined: then nothing is said about when the team is there. */
  hours?: { spec: string; source: string };
}

export type Teams = ReadonlyMap<string, Team>;

export function loadTeams(file: string): { teams?: Teams; errors: DataError[] } {
  const loaded = loadYamlFile(file, teamsFileSchema);
  if (!loaded.ok) return { errors: loaded.errors };
  const teams = new Map<string, Team>();
  for (const [id, t] of Object.entries(loaded.value.teams)) {
    teams.set(id, { id, flow: t.flow, audience: t.audience, staffChat: t['staff-chat'], ...(t.hours && t.source ? { hours: { spec: t.hours, source: t.source } } : {}) });
  }
  return { teams, errors: [] };
}

/** The team for an audience: the first one listed that serves it. */
export function teamFor(teams: Teams, audience: TeamAudience): Team | undefined {
  for (const t of teams.values()) if (t.audience === audience) return t;
  return undefined;
}
