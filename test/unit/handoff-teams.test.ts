// The teams file: hours only with a source, OpenStreetMap syntax checked with file:line; when a team
// is usually there (open now until…, or the next opening), across days and DST; staff commands read
// with or without accents.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staffCommand } from '../../src/channels/telegram/staff-console.js';
import { usualHoursAt } from '../../src/handoff/team-hours.js';
import { loadTeams, teamFor } from '../../src/handoff/teams.js';

const TZ = 'Europe/Paris';

function teamsFile(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'teams-')), 'teams.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('teams.yaml', () => {
  it('loads the real file: Promeneurs for youth, the reception for adults, no hours stated without a source', () => {
    const { teams, errors } = loadTeams('flows/data/teams.yaml');
    expect(errors).toEqual([]);
    expect(teamFor(teams ?? new Map(), 'youth')?.flow).toBe('promeneurs');
    expect(teamFor(teams ?? new Map(), 'adults')?.flow).toBe('accueil');
    for (const team of teams?.values() ?? []) if (team.hours) expect(team.hours.source.length).toBeGreaterThan(0);
  });

  it('refuses hours without a source, and hours that are not opening_hours syntax, with file and line', () => {
    const file = teamsFile(['teams:', '  accueil:', '    flow: accueil', '    audience: adults', '    hours: "Mo-Fr 09:00-12:00"', '  promeneurs:', '    flow: promeneurs', '    audience: youth', '    hours: "tous les jours sauf le dimanche"', '    source: "a flyer"', ''].join('\n'));
    const { errors } = loadTeams(file);
    expect(errors.map((e) => `${e.line}:${e.path}`)).toEqual(expect.arrayContaining([expect.stringMatching(/^[2-5]:teams\.accueil\.source$/), '9:teams.promeneurs.hours']));
    expect(errors.find((e) => e.path === 'teams.accueil.source')?.message).toMatch(/need a source/);
  });
});

describe('usual hours', () => {
  const spec = 'Mo-Fr 14:00-18:00; We 10:00-12:00,14:00-19:00; PH off';

  it('is open now until the end of the range', () => {
    // Wednesday 2 December 2026, 11:30 in Paris.
    expect(usualHoursAt(spec, new Date('2026-12-02T10:30:00Z'), TZ)).toEqual({ open: true, until: new Date('2026-12-02T11:00:00Z') });
  });

  it('gives the next opening the same day, then after a weekend', () => {
    expect(usualHoursAt(spec, new Date('2026-12-02T11:30:00Z'), TZ)).toEqual({ open: false, next: new Date('2026-12-02T13:00:00Z') });
    // Saturday 18:00 → Monday 14:00.
    expect(usualHoursAt(spec, new Date('2026-12-05T17:00:00Z'), TZ)).toEqual({ open: false, next: new Date('2026-12-07T13:00:00Z') });
  });

  it('counts in Paris time across the change to summer time', () => {
    // Saturday 28 March 2026 (UTC+1) → Monday 30 March 14:00 (UTC+2).
    expect(usualHoursAt(spec, new Date('2026-03-28T17:00:00Z'), TZ)).toEqual({ open: false, next: new Date('2026-03-30T12:00:00Z') });
  });
});

describe('staff commands', () => {
  it('reads /present with or without its accent, and names every other slash word so it is never relayed', () => {
    expect(staffCommand('/present')).toEqual({ name: 'present', raw: 'present', payload: '' });
    expect(staffCommand('/présent Accueil')?.name).toBe('present');
    expect(staffCommand('/Présente')?.name).toBe('present');
    expect(staffCommand('/absent@passerelle_bot promeneurs')).toEqual({ name: 'absent', raw: 'absent', payload: 'promeneurs' });
    expect(staffCommand('/notes suivi CPE')?.name).toBe('notes');
    expect(staffCommand('bonjour /present')).toBeUndefined();
    expect(staffCommand('Bonjour, je suis là')).toBeUndefined();
  });
});
