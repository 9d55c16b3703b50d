// Where the person lives, from what they typed or picked: a postal code ("59100", "59 100"), a town
// name ("Roubaix", "roubaix", "ROUBAIX", "Tourcoing"), a well-known abbreviation ("rbx"), with
// accents, case, punctuation and spaces ignored and one wrong letter forgiven on names of 6 letters
// or more. The three towns of the project are known here (codes from the official list of communes,
// INSEE COG); any other town is known only through the places of the data, so a town is accepted
// when the data has places there.
import { normalise, westernDigits } from '../i18n/words.js';
import type { HelpPlace } from './model.js';
import { editDistance } from '../i18n/edit-distance.js';

export const KNOWN_TOWN_IDS = ['lille', 'roubaix', 'tourcoing'] as const;
export type KnownTownId = (typeof KNOWN_TOWN_IDS)[number];

interface KnownTown {
  id: KnownTownId;
  name: string;
  inseeCode: string;
  /** The postal codes that are this town's alone (59160 and 59260 are shared with a neighbour). */
  postalCodes: readonly string[];
  /** Abbreviations people really use; never invented ones. */
  abbreviations: readonly string[];
}

/** Lille includes its associated communes Lomme and Hellemmes (same INSEE code, 59350). */
export const KNOWN_TOWNS: readonly KnownTown[] = [
  { id: 'lille', name: 'Lille', inseeCode: '59350', postalCodes: ['59000', '59777', '59800'], abbreviations: [] },
  { id: 'roubaix', name: 'Roubaix', inseeCode: '59512', postalCodes: ['59100'], abbreviations: ['rbx'] },
  { id: 'tourcoing', name: 'Tourcoing', inseeCode: '59599', postalCodes: ['59200'], abbreviations: [] },
];

/** What to look for in the data: a place is in the area when one of its codes or its commune matches. */
export interface Area {
  /** One of the three towns, when it is one (its name is then translated). */
  town?: KnownTownId;
  /** How to name the area to the person: the commune as the data writes it, or the postal code. */
  label: string;
  postalCodes: ReadonlySet<string>;
  inseeCodes: ReadonlySet<string>;
  /** Commune names, as `nameKey` gives them. */
  communes: ReadonlySet<string>;
  /**
   * For a postal code: the communes of the data that use it, to find the places whose record has
   * no postal code (hand-written ones) by their commune.
   */
  communesOfCode?: ReadonlySet<string>;
}

/** A name compared without case, accents, punctuation or spaces ("Villeneuve-d'Ascq" = "villeneuve dascq"). */
export function nameKey(text: string): string {
  return normalise(text).replace(/ /g, '');
}

const POSTAL_CODE = /(?:^|\D)(\d{2}) ?(\d{3})(?:\D|$)/;

/** A French postal code in the text ("59100", "59 100", "٥٩١٠٠", "59100 Roubaix"), if any. */
export function postalCodeIn(text: string): string | undefined {
  const m = POSTAL_CODE.exec(westernDigits(text).replace(/[\s\u00a0\u202f]+/g, ' '));
  const code = m ? `${m[1]}${m[2]}` : undefined;
  // 00xxx does not exist; 97xxx/98xxx are overseas, still valid codes.
  return code && !code.startsWith('00') ? code : undefined;
}

function townArea(town: KnownTown): Area {
  return { town: town.id, label: town.name, postalCodes: new Set(town.postalCodes), inseeCodes: new Set([town.inseeCode]), communes: new Set([nameKey(town.name)]) };
}


/** The towns a person may name: the three known ones, and every commune that has a place in the data. */
export class TownIndex {
  /** nameKey → area; abbreviations are only taken exactly (never "corrected" into). */
  private readonly names = new Map<string, Area>();
  private readonly abbreviations = new Map<string, Area>();
  /** postal code → communes of the data that use it. */
  private readonly byPostalCode = new Map<string, Set<string>>();

