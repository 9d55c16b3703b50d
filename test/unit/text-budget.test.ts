// The reading budget on locale texts (flows:check): a text over 60 words or 8 lines is reported as
// file:line: key: "62 words (max 60)", in every language, a placeholder counting as one word and a
// plural text by its longest form.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content.js';
import { formatDataError } from '../../src/data/load-yaml.js';
import { measureMessage } from '../../src/i18n/budget.js';
import { checkTextBudget } from '../../src/i18n/budget-check.js';
import { loadLocales } from '../../src/i18n/locales.js';

const DIR = join('test', 'fixtures', 'budget-locales');
const file = (locale: string): string => join(DIR, locale, 'budget.yaml');

function report(): string[] {
  const { texts, errors } = loadLocales(DIR);
  expect(errors).toEqual([]);
  return checkTextBudget(texts).map(formatDataError);
}

describe('measuring a message', () => {
  it('counts words as a reader does: numbering, dashes and blank lines are not words or lines', () => {
    expect(measureMessage('Que voulez-vous faire ?\n\n1. Mes rappels — CAF\n2. Lieux')).toEqual({ words: 7, lines: 3 });
    expect(measureMessage("L'aide au logement (APL) : 15/12")).toEqual({ words: 6, lines: 1 });
    expect(measureMessage('‏١. واحد\n٢. اثنان')).toEqual({ words: 2, lines: 2 });
  });
});

describe('flows:check on texts over the budget', () => {
  it('reports a text over 60 words with its file, line and key, a placeholder counting as one word', () => {
    expect(report()).toContain(`${file('fr')}:4: budget.too_long.words: 62 words (max 60)`);
    expect(report()).toContain(`${file('en')}:4: budget.too_long.words: 62 words (max 60)`);
  });

  it('reports a text over 8 lines; blank lines between paragraphs do not count', () => {
    expect(report()).toContain(`${file('fr')}:5: budget.lines: 9 lines (max 8)`);
    expect(report().filter((l) => l.includes('budget.blank_lines'))).toEqual([]);
  });

  it('measures each plural form: the Arabic "few" form over the budget is reported, the French one fits', () => {
    expect(report()).toContain(`${file('ar')}:7: budget.plural: 62 words (max 60)`);
    expect(report().filter((l) => l.includes('budget.plural') && !l.startsWith(file('ar')))).toEqual([]);
  });

  it('accepts texts of exactly 60 words and 8 lines', () => {
    expect(report().filter((l) => l.includes('budget.fits'))).toEqual([]);
    expect(report()).toHaveLength(5);
  });

  it('is part of the content check (start-up and flows:check), and the shipped texts pass it', () => {
    const shipped = loadContent({ flowsDir: 'flows', localesDir: 'locales', actions: new Set() });
    expect(shipped.errors.filter((e) => / \(max \d+\)$/.test(e.message)).map(formatDataError)).toEqual([]);
  });
});
