import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyQuietHours, catchUpThisMonth, lastOccurrence, nextOccurrence, openWindowEnd, repeatsForever, type Rule } from '../../src/reminders/rules.js';
import { PARIS, paris } from '../support/paris.js';

const QUIET = { start: '20:00', end: '09:00' };

// The wall clock the user sees in Paris, computed by Intl rather than by the code under test.

/** The successive occurrences after `from`, as Paris wall-clock strings. */
function series(rule: Rule, from: Date, n: number, quietHours?: typeof QUIET): (string | null)[] {
  const out: (string | null)[] = [];
  let after = from;
  for (let i = 0; i < n; i++) {
    const next = nextOccurrence(rule, after, { timeZone: PARIS, quietHours });
    out.push(paris(next));
    if (!next) break;
    after = next;
  }
  return out;
}

describe('once', () => {
  const at = new Date('2027-05-04T10:00:00+02:00');
  it('fires once, strictly after `after`', () => {
    expect(series({ kind: 'once', at }, new Date('2027-05-01T00:00:00Z'), 2)).toEqual(['2027-05-04 10:00', null]);
    expect(nextOccurrence({ kind: 'once', at }, at, { timeZone: PARIS })).toBeNull();
  });
});

describe('quarterly', () => {
  const rule: Rule = { kind: 'quarterly', startMonth: 11, day: 1, hour: 10, minute: 0 };
  it('repeats every 3 months from the given month, across the year boundary and DST', () => {
    expect(series(rule, new Date('2027-10-05T12:00:00Z'), 5)).toEqual([
      '2027-11-01 10:00',
      '2028-02-01 10:00',
      '2028-05-01 10:00',
      '2028-08-01 10:00',
      '2028-11-01 10:00',
    ]);
  });
  it('after the month has passed, goes to the next quarter', () => {
    expect(paris(nextOccurrence(rule, new Date('2027-11-20T12:00:00Z'), { timeZone: PARIS }))).toBe('2028-02-01 10:00');
  });
  it('a day beyond the end of a short month falls on its last day', () => {
    const r31: Rule = { kind: 'quarterly', startMonth: 1, day: 31, hour: 10, minute: 0 };
    expect(series(r31, new Date('2027-02-01T00:00:00Z'), 2)).toEqual(['2027-04-30 10:00', '2027-07-31 10:00']);
  });
});

describe('monthly-window (France Travail)', () => {
  const rule: Rule = { kind: 'monthly-window', hour: 10, minute: 0 };
  it('reminds on the 15th (closing day) and on the 28th, or the 26th in February', () => {
    expect(series(rule, new Date('2027-01-20T12:00:00Z'), 6)).toEqual([
      '2027-01-28 10:00',
      '2027-02-15 10:00',
      '2027-02-26 10:00',
      '2027-03-15 10:00',
      '2027-03-28 10:00', // spring-forward day: still 10:00 local
      '2027-04-15 10:00',
    ]);
  });
  it('uses the 26th in a leap-year February too, and crosses the year', () => {
    expect(series(rule, new Date('2027-12-20T12:00:00Z'), 4)).toEqual([
      '2027-12-28 10:00',
      '2028-01-15 10:00',
      '2028-01-28 10:00',
      '2028-02-15 10:00',
    ]);
    expect(paris(nextOccurrence(rule, new Date('2028-02-15T12:00:00Z'), { timeZone: PARIS }))).toBe('2028-02-26 10:00');
  });
  it('on the 15th after the reminder time, the next one is the opening day', () => {
    expect(paris(nextOccurrence(rule, new Date('2027-06-15T10:00:00+02:00'), { timeZone: PARIS }))).toBe('2027-06-28 10:00');
  });
});

describe('yearly', () => {
  it('same local day and time every year', () => {
    const rule: Rule = { kind: 'yearly', month: 3, day: 15, hour: 9, minute: 30 };
    expect(series(rule, new Date('2027-03-15T09:30:00+01:00'), 2)).toEqual(['2028-03-15 09:30', '2029-03-15 09:30']);
  });
  it('29 February falls on the 28th in common years', () => {
    const rule: Rule = { kind: 'yearly', month: 2, day: 29, hour: 10, minute: 0 };
    expect(series(rule, new Date('2027-01-01T00:00:00Z'), 2)).toEqual(['2027-02-28 10:00', '2028-02-29 10:00']);
  });
});

