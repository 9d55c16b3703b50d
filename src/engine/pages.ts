// Long lists of choices, shown a page at a time. A message holds at most 8 lines (src/i18n/budget.ts):
// the question's line and 7 choices. A longer list shows 6 choices and "7. Autres choix"; the last
// page ends with "Début de la liste". The digit typed is the one shown on the page on screen.

export interface ShownOption {
  optionId: string;
  label: string;
}

/** The most choices one message shows. */
export const MAX_SHOWN = 7;
const PER_PAGE = MAX_SHOWN - 1;

/** Option ids of the page turners: an author's ids start with a letter or a digit, never "_". */
export const NEXT_PAGE = '_more';
export const FIRST_PAGE = '_first';

export function isPageTurn(optionId: string): boolean {
  return optionId === NEXT_PAGE || optionId === FIRST_PAGE;
}

export function pageCount(total: number): number {
  return total <= MAX_SHOWN ? 1 : Math.ceil(total / PER_PAGE);
}

/**
 * The choices shown on `page` (0-based, clamped: a list that got shorter since shows its last page),
 * with the page turner. `labels` are the turners' texts in the person's language.
 */
export function optionsOnPage(all: readonly ShownOption[], page: number, labels: { more: string; first: string }): ShownOption[] {
  const pages = pageCount(all.length);
  if (pages === 1) return [...all];
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = all.slice(current * PER_PAGE, (current + 1) * PER_PAGE);
  const turner = current < pages - 1 ? { optionId: NEXT_PAGE, label: labels.more } : { optionId: FIRST_PAGE, label: labels.first };
  return [...shown, turner];
}