  constructor(places: readonly Pick<HelpPlace, 'commune' | 'inseeCode' | 'postalCode'>[], extraNames: ReadonlyMap<KnownTownId, readonly string[]> = new Map()) {
    for (const town of KNOWN_TOWNS) {
      const area = townArea(town);
      this.names.set(town.id, area);
      this.names.set(nameKey(town.name), area);
      // A button's label in another language, whole or word by word ("روبيه (Roubaix)").
      for (const name of extraNames.get(town.id) ?? []) {
        for (const key of [nameKey(name), ...name.split(/\s+/).map(nameKey)]) if (key.length >= 3 && !this.names.has(key)) this.names.set(key, area);
      }
      for (const abbreviation of town.abbreviations) this.abbreviations.set(nameKey(abbreviation), area);
    }
    const known = new Map(KNOWN_TOWNS.map((t) => [t.inseeCode, townArea(t)]));
    for (const place of places) {
      const key = nameKey(place.commune);
      if (place.postalCode) {
        const communes = this.byPostalCode.get(place.postalCode) ?? new Set<string>();
        communes.add(place.commune);
        this.byPostalCode.set(place.postalCode, communes);
      }
      if (!key || this.names.has(key)) continue;
      // "Lomme" or "Hellemmes-Lille" with Lille's INSEE code is Lille.
      const town = place.inseeCode ? known.get(place.inseeCode) : undefined;
      this.names.set(key, town ?? { label: place.commune, postalCodes: new Set(), inseeCodes: new Set(place.inseeCode ? [place.inseeCode] : []), communes: new Set([key]) });
    }
  }

  /** The area the person means, or undefined when the text names no town the bot knows. */
  resolve(text: string): Area | undefined {
    const code = postalCodeIn(text);
    if (code) return this.postalArea(code);
    const whole = nameKey(text);
    if (!whole) return undefined;
    // The whole text first ("Villeneuve d'Ascq"), then each word between spaces ("j'habite à
    // Roubaix"); "Saint-André-lez-Lille" is one word, never Lille.
    const words = text.split(/\s+/).map(nameKey).filter((w) => w.length >= 3 && w !== whole);
    for (const key of [whole, ...words]) {
      const exact = this.names.get(key) ?? this.abbreviations.get(key);
      if (exact) return exact;
    }
    for (const key of [whole, ...words]) {
      const close = this.closeName(key);
      if (close) return close;
    }
    return undefined;
  }

  private postalArea(code: string): Area {
    const town = KNOWN_TOWNS.find((t) => t.postalCodes.includes(code));
    if (town) return townArea(town);
    const communes = [...(this.byPostalCode.get(code) ?? [])].sort();
    return {
      label: communes.length > 0 ? `${communes.join(', ')} (${code})` : code,
      postalCodes: new Set([code]),
      inseeCodes: new Set(),
      communes: new Set(),
      communesOfCode: new Set(communes.map(nameKey)),
    };
  }

  /** One letter wrong, missing or added, on names of 6 letters or more; nothing when two names fit. */
  private closeName(key: string): Area | undefined {
    if (key.length < 5) return undefined;
    const found = new Set<Area>();
    for (const [name, area] of this.names) {
      if (name.length >= 6 && Math.abs(name.length - key.length) <= 1 && editDistance(key, name) <= 1) found.add(area);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }
}

/** Whether a place is in the area: by postal code, INSEE code or commune name. */
export function inArea(place: Pick<HelpPlace, 'commune' | 'inseeCode' | 'postalCode'>, area: Area): boolean {
  if (place.postalCode && area.postalCodes.has(place.postalCode)) return true;
  if (place.inseeCode && area.inseeCodes.has(place.inseeCode)) return true;
  const commune = nameKey(place.commune);
  return area.communes.has(commune) || (!place.postalCode && (area.communesOfCode?.has(commune) ?? false));
}
