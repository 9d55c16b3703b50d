// Where the person lives (postal code, town name, "rbx", a typo) and which places to show there:
// the ones offering the help needed, open now first, three at most; hand-written facts win.
import { describe, expect, it } from 'vitest';
import { hoursNow } from '../../src/places/describe-hours.js';
import { mergePlaces, offers, pickPlaces, STANDARD_SERVICES, type CandidatePlace } from '../../src/places/pick.js';
import { inArea, postalCodeIn, TownIndex } from '../../src/places/town.js';
import { loadRightsData } from '../../src/rights/load.js';
import { handPlace, helpPlaces } from '../../src/rights/places.js';
import { paris, PARIS } from '../support/paris.js';
import { CHRISTMAS_10H, FIXTURE_PLACES, SUNDAY_10H, TUESDAY_10H } from '../support/help-places.js';

const loaded = loadRightsData();
if (!loaded.ok) throw new Error('rights data');
const handWritten = loaded.value.places.value.places;
const places = helpPlaces(handWritten, FIXTURE_PLACES);
const towns = new TownIndex(places, new Map([['roubaix', ['روبيه (Roubaix)']]]));

const ids = (area: string, need: 'admin' | 'any', now: Date): string[] => {
  const found = towns.resolve(area);
  if (!found) throw new Error(`no area for ${area}`);
  return pickPlaces(places, found, need, now, PARIS).map((p) => p.place.id);
};

describe('the town a person names', () => {
  it('"59100", "Roubaix", "roubaix", "RBX", "rbx", "59 100", a sentence and one typo all mean Roubaix', () => {
    for (const typed of ['59100', 'Roubaix', 'roubaix', 'ROUBAIX', ' rbx ', 'RBX', '59 100', '٥٩١٠٠', 'Roubaix 59100', "j'habite à Roubaix", 'Roubaox', 'Rouaix', 'Roubaixx', 'روبيه']) {
      expect(towns.resolve(typed)?.town, typed).toBe('roubaix');
    }
    expect(towns.resolve('Tourcoing')?.town).toBe('tourcoing');
    expect(towns.resolve('tourcoimg')?.town).toBe('tourcoing');
    expect(towns.resolve('LILLE')?.town).toBe('lille');
    expect(towns.resolve('59800')?.town).toBe('lille');
  });

  it('forgives no typo on short names and invents no abbreviation', () => {
    // "Lille" has 5 letters: only exact (the buttons' own matching is the engine's).
    expect(towns.resolve('Lile')).toBeUndefined();
    expect(towns.resolve('tcg')).toBeUndefined();
    expect(towns.resolve('rb')).toBeUndefined();
    expect(towns.resolve('Paris')).toBeUndefined();
    expect(towns.resolve('12')).toBeUndefined();
    expect(towns.resolve('')).toBeUndefined();
    // "Saint-André-lez-Lille" is not Lille.
    expect(towns.resolve('Saint-André-lez-Lille')).toBeUndefined();
  });

  it('knows the other towns and postal codes the data has places in', () => {
    expect(towns.resolve('Croix')?.label).toBe('Croix');
    expect(towns.resolve('wattrelos')?.label).toBe('Wattrelos');
    expect(towns.resolve('59150')?.label).toBe('Wattrelos (59150)');
    // A postal code without places is still a postal code: the action says there is none.
    expect(towns.resolve('59290')?.label).toBe('59290');
    expect(postalCodeIn('00123')).toBeUndefined();
  });

  it('Lomme (59160) has Lille’s INSEE code: it is in Lille, and 59160 finds it alone', () => {
    const lille = towns.resolve('Lille');
    const lomme = places.find((p) => p.id === 'l3');
    expect(lille && lomme && inArea(lomme, lille)).toBe(true);
    expect(ids('59160', 'any', TUESDAY_10H)).toEqual(['l3']);
  });
});