describe('before-deadline', () => {
  it('titre de séjour: 120, 90 and 60 days before expiry, then nothing', () => {
    const rule: Rule = {
      kind: 'before-deadline',
      deadline: new Date('2027-09-01T10:00:00+02:00'),
      offsetsDays: [120, 90, 60],
      hour: 10,
      minute: 0,
    };
    expect(series(rule, new Date('2027-01-01T00:00:00Z'), 4)).toEqual([
      '2027-05-04 10:00',
      '2027-06-03 10:00',
      '2027-07-03 10:00',
      null,
    ]);
  });
  it('counts calendar days in the user zone, keeping the hour across DST', () => {
    // Deadline in winter time, reminders in summer time.
    const rule: Rule = {
      kind: 'before-deadline',
      deadline: new Date('2027-11-15T00:30:00+01:00'),
      offsetsDays: [60, 180],
      hour: 10,
      minute: 0,
    };
    expect(series(rule, new Date('2027-01-01T00:00:00Z'), 3)).toEqual(['2027-05-19 10:00', '2027-09-16 10:00', null]);
  });
  it('skips reminders already in the past', () => {
    const rule: Rule = {
      kind: 'before-deadline',
      deadline: new Date('2027-09-01T10:00:00+02:00'),
      offsetsDays: [120, 90, 60],
      hour: 10,
      minute: 0,
    };
    expect(paris(nextOccurrence(rule, new Date('2027-06-10T00:00:00Z'), { timeZone: PARIS }))).toBe('2027-07-03 10:00');
  });
});

describe('yearly-dates', () => {
  const rule: Rule = { kind: 'yearly-dates', dates: ['2026-06-04', '2025-06-05'], hour: 10, minute: 0 };
  it('goes through the listed dates in order', () => {
    expect(series(rule, new Date('2025-01-01T00:00:00Z'), 3)).toEqual(['2025-06-05 10:00', '2026-06-04 10:00', null]);
  });
  it('returns null once the list is exhausted', () => {
    expect(nextOccurrence(rule, new Date('2026-06-04T10:00:00+02:00'), { timeZone: PARIS })).toBeNull();
    expect(nextOccurrence(rule, new Date('2026-11-28T00:00:00Z'), { timeZone: PARIS })).toBeNull();
  });
});

describe('yearly-dates with a fallback day (income tax until the dates are known)', () => {
  const rule: Rule = { kind: 'yearly-dates', dates: ['2026-04-09', '2026-06-04'], fallback: { month: 4, day: 15 }, hour: 10, minute: 0 };
  it('uses the known dates of a year, then mid-April each year without dates', () => {
    expect(series(rule, new Date('2026-01-01T00:00:00Z'), 4)).toEqual(['2026-04-09 10:00', '2026-06-04 10:00', '2027-04-15 10:00', '2028-04-15 10:00']);
  });
  it('never runs out, so it is kept until the person stops it', () => {
    expect(paris(nextOccurrence(rule, new Date('2026-11-28T00:00:00Z'), { timeZone: PARIS }))).toBe('2027-04-15 10:00');
    expect(repeatsForever(rule)).toBe(true);
    expect(repeatsForever({ kind: 'yearly-dates', dates: ['2026-04-09'], hour: 10, minute: 0 })).toBe(false);
  });
});

describe('lastOccurrence (how long a finished reminder is kept)', () => {
  it('is the last date of a finite rule, quiet hours applied, and null for a repeating one', () => {
    const rule: Rule = { kind: 'before-deadline', deadline: new Date('2027-09-01T10:00:00+02:00'), offsetsDays: [120, 90, 67], hour: 10, minute: 0 };
    expect(paris(lastOccurrence(rule, new Date('2027-01-01T00:00:00Z'), { timeZone: PARIS }))).toBe('2027-06-26 10:00');
    const late: Rule = { kind: 'once', at: new Date('2027-06-10T22:00:00+02:00') };
    expect(paris(lastOccurrence(late, new Date('2027-06-01T00:00:00Z'), { timeZone: PARIS, quietHours: QUIET }))).toBe('2027-06-11 09:00');
    expect(lastOccurrence({ kind: 'monthly-window', hour: 10, minute: 0 }, new Date('2027-01-01T00:00:00Z'), { timeZone: PARIS })).toBeNull();
  });
});

