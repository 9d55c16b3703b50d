// The date forms people type, digits first (issue #13): each row is what a person in Paris expects
// to read back, with the server process in several zones.
import { describe, expect, it } from 'vitest';
import { parseDatePhrase, type DateLocale } from '../../src/dates/parse.js';
import { PARIS, paris } from '../support/paris.js';
import { inProcessZone } from '../support/process-zone.js';

// Wednesday 10 March 2027, 09:00 in Paris.
const NOW = new Date('2027-03-10T09:00:00+01:00');
// Sunday 14 March 2027, 23:30 in Paris: already the 15th in Kiritimati, still the 14th in New York.
const LATE = new Date('2027-03-14T23:30:00+01:00');

type Row = [locale: DateLocale, typed: string, local: string, hasTime: boolean];

// No time typed: the default hour, 10:00. Times of day: morning 9:00, noon 12:00, evening 18:00.
const ACCEPTED: Row[] = [
  // Digits only, day then month, with or without a year (two digits mean 20xx).
  ['fr', '15122027', '2027-12-15 10:00', false],
  ['fr', '151227', '2027-12-15 10:00', false],
  ['fr', '1512', '2027-12-15 10:00', false],
  ['fr', '15 12 2027', '2027-12-15 10:00', false],
  ['fr', '15 12 27', '2027-12-15 10:00', false],
  ['fr', '15 12', '2027-12-15 10:00', false],
  ['fr', '15/12', '2027-12-15 10:00', false],
  ['fr', '15/12/2027', '2027-12-15 10:00', false],
  ['fr', '15-12-27', '2027-12-15 10:00', false],
  ['fr', '15.12', '2027-12-15 10:00', false],
  ['fr', '15.12.2027', '2027-12-15 10:00', false],
  ['fr', '0504', '2027-04-05 10:00', false],
  ['fr', '5 4', '2027-04-05 10:00', false],
  ['fr', '15/12/99', '2099-12-15 10:00', false],
  ['fr', '0503', '2028-03-05 10:00', false], // 5 March has gone: next year
  // ... with a time.
  ['fr', '15/12 10h', '2027-12-15 10:00', true],
  ['fr', '1512 à 10h30', '2027-12-15 10:30', true],
  ['fr', '15 12 2027 14:00', '2027-12-15 14:00', true],
  ['fr', '15 12 à 14 h 30', '2027-12-15 14:30', true],
  ['fr', '15/12 à 14h', '2027-12-15 14:00', true],
  ['fr', 'le 15 12 à 9h', '2027-12-15 09:00', true],
  // A day of the month alone: the next one.
  ['fr', 'le 15', '2027-03-15 10:00', false],
  ['fr', 'le 5', '2027-04-05 10:00', false],
  ['fr', 'le 1er', '2027-04-01 10:00', false],
  ['fr', 'le 15 à 14h', '2027-03-15 14:00', true],
  ['fr', 'le 15 à 10h30', '2027-03-15 10:30', true],
  // Words.
  ['fr', 'lundi', '2027-03-15 10:00', false],
  ['fr', 'demain', '2027-03-11 10:00', false],
  ['fr', 'après-demain', '2027-03-12 10:00', false],
  ['fr', 'apres demain a 9h', '2027-03-12 09:00', true],
  ['fr', 'demain matin', '2027-03-11 09:00', true],
  ['fr', 'demain matin à 8h', '2027-03-11 08:00', true],
  ['fr', 'demain midi', '2027-03-11 12:00', true],
  ['fr', 'demain à midi', '2027-03-11 12:00', true],
  ['fr', 'midi', '2027-03-10 12:00', true],
  ['fr', 'ce midi', '2027-03-10 12:00', true],
  ['fr', 'ce soir', '2027-03-10 18:00', true],
  ['fr', 'dans 3 jours', '2027-03-13 10:00', false],
  ['fr', 'la semaine prochaine', '2027-03-17 10:00', false],
  ['fr', 'aujourd’hui à 18h', '2027-03-10 18:00', true],
  ['fr', 'aujourdhui 18h', '2027-03-10 18:00', true],
  ['fr', 'rappelle-moi à 15h', '2027-03-10 15:00', true],
  // One-letter slips.
  ['fr', 'demin à 10h', '2027-03-11 10:00', true],
  ['fr', 'demin midi', '2027-03-11 12:00', true],
  ['fr', 'dmain', '2027-03-11 10:00', false],
  ['fr', 'lindi', '2027-03-15 10:00', false],
  ['fr', 'mrdi', '2027-03-16 10:00', false],
  ['fr', 'mardi matn', '2027-03-16 09:00', true],
  ['fr', 'vendredie à 14h', '2027-03-12 14:00', true],
  // English.
  ['en', '15122027', '2027-12-15 10:00', false],
  ['en', '15 12', '2027-12-15 10:00', false],
  ['en', '15/12 at 2pm', '2027-12-15 14:00', true],
  ['en', '1512 at 10:30', '2027-12-15 10:30', true],
  ['en', 'the 15th', '2027-03-15 10:00', false],
  ['en', 'on the 15th at 2pm', '2027-03-15 14:00', true],
  ['en', 'monday', '2027-03-15 10:00', false],
  ['en', 'tomorrow', '2027-03-11 10:00', false],
  ['en', 'day after tomorrow', '2027-03-12 10:00', false],
  ['en', 'tomorrow morning', '2027-03-11 09:00', true],
  ['en', 'tomorrow noon', '2027-03-11 12:00', true],
  ['en', 'noon', '2027-03-10 12:00', true],
  ['en', 'tonight', '2027-03-10 18:00', true],
  ['en', 'in 3 days', '2027-03-13 10:00', false],
  ['en', 'next week', '2027-03-17 10:00', false],
  ['en', 'tomorow', '2027-03-11 10:00', false],
  ['en', 'tommorow at 9am', '2027-03-11 09:00', true],
  ['en', 'thurday', '2027-03-11 10:00', false],
  // Arabic, with Arabic-Indic or Western digits.
  ['ar', '١٥١٢٢٠٢٧', '2027-12-15 10:00', false],
  ['ar', '١٥١٢', '2027-12-15 10:00', false],
  ['ar', '١٥ ١٢ ٢٠٢٧', '2027-12-15 10:00', false],
  ['ar', '15 12', '2027-12-15 10:00', false],
  ['ar', '١٥/١٢ الساعة ١٠', '2027-12-15 10:00', true],
  ['ar', 'يوم ١٥', '2027-03-15 10:00', false],
  ['ar', 'يوم 15 الساعة 14', '2027-03-15 14:00', true],
  ['ar', 'غدا', '2027-03-11 10:00', false],
  ['ar', 'بعد غد', '2027-03-12 10:00', false],
  ['ar', 'الاثنين', '2027-03-15 10:00', false],
  ['ar', 'الإثنين', '2027-03-15 10:00', false],
  ['ar', 'غدا صباحا', '2027-03-11 09:00', true],
  ['ar', 'غدا ظهرا', '2027-03-11 12:00', true],
  ['ar', 'هذا المساء', '2027-03-10 18:00', true],
  ['ar', 'الليلة', '2027-03-10 18:00', true],
  ['ar', 'بعد 3 أيام', '2027-03-13 10:00', false],
  ['ar', 'الأسبوع القادم', '2027-03-17 10:00', false],
  ['ar', 'غذا الساعة ١٠', '2027-03-11 10:00', true],
  ['ar', 'الجمعه', '2027-03-12 10:00', false],
  ['ar', 'demin à 10h', '2027-03-11 10:00', true],
  ['ar', 'tomorow', '2027-03-11 10:00', false],
];

