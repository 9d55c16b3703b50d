// Counts under 5 are never shown ("< 5"), so that no person can be recognised from a report. When a
// breakdown adds up to a total shown elsewhere (flows finished per flow → flows finished), one
// hidden cell could be found back by subtraction: then the smallest other cell is hidden too
// ("secondary" suppression, as statistics offices do).

export const MIN_SHOWN = 5;

export type Hidden = 'small' | 'secondary';

/** A count as the report may show it. 0 is shown: it reveals nobody. */
export interface Cell {
  value: number;
  hidden?: Hidden;
}

export function isSmall(value: number): boolean {
  return value > 0 && value < MIN_SHOWN;
}

/** One cell, alone (a total, a funnel step). */
export function cell(value: number): Cell {
  return isSmall(value) ? { value, hidden: 'small' } : { value };
}

/** The cells of a breakdown whose sum is published: small ones hidden, and one more when only one is. */
export function breakdown(values: readonly number[]): Cell[] {
  const cells = values.map(cell);
  const small = cells.filter((c) => c.hidden === 'small').length;
  if (small === 1) {
    const others = cells.filter((c) => c.hidden === undefined && c.value > 0);
    const smallest = others.reduce<Cell | undefined>((min, c) => (min === undefined || c.value < min.value ? c : min), undefined);
    if (smallest) smallest.hidden = 'secondary';
  }
  return cells;
}