describe('catchUpThisMonth (CAF declaration asked for in its own month)', () => {
  const march: Rule = { kind: 'quarterly', startMonth: 3, day: 1, hour: 10, minute: 0 };
  it('after the 1st at 10:00: tomorrow at 10:00; before 10:00: today', () => {
    expect(paris(catchUpThisMonth(march, new Date('2027-03-03T10:00:00+01:00'), PARIS))).toBe('2027-03-04 10:00');
    expect(paris(catchUpThisMonth(march, new Date('2027-03-03T08:00:00+01:00'), PARIS))).toBe('2027-03-03 10:00');
  });
  it('nothing when the 1st is still ahead, when the month is another, or on its last evening', () => {
    expect(catchUpThisMonth(march, new Date('2027-03-01T08:00:00+01:00'), PARIS)).toBeNull();
    expect(catchUpThisMonth(march, new Date('2027-06-03T10:00:00+02:00'), PARIS)).toBeNull();
    expect(catchUpThisMonth(march, new Date('2027-03-31T12:00:00+02:00'), PARIS)).toBeNull();
    expect(catchUpThisMonth({ kind: 'monthly-window', hour: 10, minute: 0 }, new Date('2027-03-03T10:00:00+01:00'), PARIS)).toBeNull();
  });
});

describe('openWindowEnd (France Travail: "c\'est fait" covers the open window)', () => {
  const rule: Rule = { kind: 'monthly-window', hour: 10, minute: 0 };
  const end = (iso: string): string | null => paris(openWindowEnd(rule, new Date(iso), PARIS));
  it('from the 28th (26th in February) the window ends after the 15th of the next month', () => {
    expect(end('2027-03-28T10:05:00+02:00')).toBe('2027-04-16 00:00');
    expect(end('2027-02-26T10:05:00+01:00')).toBe('2027-03-16 00:00');
    expect(end('2027-12-30T10:05:00+01:00')).toBe('2028-01-16 00:00');
  });
  it('up to the 15th, the window ends that month; between the 16th and the opening day none is open', () => {
    expect(end('2027-04-15T10:05:00+02:00')).toBe('2027-04-16 00:00');
    expect(end('2027-04-20T10:05:00+02:00')).toBeNull();
    expect(openWindowEnd({ kind: 'quarterly', startMonth: 3, day: 1, hour: 10, minute: 0 }, new Date('2027-04-01T10:00:00+02:00'), PARIS)).toBeNull();
  });
});

