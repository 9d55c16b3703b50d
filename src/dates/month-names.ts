// A month typed by its number or its name, in any of our languages: "3", "٣", "mars", "March",
// "مارس", "جانفي" (Maghreb), "كانون الثاني" (Levant), "sept", with a one-letter typo ("fevrier").
// The names come from the Unicode CLDR data built into Node's Intl, not from a hand-written list.
import { editDistance } from '../i18n/edit-distance.js';
import { normalise } from '../i18n/words.js';

// Arabic is written with the month names of the Gulf and Egypt (ar), the Maghreb (ar-DZ, ar-MA)
// and the Levant (ar-SY): the bot's Arabic speakers come from all of them.
const NAME_LOCALES = ['fr', 'en', 'ar', 'ar-DZ', 'ar-MA', 'ar-TN', 'ar-SY'];

function buildNames(): Map<string, number> {
  const names = new Map<string, number>();
  for (const locale of NAME_LOCALES) {
    for (const month of ['long', 'short'] as const) {
      const format = new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) {
        const name = normalise(format.format(new Date(Date.UTC(2020, m, 1))));
        if (name && !/^\d+$/.test(name)) names.set(name, m + 1);
      }
    }
  }
  return names;
}

const NAMES = buildNames();

/** The month (1–12) `text` names, or undefined. `numbers`: numbers written as words ("trois"). */
export function parseMonth(text: string, numbers: ReadonlyMap<string, number> = new Map()): number | undefined {
  const typed = normalise(text);
  if (!typed) return undefined;
  const n = /^\d{1,2}$/.test(typed) ? Number(typed) : numbers.get(typed);
  if (n !== undefined) return n >= 1 && n <= 12 ? n : undefined;
  const exact = NAMES.get(typed);
  if (exact !== undefined) return exact;
  // One typo in a name of 5 letters or more ("fevier", "decmbre"); shorter names must be exact.
  if (typed.length < 5) return undefined;
  const close = new Set<number>();
  for (const [name, month] of NAMES) if (name.length >= 5 && editDistance(typed, name) <= 1) close.add(month);
  return close.size === 1 ? [...close][0] : undefined;
}
