// The usage keys' days, months and expiry (src/usage/keys.ts): local days in BOT_TIMEZONE, and a
// month kept USAGE_RETENTION_MONTHS counting itself.
import { describe, expect, it } from 'vitest';
import { addMonths, expiryOf, fieldOf, localDay, parseMonth } from '../../src/usage/keys.js';

describe('usage keys', () => {
  it('a count at 00:30 in Paris on 1 January belongs to the new year, not to the UTC day', () => {
    expect(localDay(new Date('2026-12-31T23:30:00Z'), 'Europe/Paris')).toEqual({ day: '2027-01-01', month: '2027-01' });
    expect(localDay(new Date('2026-12-31T22:30:00Z'), 'Europe/Paris')).toEqual({ day: '2026-12-31', month: '2026-12' });
  });

  it('a month expires at the local start of the month RETENTION months later (summer time included)', () => {
    expect(expiryOf('2026-12', 24, 'Europe/Paris').toISOString()).toBe('2028-11-30T23:00:00.000Z');
    expect(expiryOf('2026-05', 1, 'Europe/Paris').toISOString()).toBe('2026-05-31T22:00:00.000Z');
  });

  it('months move across years and refuse anything else', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 24)).toBe('2028-12');
    expect(() => parseMonth('2026-13')).toThrow();
    expect(() => parseMonth('12-2026')).toThrow();
  });

  it('a field is "kind|label", a label never adding a separator', () => {
    expect(fieldOf('flow.left', 'droits/age')).toBe('flow.left|droits/age');
    expect(fieldOf('places.shown', 'a|b')).toBe('places.shown|a/b');
  });
});