describe('DST change days in Europe/Paris', () => {
  it('a 09:00 reminder stays 09:00 local around 28 March 2027 (02:00 → 03:00)', () => {
    const rule: Rule = { kind: 'yearly-dates', dates: ['2027-03-27', '2027-03-28', '2027-03-29'], hour: 9, minute: 0 };
    const got: Date[] = [];
    let after = new Date('2027-03-01T00:00:00Z');
    for (let next = nextOccurrence(rule, after, { timeZone: PARIS }); next; next = nextOccurrence(rule, after, { timeZone: PARIS })) {
      got.push(next);
      after = next;
    }
    expect(got.map(paris)).toEqual(['2027-03-27 09:00', '2027-03-28 09:00', '2027-03-29 09:00']);
    // Winter time the day before, summer time from the change day.
    expect(got.map((d) => d.toISOString())).toEqual([
      '2027-03-27T08:00:00.000Z',
      '2027-03-28T07:00:00.000Z',
      '2027-03-29T07:00:00.000Z',
    ]);
  });

  it('a 09:00 reminder stays 09:00 local around 31 October 2027 (03:00 → 02:00)', () => {
    const rule: Rule = { kind: 'monthly-window', hour: 9, minute: 0 };
    const daily: Rule = { kind: 'yearly-dates', dates: ['2027-10-30', '2027-10-31', '2027-11-01'], hour: 9, minute: 0 };
    expect(series(daily, new Date('2027-10-01T00:00:00Z'), 3)).toEqual(['2027-10-30 09:00', '2027-10-31 09:00', '2027-11-01 09:00']);
    expect(nextOccurrence(daily, new Date('2027-10-30T12:00:00Z'), { timeZone: PARIS })?.toISOString()).toBe(
      '2027-10-31T08:00:00.000Z',
    );
    expect(paris(nextOccurrence(rule, new Date('2027-10-20T00:00:00Z'), { timeZone: PARIS }))).toBe('2027-10-28 09:00');
  });

  it('02:30 on 28 March 2027 does not exist: the reminder comes at 03:00', () => {
    const rule: Rule = { kind: 'yearly-dates', dates: ['2027-03-28'], hour: 2, minute: 30 };
    const next = nextOccurrence(rule, new Date('2027-03-01T00:00:00Z'), { timeZone: PARIS });
    expect(paris(next)).toBe('2027-03-28 03:00');
    expect(next?.toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('02:30 on 31 October 2027 happens twice: the first one is used', () => {
    const rule: Rule = { kind: 'yearly', month: 10, day: 31, hour: 2, minute: 30 };
    const next = nextOccurrence(rule, new Date('2027-10-01T00:00:00Z'), { timeZone: PARIS });
    expect(next?.toISOString()).toBe('2027-10-31T00:30:00.000Z'); // 02:30 summer time (+02:00)
  });
});

describe('quiet hours 20:00 → 09:00', () => {
  const q = (iso: string) => paris(applyQuietHours(new Date(iso), QUIET, PARIS));
  it('21:30 moves to 09:00 the next day', () => {
    expect(q('2027-06-10T21:30:00+02:00')).toBe('2027-06-11 09:00');
  });
  it('08:59 moves to 09:00 the same day', () => {
    expect(q('2027-06-10T08:59:00+02:00')).toBe('2027-06-10 09:00');
  });
  it('10:00 is untouched, and so is 09:00 (end excluded); 20:00 is quiet (start included)', () => {
    expect(q('2027-06-10T10:00:00+02:00')).toBe('2027-06-10 10:00');
    expect(q('2027-06-10T09:00:00+02:00')).toBe('2027-06-10 09:00');
    expect(q('2027-06-10T20:00:00+02:00')).toBe('2027-06-11 09:00');
  });
  it('crossing the spring-forward night still lands at 09:00 local', () => {
    const moved = applyQuietHours(new Date('2027-03-27T21:30:00+01:00'), QUIET, PARIS);
    expect(paris(moved)).toBe('2027-03-28 09:00');
  });
  it('works for a window inside one day too', () => {
    expect(paris(applyQuietHours(new Date('2027-06-10T12:30:00+02:00'), { start: '12:00', end: '14:00' }, PARIS))).toBe(
      '2027-06-10 14:00',
    );
  });
  it('nextOccurrence applies them, without losing a reminder already pushed to the morning', () => {
    const rule: Rule = { kind: 'once', at: new Date('2027-06-10T21:30:00+02:00') };
    expect(series(rule, new Date('2027-06-10T12:00:00Z'), 2, QUIET)).toEqual(['2027-06-11 09:00', null]);
    // Asked at 22:00, after the raw 21:30 slot: still due at 09:00.
    expect(paris(nextOccurrence(rule, new Date('2027-06-10T22:00:00+02:00'), { timeZone: PARIS, quietHours: QUIET }))).toBe(
      '2027-06-11 09:00',
    );
    const nonexistent: Rule = { kind: 'yearly-dates', dates: ['2027-03-28'], hour: 2, minute: 30 };
    expect(series(nonexistent, new Date('2027-03-01T00:00:00Z'), 1, QUIET)).toEqual(['2027-03-28 09:00']);
  });
});

describe('independent of the server process zone', () => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York'; // changes DST on other days than Paris
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  it('gives the same Paris wall-clock times', () => {
    expect(new Date('2027-01-01T12:00:00Z').getHours()).toBe(7);
    expect(series({ kind: 'monthly-window', hour: 9, minute: 0 }, new Date('2027-03-01T00:00:00Z'), 2)).toEqual([
      '2027-03-15 09:00',
      '2027-03-28 09:00',
    ]);
    const ambiguous: Rule = { kind: 'yearly', month: 10, day: 31, hour: 2, minute: 30 };
    expect(nextOccurrence(ambiguous, new Date('2027-10-01T00:00:00Z'), { timeZone: PARIS })?.toISOString()).toBe(
      '2027-10-31T00:30:00.000Z',
    );
    expect(paris(applyQuietHours(new Date('2027-03-27T21:30:00+01:00'), QUIET, PARIS))).toBe('2027-03-28 09:00');
  });
});
