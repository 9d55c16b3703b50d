// What chrono-node does not read on its own, added as chrono parsers so its refiners still join a
// date to a time ("1512 à 10h30"): dates in digits only (15122027, 151227, 1512, 15 12 2027, 15.12,
// and the slash and dash forms, so every digit date follows one rule), "le 15" / "the 15th" / "يوم 15"
// (the next 15th), and the French "midi" and "après-demain" that chrono misses.
import * as chrono from 'chrono-node';
import { daysInMonth } from './wall-clock.js';

/** Tag on a result naming a day that does not exist (31/02, 1313): told apart from "no date". */
export const IMPOSSIBLE_TAG = 'passerelle/impossible';
const DIGITS_TAG = 'passerelle/digits';
const DAY_OF_MONTH_TAG = 'passerelle/dayOfMonth';

type Components = chrono.ParsingComponents;

export function isValidDay(day: number, month: number, year: number | undefined): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Without a year, 29 February is possible (next leap year).
  return day <= daysInMonth(year ?? 2028, month);
}

function impossible(context: chrono.ParsingContext): Components {
  return context.createParsingComponents({ day: 1, month: 1 }).addTag(IMPOSSIBLE_TAG);
}

/**
 * chrono searches again from just after a refused match, where a look-behind sees nothing: check the
 * character before the match in the whole text too ("à 10.05" must not become "0.05").
 */
function followsBoundary(context: chrono.ParsingContext, match: RegExpMatchArray, notBefore: RegExp): boolean {
  return !notBefore.test(context.text.slice(0, match.index ?? 0));
}

