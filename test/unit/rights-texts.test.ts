// Plain words in the droits texts (issue #13): no administrative jargon left unexplained in French,
// English or Arabic, and no French left in Arabic except the names people meet on their papers.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/i18n/locales.js';

/** Every text of locales/<locale>/droits.yaml, by dotted key. */
function texts(locale: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown, path: string[]): void => {
    if (typeof node === 'string') out.set(path.join('.'), node);
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(parse(readFileSync(`locales/${locale}/droits.yaml`, 'utf8')), []);
  return out;
}

/** Words that stop a reader; each either gone or said with its plain meaning next to it. */
const JARGON = [/trimestriel/i, /quotient familial/i, /à charge/i, /pré-demande/i, /mairie équipée/i, /habilité/i, /\bmandat\b/i, /cerfa/i, /s'actualiser/i];

/** Names people meet on their papers and sites: they stay as written, in Arabic texts too. */
const PROPER_NAMES = new Set(
  ['CAF', 'RSA', 'MDPH', 'AAH', 'APL', 'ARS', 'C2S', 'AME', 'CCAS', 'PDL', 'PRM', 'ANTS', 'ANEF', 'France', 'Travail', 'Services', 'FranceConnect', 'Aidants', 'Connect', 'EduConnect', 'Pass', 'Ilévia', 'Vitale', 'ameli', '1jeune1solution', 'Lille', 'Roubaix', 'Tourcoing'].map((w) => w.toLowerCase()),
);

describe('droits texts in plain words', () => {
  for (const locale of LOCALES) {
    it(`${locale}: none of the jargon of issue #13`, () => {
      for (const [key, text] of texts(locale)) for (const word of JARGON) expect(text, `${locale} ${key}`).not.toMatch(word);
    });
  }

  it('fr: the MDPH is explained the first time the questions name it; PDL/PRM is the meter number', () => {
    const fr = texts('fr');
    expect(fr.get('question.disability.text')).toContain('la MDPH, le service pour les personnes handicapées');
    expect(fr.get('document.attestation_electricite')).toMatch(/numéro du compteur \(PDL ou PRM\)/);
  });

  it('fr: gender-neutral for the person (no lone "seul", "inscrit", "bloqué")', () => {
    for (const [key, text] of texts('fr')) expect(text, key).not.toMatch(/\b(seul(?! ou seule| l'organisme)|inscrit|bloqué)\b/);
  });

  it('ar: no French word left except proper names and web addresses', () => {
    for (const [key, text] of texts('ar')) {
      const latin = text
        .replace(/\{[a-z_]+\}/g, '')
        .replace(/\b[a-z0-9.-]+\.(fr|gouv\.fr)\b/g, '')
        .match(/[A-Za-zÀ-ÿ0-9]*[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9]*/g);
      const french = (latin ?? []).filter((w) => !PROPER_NAMES.has(w.toLowerCase()));
      expect(french, `ar ${key}: ${text}`).toEqual([]);
    }
  });
});