describe('which places, in which order', () => {
  it('"59100", "Roubaix" and "rbx" give the same places: open now first, then the next to open, three at most', () => {
    const byCode = ids('59100', 'any', TUESDAY_10H);
    expect(byCode).toEqual(['r1', 'r5', 'r2']);
    expect(ids('Roubaix', 'any', TUESDAY_10H)).toEqual(byCode);
    expect(ids('rbx', 'any', TUESDAY_10H)).toEqual(byCode);
  });

  it('after the rights result only places helping with procedures; unknown hours come last', () => {
    expect(ids('Roubaix', 'admin', TUESDAY_10H)).toEqual(['r1', 'r2', 'r3']);
  });

  it('on a Sunday, by next opening: Monday 9:00, Tuesday 9:30, Tuesday 14:00', () => {
    const found = towns.resolve('Roubaix');
    if (!found) throw new Error('Roubaix');
    const picked = pickPlaces(places, found, 'any', SUNDAY_10H, PARIS);
    expect(picked.map((p) => p.place.id)).toEqual(['r1', 'r5', 'r2']);
    expect(picked.map((p) => (p.hours.state === 'closed' && p.hours.next ? paris(p.hours.next) : p.hours.state))).toEqual(['2026-12-07 09:00', '2026-12-08 09:30', '2026-12-08 14:00']);
  });

  it('reads the Nord’s public holidays: closed on Christmas Day with "PH off"', () => {
    expect(hoursNow('Mo-Fr 09:00-17:00; PH off', CHRISTMAS_10H, PARIS)).toEqual({ state: 'closed', next: new Date('2026-12-28T08:00:00Z') });
    expect(hoursNow('Mo-Fr 09:00-17:00', CHRISTMAS_10H, PARIS)).toEqual({ state: 'open', until: new Date('2026-12-25T16:00:00Z') });
  });

  it('hours that are missing or not opening_hours syntax are unknown', () => {
    expect(hoursNow(undefined, TUESDAY_10H, PARIS)).toEqual({ state: 'unknown' });
    expect(hoursNow('sur rendez-vous', TUESDAY_10H, PARIS)).toEqual({ state: 'unknown' });
    expect(hoursNow('Mo-Fr 09:00-12:00 unknown', TUESDAY_10H, PARIS)).toEqual({ state: 'unknown' });
  });

  it('a place offers a need only with a service of the standard (hand-written places help by choice)', () => {
    const club = FIXTURE_PLACES.find((p) => p.id === 'r4');
    expect(club && offers(club, 'any')).toBe(false);
    for (const need of ['admin', 'any'] as const) {
      const wanted = need === 'admin' ? ['Aide aux démarches administratives'] : ['Accès internet et matériel informatique'];
      expect(offers({ ...(club as CandidatePlace), services: wanted }, need)).toBe(true);
    }
    // Accents and case of the standard's values do not matter ("Comprehension" in its description).
    expect(offers({ ...(club as CandidatePlace), services: ['aide aux demarches administratives'] }, 'admin')).toBe(true);
    expect(STANDARD_SERVICES).toHaveLength(9);
  });
});

describe('hand-written places (flows/data/places.yaml)', () => {
  it('only those with an address are places to go; their hours stay as the centre wrote them', () => {
    const withAddress = handWritten.filter((p) => p.address).map((p) => p.id);
    expect(withAddress.length).toBeGreaterThan(0);
    expect(handWritten.flatMap((p) => (handPlace(p) ? [p.id] : []))).toEqual(withAddress);
    const ccas = handPlace(handWritten.find((p) => p.id === 'ccas_lille') ?? handWritten[0]!);
    expect(ccas).toMatchObject({ commune: 'Lille', inseeCode: '59350', postalCode: '', address: '104-108 boulevard de Metz, Lille', origin: 'hand', services: ['Aide aux démarches administratives'] });
    expect(ccas?.hours).toBeUndefined();
    expect(ccas?.hoursText).toContain('Lundi 13h30');
    // Strict opening_hours syntax is computed; French words the library would half-read are not.
    const base = handWritten.find((p) => p.id === 'ccas_lille')!;
    const withHours = (value: string) => handPlace({ ...base, hours: { value, source: 'x', verified: '2026-11-28' } });
    expect(withHours('Mo-Fr 09:00-17:00; PH off')).toMatchObject({ hours: 'Mo-Fr 09:00-17:00; PH off' });
    expect(withHours('Lundi 9h-12h')).toMatchObject({ hoursText: 'Lundi 9h-12h' });
    expect(withHours('Lundi 9h-12h')?.hours).toBeUndefined();
  });

  it('win over an imported record of the same place (name and commune compared loosely)', () => {
    const lille = places.filter((p) => p.commune === 'Lille');
    const ccas = lille.filter((p) => /ccas de lille/i.test(p.name));
    expect(ccas).toHaveLength(1);
    expect(ccas[0]).toMatchObject({ id: 'ccas_lille', origin: 'hand', address: '104-108 boulevard de Metz, Lille' });
    // The imported record's services still count.
    expect(ccas[0]?.services).toContain('Accès internet et matériel informatique');
    expect(places.some((p) => p.id === 'l1')).toBe(false);
    const merged = mergePlaces([], FIXTURE_PLACES);
    expect(merged.some((p) => p.id === 'l1')).toBe(true);
  });

  it('a hand-written place without a postal code is found by the postal code of its commune in the data', () => {
    expect(ids('59150', 'any', TUESDAY_10H).sort()).toEqual(['ccas_wattrelos', 'w1']);
  });
});
