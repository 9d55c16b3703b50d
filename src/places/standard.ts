// The national standard "Schéma de données des lieux de médiation numérique" (La MedNum / ANCT,
// repository LaMednum/standard-mediation-num, schema.json v1.0.2): its columns, and the values of
// `services`. The service values come from the ANCT's own model of the standard,
// `@gouvfr-anct/lieux-de-mediation-numerique` (its `Service` enum), so they follow its updates.
import { Service } from '@gouvfr-anct/lieux-de-mediation-numerique';

export const STANDARD_NAME = 'Schéma de données des lieux de médiation numérique (LaMednum/standard-mediation-num)';

/** The columns of schema.json v1.0.2, in its order. */
export const STANDARD_FIELDS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;

export type StandardField = (typeof STANDARD_FIELDS)[number];

/**
 * Required by schema.json (all versions) except `pivot` (a SIRET or RNA number the bot does not use):
 * a file without one of these columns is not the standard.
 */
export const REQUIRED_COLUMNS: readonly StandardField[] = ['id', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'];

/** Columns that only the 0.x versions of the schema had (values separated by ";", 15 older services). */
const V0_ONLY = ['courriel', 'cle_ban', 'publics_accueillis', 'conditions_acces', 'labels_nationaux', 'labels_autres', 'accessibilite'];
const V1_ONLY = ['courriels', 'itinerance', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge', 'dispositif_programmes_nationaux', 'formations_labels', 'modalites_acces', 'fiche_acces_libre'];

export function standardVersion(columns: Iterable<string>): '1.x' | '0.x' | 'unknown' {
  const set = new Set(columns);
  const v1 = V1_ONLY.filter((c) => set.has(c)).length;
  const v0 = V0_ONLY.filter((c) => set.has(c)).length;
  return v1 > v0 ? '1.x' : v0 > v1 ? '0.x' : 'unknown';
}

/** Other spellings of a column, after lower-casing and removing accents (see `columnKey`). */
const COLUMN_ALIASES: Record<string, string> = {
  courriel: 'courriels',
  horaires_ouverture: 'horaires', // data·inclusion's name for the same OSM hours
};

/** "Code INSEE", "code-insee", "\uFEFFid", "Nom" → "code_insee", "id", "nom" (before aliases). */
export function plainKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
}

/** The standard's column name for a header (`courriel` of 0.x is `courriels`). */
export function columnKey(header: string): string {
  const key = plainKey(header);
  return COLUMN_ALIASES[key] ?? key;
}

/** The 9 service values of the standard 1.x. */
export const SERVICES: readonly string[] = Object.values(Service);

const key = (s: string): string =>
  s
    .normalize('NFC')
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * The 15 services of the 0.x versions, mapped to the 9 of 1.x ("Condensation des 15 anciens services
 * en 9", descriptif-des-evolutions): a file in the older version still gives usable services.
 */
const V0_SERVICES: Record<string, string> = {
  'devenir autonome dans les démarches administratives': Service.AideAuxDemarchesAdministratives,
  'réaliser des démarches administratives avec un accompagnement': Service.AideAuxDemarchesAdministratives,
  'accompagner les démarches de santé': Service.AideAuxDemarchesAdministratives,
  'prendre en main un smartphone ou une tablette': Service.MaitriseDesOutilsNumeriquesDuQuotidien,
  'prendre en main un ordinateur': Service.MaitriseDesOutilsNumeriquesDuQuotidien,
  'utiliser le numérique au quotidien': Service.MaitriseDesOutilsNumeriquesDuQuotidien,
  'approfondir ma culture numérique': Service.ComprehensionDuMondeNumerique,
  'promouvoir la citoyenneté numérique': Service.ComprehensionDuMondeNumerique,
  'favoriser mon insertion professionnelle': Service.InsertionProfessionnelleViaLeNumerique,
  'créer et développer mon entreprise': Service.InsertionProfessionnelleViaLeNumerique,
  'accéder à une connexion internet': Service.AccesInternetEtMaterielInformatique,
  'accéder à du matériel': Service.AccesInternetEtMaterielInformatique,
  "s'équiper en matériel informatique": Service.MaterielInformatiqueAPrixSolidaire,
  'créer avec le numérique': Service.LoisirsEtCreationsNumeriques,
  "soutenir la parentalité et l'éducation avec le numérique": Service.ParentaliteEtEducationAvecLeNumerique,
};

const BY_KEY = new Map<string, string>([...SERVICES.map((s): [string, string] => [key(s), s]), ...Object.entries(V0_SERVICES)]);

/** A value of `services` as the standard 1.x writes it, or undefined when it is none of them. */
export function standardService(value: string): string | undefined {
  return BY_KEY.get(key(value));
}

/** Values of a multi-valued field: "|" in the standard 1.x, ";" in 0.x. */
export function splitValues(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(/[|;]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
