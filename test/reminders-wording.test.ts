// The Pense-bête texts as a person who reads with difficulty gets them (issue #13): every message
// filled in as sent fits the reading budget; French without the jargon listed in the issue, in
// "vous"; Arabic without French words; date examples written with digits.
import { describe, expect, it } from 'vitest';
import { fitsMessage, measureMessage } from '../src/i18n/budget.js';
import { LOCALES } from '../src/i18n/locales.js';
import { loadCatalogue } from '../src/reminders/catalogue.js';
import { linkLineOf, todoOf } from '../src/reminders/message.js';
import { realContent, text as tr } from './support/real-content.js';

const catalogue = (() => {
  const loaded = loadCatalogue();
  if (!loaded.ok) throw new Error('catalogue does not load');
  return loaded.value;
})();
const texts = realContent().texts;
const keysOf = (locale: (typeof LOCALES)[number]) => [...texts[locale].keys()].filter((k) => k.startsWith('rappels.'));
const LONG_WHEN = 'mercredi 15 décembre 2027 à 10 h 30';

describe('Pense-bête wording', () => {
  it('every message, filled in as sent, fits 60 words and 8 lines', () => {
    for (const locale of LOCALES) {
      const sent: [string, string][] = [];
      for (const p of catalogue.procedures) {
        const vars = { todo: todoOf({ procedure: p.id, locale }, texts), link_line: linkLineOf({ procedure: p.id, locale }, texts, catalogue) };
        sent.push([`delivered ${p.id}`, tr(locale, 'rappels.delivered.message', vars)], [`too_late ${p.id}`, tr(locale, 'rappels.too_late', vars)]);
      }
      const link = { link_line: tr(locale, 'rappels.delivered.link', { link: 'https://administration-etrangers-en-france.interieur.gouv.fr' }) };
      sent.push(['expired', tr(locale, 'rappels.expired.prompt', link)]);
      // Only a time the person chose can fall in quiet hours ("once", "list"); procedures come at 10 h.
      const quiet = tr(locale, 'rappels.summary.quiet', { time: '9 h' });
      for (const [key, note] of [['monthly_window', ''], ['this_month', ''], ['yearly_unknown', ''], ['list', quiet], ['once', quiet]] as const) {
        const summary = tr(locale, `rappels.summary.${key}`, { when: LONG_WHEN, next: LONG_WHEN, others: `le ${LONG_WHEN} et le ${LONG_WHEN}` });
        sent.push([`confirm ${key}`, tr(locale, 'rappels.confirm.prompt', { summary: `${summary} ${note}` })]);
      }
      for (const key of keysOf(locale)) sent.push([key, tr(locale, key, {})]);
      for (const [what, message] of sent) expect(fitsMessage(message), `${locale} ${what}: ${JSON.stringify(measureMessage(message))}\n${message}`).toBe(true);
    }
  });

  it('French: none of the jargon the issue lists, "vous" only, no masculine-only words', () => {
    const fr = keysOf('fr').map((k) => tr('fr', k, {}));
    const all = fr.join('\n');
    for (const word of [/trimestriel/i, /s'actualiser|actualisez-vous/i, /cerfa/i, /quotient familial/i, /pré-demande/i, /bloqué|\bseul\b/i]) expect(all).not.toMatch(word);
    // The person's own words on the buttons ("Rappelle-moi demain") aside, the bot says "vous".
    expect(all).not.toMatch(/(?<!\p{L})(tu|toi|ton|ta|tes)(?!\p{L})/iu);
    // ANEF is explained where it appears.
    for (const t of fr.filter((x) => x.includes('ANEF'))) expect(t).toContain("site de l'État pour les étrangers (ANEF)");
  });

  it('Arabic: no French words, only names and acronyms written as on the official sites', () => {
    const allowed = new Set(['CAF', 'Caf', 'RSA', 'AAH', 'C2S', 'ANEF', 'MDPH', 'CMI', 'CPAM', 'Vitale', 'France', 'Travail', 'caf', 'fr', 'ameli', 'impots', 'gouv', 'francetravail', 'EEEE', 'MMMM', 'yyyy', 'mm']);
    for (const key of keysOf('ar')) {
      const latin = (tr('ar', key, {}).replace(/\{[a-z_]+\}/g, '').match(/\p{Script=Latin}[\p{Script=Latin}\d]*/gu) ?? []).filter((w) => !allowed.has(w) && !/^[Hdh]$/.test(w));
      expect(latin, key).toEqual([]);
    }
  });

  it('date questions give an example with digits only, in every language', () => {
    for (const locale of LOCALES) {
      for (const key of ['date', 'expiry', 'expiry_again', 'expiry_impossible', 'end_rights']) expect(tr(locale, `rappels.ask.${key}`, {}), `${locale} ${key}`).toMatch(/\d{1,2} \d{1,2}/);
    }
  });
});
