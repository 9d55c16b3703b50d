// Presence hours: open now and until when, or the next opening (across days, closed dates, DST).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeInstant, loadPresence, presenceAt, presenceSchema } from '../../src/handoff/presence.js';

const TZ = 'Europe/Paris';
const hours = presenceSchema.parse({
  source: null,
  weekly: { monday: ['14:00-18:00'], tuesday: [], wednesday: ['10:00-12:00', '14:00-19:00'], thursday: [], friday: ['14:00-19:00'], saturday: [], sunday: [] },
  closed: ['2026-12-25'],
});

describe('presence hours', () => {
  it('is open inside a range, until its end', () => {
    const p = presenceAt(hours, new Date('2026-12-02T10:30:00Z'), TZ); // Wednesday 11:30 Paris
    expect(p).toEqual({ open: true, until: new Date('2026-12-02T11:00:00Z') });
  });

  it('gives the next range the same day, then the next open day', () => {
    expect(presenceAt(hours, new Date('2026-12-02T11:30:00Z'), TZ)).toEqual({ open: false, next: new Date('2026-12-02T13:00:00Z') });
    // Wednesday 19:00 (end, exclusive) → Friday 14:00.
    expect(presenceAt(hours, new Date('2026-12-02T18:00:00Z'), TZ)).toEqual({ open: false, next: new Date('2026-12-04T13:00:00Z') });
  });

  it('skips closed dates', () => {
    // Friday 25 December is closed → Monday 28 at 14:00.
    expect(presenceAt(hours, new Date('2026-12-24T20:00:00Z'), TZ)).toEqual({ open: false, next: new Date('2026-12-28T13:00:00Z') });
  });

  it('uses the local offset after a DST change', () => {
    // Friday 27 March 2026 20:00 Paris (UTC+1) → Monday 30 March 14:00 Paris, now UTC+2.
    expect(presenceAt(hours, new Date('2026-03-27T19:00:00Z'), TZ)).toEqual({ open: false, next: new Date('2026-03-30T12:00:00Z') });
  });

  it('describes an instant as a weekday and a local time', () => {
    expect(describeInstant(new Date('2026-03-30T12:00:00Z'), TZ)).toEqual({ weekday: 'monday', time: '14:00', date: '2026-03-30' });
  });

  it('rejects a range that ends before it starts, naming the file, line and day', () => {
    const dir = mkdtempSync(join(tmpdir(), 'presence-'));
    const file = join(dir, 'presence.yaml');
    const days = ['monday: ["18:00-14:00"]', 'tuesday: []', 'wednesday: []', 'thursday: []', 'friday: []', 'saturday: []', 'sunday: []'];
    writeFileSync(file, ['source: null', 'weekly:', ...days.map((d) => `  ${d}`), ''].join('\n'));
    const { hours: loaded, errors } = loadPresence(file);
    expect(loaded).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ file, line: 3, path: 'weekly.monday[0]', message: 'the end must come after the start' })]);
  });

  it('loads the shipped file', () => {
    expect(loadPresence('flows/data/presence.yaml').errors).toEqual([]);
  });
});
