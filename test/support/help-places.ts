// HelpPlace fixtures for the places tests: a few invented places in Roubaix, Tourcoing, Lille and
// Wattrelos with opening_hours, services of the national standard and dates. Not real data.
import type { HelpPlace } from '../../src/places/model.js';

/** Tuesday 8 December 2026, 10:00 in Paris; Sunday 6 December 2026, 10:00; Friday 25 December 2026 (Christmas), 10:00. */
export const TUESDAY_10H = new Date('2026-12-08T09:00:00Z');
export const SUNDAY_10H = new Date('2026-12-06T09:00:00Z');
export const CHRISTMAS_10H = new Date('2026-12-25T09:00:00Z');

const ADMIN = 'Aide aux démarches administratives';
const INTERNET = 'Accès internet et matériel informatique';

function place(p: Partial<HelpPlace> & Pick<HelpPlace, 'id' | 'name'>): HelpPlace {
  return {
    commune: 'Roubaix',
    inseeCode: '59512',
    postalCode: '59100',
    address: '1 rue Exemple',
    services: [ADMIN],
    source: 'Fixture',
    updatedAt: '2026-09-01',
    origin: 'import',
    ...p,
  };
}

export const FIXTURE_PLACES: HelpPlace[] = [
  // Roubaix
  place({ id: 'r1', name: 'Espace numérique Roubaix-Centre', address: '10 rue du Centre', hours: 'Mo-Fr 09:00-17:00; PH off', phone: '+33320000001' }),
  place({ id: 'r2', name: 'France Services Roubaix', address: '20 rue de la Poste', hours: 'Tu-Fr 14:00-18:00', services: [ADMIN, INTERNET], updatedAt: '2026-10-01' }),
  place({ id: 'r3', name: 'Association Connectée', address: '30 rue Sans Horaires', services: [ADMIN], updatedAt: '2023-05-10', phone: '0320000003' }),
  place({ id: 'r4', name: 'Club Loisirs Numériques', address: '40 rue du Jeu', hours: 'Mo-Su 08:00-20:00', services: ['Loisirs et créations numériques'] }),
  place({ id: 'r5', name: 'Point Numérique Épeule', address: '50 rue de l’Épeule', hours: 'Tu 09:30-12:00', services: [INTERNET], website: 'https://example.org/epeule' }),
  // Tourcoing
  place({ id: 't1', name: 'Médiathèque de Tourcoing', commune: 'Tourcoing', inseeCode: '59599', postalCode: '59200', address: '1 place Exemple', hours: 'Tu-Sa 10:00-18:00', services: [INTERNET] }),
  // Lille: the same place as the hand-written CCAS (other dash and case), and one more.
  place({ id: 'l1', name: 'CCAS de Lille - Maison des solidarités', commune: 'Lille', inseeCode: '59350', postalCode: '59000', address: '1 rue Fausse', hours: '24/7', services: [ADMIN, INTERNET] }),
  place({ id: 'l2', name: 'Mairie de quartier de Fives', commune: 'Lille', inseeCode: '59350', postalCode: '59800', address: '2 rue de Fives', hours: 'Mo-Fr 08:30-17:30', services: [ADMIN] }),
  place({ id: 'l3', name: 'Espace Lomme', commune: 'Lomme', inseeCode: '59350', postalCode: '59160', address: '3 avenue de Dunkerque', hours: 'Mo-Fr 09:00-12:00', services: [ADMIN] }),
  // Wattrelos (outside the three towns), and Croix (a commune only the data knows).
  place({ id: 'w1', name: 'Espace Wattrelos', commune: 'Wattrelos', inseeCode: '59650', postalCode: '59150', address: '4 rue Exemple', hours: 'Mo-Fr 09:00-12:00', services: [ADMIN] }),
  place({ id: 'c1', name: 'Centre de Croix', commune: 'Croix', inseeCode: '59163', postalCode: '59170', address: '5 rue Exemple', hours: 'Mo-Fr 09:00-12:00', services: [ADMIN] }),
];