/** The reference's wall-clock date (chrono shifts it so local getters read the reference zone). */
function referenceDay(context: chrono.ParsingContext): { year: number; month: number; day: number } {
  const d = context.reference.getDateWithAdjustedTimezone();
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

// A time follows, not a year or a month: "15 12h", "15 12 14:00", "le 15 à 10h".
const TIME_AFTER = String.raw`\s*(?:h(?!\p{L})|h\d|:\d|heures?(?!\p{L})|am(?!\p{L})|pm(?!\p{L}))`;

// A count follows, not a date: "dans 2-3 jours", "in 2 3 weeks".
const UNIT_AFTER = String.raw`\s*(?:jours?|semaines?|mois|ans?|minutes?|days?|weeks?|months?|years?|hours?|أيام|ايام|يوم|أسابيع|اسابيع|أسبوع|اسبوع|ساعات|ساعة|دقائق|دقيقة)(?!\p{L})`;

// d m [y] with one separator (space / . -), or 4, 6 or 8 digits in a row (ddmm, ddmmyy, ddmmyyyy).
const DIGIT_DATE = new RegExp(
  String.raw`(?<![\p{L}\p{N}/.:,-])(?:(?:le|the|on)\s+)?` +
    String.raw`(?:(\d{1,2})([ /.-])(\d{1,2})(?:\2(\d{4}|\d{2})(?!\p{N}|${TIME_AFTER}))?|(\d{2})(\d{2})(\d{4}|\d{2})?)` +
    String.raw`(?!\p{N}|[/.:-]\p{N}|${TIME_AFTER}|${UNIT_AFTER})`,
  'iu',
);

// "à 10.30" is a time, not the 10th of month 30 nor (for 10.05) the 10th of May.
const TIME_WORD_BEFORE = /(?:^|[^\p{L}])(?:à|a|at|vers|around|الساعة)\s*$/iu;

const digitDateParser: chrono.Parser = {
  pattern: () => DIGIT_DATE,
  extract(context, match) {
    if (!followsBoundary(context, match, /[\p{L}\p{N}/.:,-]$/u)) return null;
    const [, d1, sep, m1, y1, d2, m2, y2] = match;
    const day = Number(d1 ?? d2);
    const month = Number(m1 ?? m2);
    const yearText = y1 ?? y2;
    if (sep === '.' && yearText === undefined) {
      if (month > 12 || TIME_WORD_BEFORE.test(context.text.slice(0, match.index))) return null;
    }
    // A year written with two digits is 20xx: people here give dates to come.
    const year = yearText === undefined ? undefined : yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    // "2027" alone is a year, not the 20th of a 27th month.
    if (yearText === undefined && sep === undefined && month > 12 && /^(?:19|20)$/.test(d2 ?? '')) return null;
    if (!isValidDay(day, month, year)) return impossible(context);
    const c = context.createParsingComponents({ day, month }).addTag(DIGITS_TAG);
    // Without a year chrono's forwardDate refiner moves a past date to next year.
    if (year !== undefined) c.assign('year', year);
    return c;
  },
};

// "le 15", "le 1er", "the 15th", "on the 15", "15th", "يوم 15": a day of the month alone.
const DAY_OF_MONTH = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:le\s+(\d{1,2})(?:er)?|(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)|(?:في\s+)?يوم\s+(\d{1,2}))` +
    String.raw`(?![\p{L}\p{N}]|\s*[/.:-]\s*\p{N}|${TIME_AFTER})`,
  'iu',
);

/**
 * The next such day: this month if it has not gone yet (today counts: the time decides), otherwise
 * the next month that has it ("le 31" in April is 31 May).
 */
const dayOfMonthParser: chrono.Parser = {
  pattern: () => DAY_OF_MONTH,
  extract(context, match) {
    if (!followsBoundary(context, match, /[\p{L}\p{N}]$/u)) return null;
    const day = Number(match[1] ?? match[2] ?? match[3] ?? match[4]);
    if (day < 1 || day > 31) return impossible(context);
    const ref = referenceDay(context);
    let { year, month } = ref;
    if (day < ref.day) month += 1;
    for (;;) {
      if (month > 12) {
        month = 1;
        year += 1;
      }
      if (day <= daysInMonth(year, month)) break;
      month += 1;
    }
    return context.createParsingComponents({ day, month, year }).addTag(DAY_OF_MONTH_TAG);
  },
};

// chrono-fr knows "a midi" only without the accent, and reads "après-demain" as "demain".
const FRENCH_CASUAL = /(?<![\p{L}\p{N}])(?:(apr[eèé]s[\s-]*demain)|(?:(?:ce|cet|à|a)\s+)?midi)(?![\p{L}\p{N}])/iu;

const frenchCasualParser: chrono.Parser = {
  pattern: () => FRENCH_CASUAL,
  extract(context, match) {
    if (!followsBoundary(context, match, /[\p{L}\p{N}]$/u)) return null;
    if (match[1] !== undefined) {
      const d = context.reference.getDateWithAdjustedTimezone();
      d.setDate(d.getDate() + 2);
      return context.createParsingComponents({ day: d.getDate(), month: d.getMonth() + 1, year: d.getFullYear() });
    }
    const c = context.createParsingComponents();
    c.imply('hour', 12);
    c.imply('minute', 0);
    return c.addTag('casualReference/noon');
  },
};

/** chrono drops results whose text is only digits ("1512"); keep ours, which mean a date. */
function keepDigitDates(filter: chrono.Refiner): chrono.Refiner {
  return {
    refine(context, results) {
      const kept = new Set(filter.refine(context, results));
      return results.filter((r) => kept.has(r) || r.start.tags().has(DIGITS_TAG) || r.start.tags().has(IMPOSSIBLE_TAG));
    },
  };
}

/**
 * chrono-fr reads "15 à 14h" as a time range 15:00-14:00, so "le 15 à 14h" would lose its day. When
 * such a range starts on a day we read, keep only its end: the time, which chrono then joins to the day.
 */
const splitDayFromTimeRange: chrono.Refiner = {
  refine(context, results) {
    const ours = results.filter((r) => r.start.tags().has(DAY_OF_MONTH_TAG) || r.start.tags().has(DIGITS_TAG));
    return results.map((r) => {
      const lead = /^\d{1,2}\s*(?:à|a|-)\s*/i.exec(r.text);
      if (!r.end || !lead || !ours.some((o) => r.index > o.index && r.index < o.index + o.text.length)) return r;
      const text = r.text.slice(lead[0].length);
      // The hour as typed: chrono moved the range's end to the evening to come after its start.
      const hour = Number(/^\d{1,2}/.exec(text)?.[0] ?? r.end.get('hour'));
      const time = context.createParsingComponents({ hour, minute: r.end.get('minute') ?? 0 });
      return context.createParsingResult(r.index + lead[0].length, text, time);
    });
  },
};

/** A copy of `base` that also reads the forms above (`french` adds midi and après-demain). */
export function withExtras(base: chrono.Chrono, french: boolean): chrono.Chrono {
  const c = base.clone();
  // First in the list, so on equal length our reading wins over chrono's own (15/12/27 is 2027).
  c.parsers.unshift(digitDateParser, dayOfMonthParser, ...(french ? [frenchCasualParser] : []));
  c.refiners.unshift(splitDayFromTimeRange);
  let wrapped = 0;
  c.refiners = c.refiners.map((r) => {
    if (r.constructor.name !== 'UnlikelyFormatFilter') return r;
    wrapped += 1;
    return keepDigitDates(r);
  });
  if (wrapped === 0) throw new Error('chrono-node changed: UnlikelyFormatFilter not found');
  return c;
}