const REFUSED: [DateLocale, string, 'unparsed' | 'past' | 'impossible'][] = [
  // Days that do not exist.
  ['fr', '31/02', 'impossible'],
  ['fr', '3102', 'impossible'],
  ['fr', '1313', 'impossible'],
  ['fr', '31 02 2027', 'impossible'],
  ['fr', '290227', 'impossible'],
  ['fr', 'le 32', 'impossible'],
  ['en', '31 04', 'impossible'],
  ['ar', '٣١٠٢', 'impossible'],
  // Gone.
  ['fr', '01/01/2026', 'past'],
  ['fr', '010126', 'past'],
  ['fr', '1 1 2027', 'past'],
  // A word it does not know is never read as "today".
  ['fr', 'demian à 10h', 'unparsed'],
  ['fr', 'xyz à 10h', 'unparsed'],
  ['fr', 'avec mon mari à 10h', 'unparsed'],
  ['en', 'tmorrrow at 10am', 'unparsed'],
  ['fr', '5 à 10h', 'unparsed'],
  // Not a date.
  ['fr', 'je ne sais pas', 'unparsed'],
  ['fr', 'oui', 'unparsed'],
  ['fr', '15', 'unparsed'],
  ['fr', '12345', 'unparsed'],
  ['fr', '2027', 'unparsed'],
  ['fr', '10.30', 'unparsed'],
  ['fr', 'dans 2-3 jours', 'unparsed'],
];

