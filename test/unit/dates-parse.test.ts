import { describe, expect, it } from 'vitest';
import { parseDatePhrase, type DateLocale } from '../../src/dates/parse.js';
import { PARIS, paris } from '../support/paris.js';
import { inProcessZone } from '../support/process-zone.js';



// Saturday 27 March 2027, 20:00 in Paris: the evening before the spring-forward change.
const SAT_EVENING = new Date('2027-03-27T20:00:00+01:00');
// Wednesday 10 March 2027, 09:00 in Paris.
const WED_MORNING = new Date('2027-03-10T09:00:00+01:00');

function parse(text: string, now: Date, locale: DateLocale = 'fr', extra: { defaultHour?: number; timeZone?: string } = {}) {
  return parseDatePhrase(text, { now, timeZone: extra.timeZone ?? PARIS, locale, defaultHour: extra.defaultHour });
}

function expectLocal(text: string, now: Date, local: string, hasTime: boolean, locale: DateLocale = 'fr'): void {
  const r = parse(text, now, locale);
  expect(r, text).toMatchObject({ ok: true, hasTime });
  if (r.ok) expect(paris(r.date), text).toBe(local);
}

// Runs the same expectations with the process in several zones: the answer must not move.
const PROCESS_ZONES = ['UTC', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Europe/Paris'];

describe.each(PROCESS_ZONES)('with the server process in %s', (zone) => {
  inProcessZone(zone);

  it('really runs in that zone', () => {
    const expected = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(
      new Date('2027-01-01T12:00:00Z'),
    );
    expect(new Date('2027-01-01T12:00:00Z').getHours()).toBe(Number(expected));
  });

  it('"demain à 10h" is 10:00 tomorrow, even across the spring-forward night', () => {
    expectLocal('demain à 10h', SAT_EVENING, '2027-03-28 10:00', true);
    const r = parse('demain à 10h', SAT_EVENING);
    expect(r.ok && r.date.toISOString()).toBe('2027-03-28T08:00:00.000Z');
  });

  it('"tomorrow at 10am" in English', () => {
    expectLocal('tomorrow at 10am', SAT_EVENING, '2027-03-28 10:00', true, 'en');
  });

  it('"le 5 mars" already past this year is next year, at the default hour', () => {
    expectLocal('le 5 mars', SAT_EVENING, '2028-03-05 10:00', false);
    expectLocal('le 5 mars', new Date('2027-02-01T12:00:00+01:00'), '2027-03-05 10:00', false);
  });

  it('"le 5 mars à 14h30" keeps the time (also typed "14 h 30")', () => {
    expectLocal('le 5 mars à 14h30', SAT_EVENING, '2028-03-05 14:30', true);
    expectLocal('le 5 mars à 14 h 30', SAT_EVENING, '2028-03-05 14:30', true);
  });

  it('"lundi prochain" is the coming Monday at the default hour', () => {
    expectLocal('lundi prochain', SAT_EVENING, '2027-03-29 10:00', false);
  });

  it('"dans 3 jours" is three calendar days later at the default hour', () => {
    expectLocal('dans 3 jours', SAT_EVENING, '2027-03-30 10:00', false);
  });

  it('"15/12" is day/month, next occurrence', () => {
    expectLocal('15/12', SAT_EVENING, '2027-12-15 10:00', false);
    expectLocal('15/12', new Date('2027-12-20T12:00:00+01:00'), '2028-12-15 10:00', false);
  });

  it('"15/12/2027" with a year', () => {
    expectLocal('15/12/2027', SAT_EVENING, '2027-12-15 10:00', false);
  });

  it('"aujourd\'hui à 18h" is today, or past once 18:00 has gone', () => {
    expectLocal("aujourd'hui à 18h", WED_MORNING, '2027-03-10 18:00', true);
    expect(parse("aujourd'hui à 18h", SAT_EVENING)).toEqual({ ok: false, reason: 'past' });
  });

  it('a wall time skipped by the spring-forward change moves to 03:00', () => {
    expectLocal('le 28 mars à 2h30', SAT_EVENING, '2027-03-28 03:00', true);
  });
});

describe('parseDatePhrase', () => {
  it('uses defaultHour when no time is given', () => {
    const r = parse('demain', WED_MORNING, 'fr', { defaultHour: 9 });
    expect(r.ok && paris(r.date)).toBe('2027-03-11 09:00');
    expect(r.ok && r.hasTime).toBe(false);
  });

  it('reports dates that do not exist as impossible, not unparsed', () => {
    for (const text of ['31/02/2027', '32/01', '31/02', 'le 31 avril', '29/02/2027', 'le 30 février à 10h']) {
      expect(parse(text, WED_MORNING), text).toEqual({ ok: false, reason: 'impossible' });
    }
    expect(parse('february 30', WED_MORNING, 'en')).toEqual({ ok: false, reason: 'impossible' });
  });

  it('accepts 29/02 without a year: the next leap day', () => {
    expectLocal('29/02', WED_MORNING, '2028-02-29 10:00', false);
  });

  it('reports past instants', () => {
    expect(parse('15/12/2025', WED_MORNING)).toEqual({ ok: false, reason: 'past' });
    expect(parse('le 5 mars 2027 à 10h', WED_MORNING)).toEqual({ ok: false, reason: 'past' });
    expect(parse('ce soir', SAT_EVENING)).toEqual({ ok: false, reason: 'past' });
  });

  it('reports text without a date as unparsed', () => {
    expect(parse('je ne sais pas', WED_MORNING)).toEqual({ ok: false, reason: 'unparsed' });
  });

  it('finds the date inside a longer sentence', () => {
    expectLocal('rappelle-moi demain à 10h pour la CAF', WED_MORNING, '2027-03-11 10:00', true);
  });

  it('treats casual times of day as times', () => {
    expectLocal('demain soir', WED_MORNING, '2027-03-11 18:00', true);
  });

  it('normalises Arabic-Indic digits and understands Arabic, French and English for ar', () => {
    expectLocal('١٥/١٢', SAT_EVENING, '2027-12-15 10:00', false, 'ar');
    expectLocal('غدا الساعة ١٠', SAT_EVENING, '2027-03-28 10:00', true, 'ar');
    expectLocal('demain à ١٠h', SAT_EVENING, '2027-03-28 10:00', true, 'ar');
    expectLocal('tomorrow at 10am', SAT_EVENING, '2027-03-28 10:00', true, 'ar');
    expect(parse('٣١/٠٢/٢٠٢٧', SAT_EVENING, 'ar')).toEqual({ ok: false, reason: 'impossible' });
  });

  it('"dans 2 heures" is two real hours later', () => {
    const r = parse('dans 2 heures', WED_MORNING);
    expect(r.ok && r.date.getTime() - WED_MORNING.getTime()).toBe(2 * 3_600_000);
  });

  it('computes in the requested zone, not Paris', () => {
    const now = new Date('2027-03-10T09:00:00Z');
    const r = parse('demain à 10h', now, 'fr', { timeZone: 'Indian/Reunion' });
    expect(r.ok && r.date.toISOString()).toBe('2027-03-11T06:00:00.000Z'); // 10:00 at UTC+4
  });

  it('defaults to Europe/Paris when no zone is given', () => {
    const r = parseDatePhrase('demain à 10h', { now: WED_MORNING, timeZone: '', locale: 'fr' });
    expect(r.ok && paris(r.date)).toBe('2027-03-11 10:00');
  });
});