function parse(text: string, locale: DateLocale, now = NOW) {
  return parseDatePhrase(text, { now, timeZone: PARIS, locale });
}

const PROCESS_ZONES = ['UTC', 'America/New_York', 'Pacific/Kiritimati'];

describe.each(PROCESS_ZONES)('typed dates, with the server process in %s', (zone) => {
  inProcessZone(zone);

  it.each(ACCEPTED)('%s "%s" is %s', (locale, typed, local, hasTime) => {
    const r = parse(typed, locale);
    expect(r).toMatchObject({ ok: true, hasTime });
    expect(r.ok && paris(r.date)).toBe(local);
  });

  it.each(REFUSED)('%s "%s" is refused as %s', (locale, typed, reason) => {
    expect(parse(typed, locale)).toEqual({ ok: false, reason });
  });

  it('"le 15" and "demain" said at 23:30 on the 14th are the 15th in Paris', () => {
    for (const typed of ['le 15', 'demain', '1503']) {
      const r = parse(typed, 'fr', LATE);
      expect(r.ok && paris(r.date), typed).toBe('2027-03-15 10:00');
    }
    const r = parse('après-demain', 'fr', LATE);
    expect(r.ok && paris(r.date)).toBe('2027-03-16 10:00');
  });
});

describe('the next day of the month, and times of day already gone', () => {
  it('"le 15" after the 15th is next month; "le 31" skips months without a 31st', () => {
    const r = parse('le 15', 'fr', new Date('2027-03-20T12:00:00+01:00'));
    expect(r.ok && paris(r.date)).toBe('2027-04-15 10:00');
    const r31 = parse('le 31', 'fr', new Date('2027-04-05T12:00:00+02:00'));
    expect(r31.ok && paris(r31.date)).toBe('2027-05-31 10:00');
    const dec = parse('le 5', 'fr', new Date('2027-12-20T12:00:00+01:00'));
    expect(dec.ok && paris(dec.date)).toBe('2028-01-05 10:00');
  });

  it('a digit date without a year already gone this year is next year', () => {
    const r = parse('1512', 'fr', new Date('2027-12-20T12:00:00+01:00'));
    expect(r.ok && paris(r.date)).toBe('2028-12-15 10:00');
  });

  it('"midi" at 13:00 and "ce matin" at 10:00 have gone: past, not tomorrow', () => {
    expect(parse('midi', 'fr', new Date('2027-03-10T13:00:00+01:00'))).toEqual({ ok: false, reason: 'past' });
    expect(parse('ce matin', 'fr', new Date('2027-03-10T10:00:00+01:00'))).toEqual({ ok: false, reason: 'past' });
  });
});
