// What a monthly report says, computed from the usage counts of a month and of the month before
// (src/usage/model.ts). Pure: no Redis, no text, no drawing — html.ts and charts.ts show it.
import type { MonthUsage, UsageKind } from '../usage/model.js';
import { breakdown, cell, type Cell } from './mask.js';
import { weeksOf } from './month.js';

export const TOTALS = ['people', 'conversations', 'flowsFinished', 'remindersDelivered', 'handoffs', 'crisis'] as const;
export type TotalId = (typeof TOTALS)[number];

export interface Total {
  id: TotalId;
  current: Cell;
  previous: Cell;
  /** Change in per cent from the previous month; undefined when either count is hidden or the previous is 0. */
  change?: number;
  /** Counted this month, none the month before. */
  isNew?: boolean;
}

/** A row of a breakdown: a label (a flow, a procedure…) and its counts, one per series. */
export interface Row {
  label: string;
  cells: Cell[];
}

export interface Week {
  days: string[];
  conversations: Cell;
}

export interface Funnel {
  flow: string;
  steps: Row[];
}

export interface TakeTime {
  team: string;
  requested: Cell;
  taken: Cell;
  /** Median seconds to take a conversation; undefined under 5 conversations taken. */
  medianSeconds?: number;
  previousMedianSeconds?: number;
}

/** The tables of "other counts", one per kind. */
export const DETAIL_KINDS = ['conversation.started', 'rights.shown', 'reminder.done', 'reminder.stopped', 'crisis.reply', 'places.shown', 'privacy.forget'] as const satisfies readonly UsageKind[];
export type DetailKind = (typeof DETAIL_KINDS)[number];

export interface ReportData {
  month: string;
  previousMonth: string;
  totals: Total[];
  weeks: Week[];
  /** Per flow: started, finished. */
  flows: Row[];
  /** Per procedure: reminders set, delivered. */
  procedures: Row[];
  funnels: Funnel[];
  /** Per team, then all teams together (team ""). */
  takeTimes: TakeTime[];
  details: Array<{ kind: DetailKind; rows: Row[] }>;
}

export interface ReportInput {
  current: MonthUsage;
  previous: MonthUsage;
  /** Each flow's steps in the order of its file, for the funnels (steps not listed come after, most reached first). */
  stepOrder?: Readonly<Record<string, readonly string[]>>;
}

const sum = (values: Record<string, number> | undefined): number => Object.values(values ?? {}).reduce((a, b) => a + b, 0);

function totalOf(usage: MonthUsage, id: TotalId): number {
  const t = usage.totals;
  switch (id) {
    case 'people':
      return usage.people;
    case 'conversations':
      return sum(t['conversation.started']);
    case 'flowsFinished':
      return sum(t['flow.finished']);
    case 'remindersDelivered':
      return sum(t['reminder.delivered']);
    case 'handoffs':
      return sum(t['handoff.requested']);
    case 'crisis':
      return sum(t['crisis.reply']);
  }
}

function total(id: TotalId, currentUsage: MonthUsage, previousUsage: MonthUsage): Total {
  const current = cell(totalOf(currentUsage, id));
  const previous = cell(totalOf(previousUsage, id));
  const comparable = current.hidden === undefined && previous.hidden === undefined;
  if (!comparable) return { id, current, previous };
  if (previous.value === 0) return current.value > 0 ? { id, current, previous, isNew: true } : { id, current, previous, change: 0 };
  return { id, current, previous, change: ((current.value - previous.value) / previous.value) * 100 };
}

/** A hidden count sorts after every shown one: its place in the list must not tell its size. */
const shownValue = (c: Cell): number => (c.hidden ? -1 : c.value);

/** Rows for labels counted in any of the given kinds, largest first; each series masked as a breakdown. */
function rows(usage: MonthUsage, kinds: readonly UsageKind[]): Row[] {
  const labels = [...new Set(kinds.flatMap((k) => Object.keys(usage.totals[k] ?? {})))];
  const series = kinds.map((k) => breakdown(labels.map((l) => usage.totals[k]?.[l] ?? 0)));
  return labels
    .map((label, i) => ({ label, cells: series.map((s) => s[i]!) }))
    .sort((a, b) => shownValue(b.cells[0]!) - shownValue(a.cells[0]!) || a.label.localeCompare(b.label));
}

function weeks(usage: MonthUsage): Week[] {
  const byDay = new Map(usage.days.map((d) => [d.date, d.conversations]));
  const perWeek = weeksOf(usage.month).map((days) => days.reduce((n, d) => n + (byDay.get(d) ?? 0), 0));
  const cells = breakdown(perWeek);
  return weeksOf(usage.month).map((days, i) => ({ days, conversations: cells[i]! }));
}

function funnels(usage: MonthUsage, stepOrder: ReportInput['stepOrder'] = {}): Funnel[] {
  const byFlow = new Map<string, Map<string, number>>();
  for (const [label, count] of Object.entries(usage.totals['flow.step'] ?? {})) {
    const slash = label.indexOf('/');
    if (slash < 0 || count <= 0) continue;
    const flow = label.slice(0, slash);
    const steps = byFlow.get(flow) ?? new Map<string, number>();
    steps.set(label.slice(slash + 1), count);
    byFlow.set(flow, steps);
  }
  return [...byFlow.keys()].sort().map((flow) => {
    const counts = byFlow.get(flow)!;
    const order = stepOrder[flow] ?? [];
    const rank = (step: string): number => (order.includes(step) ? order.indexOf(step) : order.length);
    const shown = (step: string): number => shownValue(cell(counts.get(step)!));
    const steps = [...counts.keys()].sort((a, b) => rank(a) - rank(b) || shown(b) - shown(a) || a.localeCompare(b));
    // Steps are not parts of a whole: each is masked alone.
    return { flow, steps: steps.map((step) => ({ label: step, cells: [cell(counts.get(step)!)] })) };
  });
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A median is shown only over 5 conversations or more: fewer would tell about one person's wait. */
function shownMedian(values: readonly number[]): number | undefined {
  return cell(values.length).hidden === undefined ? median(values) : undefined;
}

function takeTimes(current: MonthUsage, previous: MonthUsage): TakeTime[] {
  const teams = [...new Set([...Object.keys(current.totals['handoff.requested'] ?? {}), ...Object.keys(current.totals['handoff.taken'] ?? {}), ...Object.keys(current.takeSeconds)])].sort();
  const requested = breakdown(teams.map((t) => current.totals['handoff.requested']?.[t] ?? 0));
  const taken = breakdown(teams.map((t) => current.totals['handoff.taken']?.[t] ?? 0));
  const all = (u: MonthUsage): number[] => Object.values(u.takeSeconds).flat();
  const perTeam = teams.map((team, i) => {
    const median = shownMedian(current.takeSeconds[team] ?? []);
    const before = shownMedian(previous.takeSeconds[team] ?? []);
    return { team, requested: requested[i]!, taken: taken[i]!, ...(median !== undefined && { medianSeconds: median }), ...(before !== undefined && { previousMedianSeconds: before }) };
  });
  const median = shownMedian(all(current));
  const before = shownMedian(all(previous));
  const together: TakeTime = {
    team: '',
    requested: cell(sum(current.totals['handoff.requested'])),
    taken: cell(sum(current.totals['handoff.taken'])),
    ...(median !== undefined && { medianSeconds: median }),
    ...(before !== undefined && { previousMedianSeconds: before }),
  };
  return [...perTeam, together];
}

export function reportData({ current, previous, stepOrder }: ReportInput): ReportData {
  return {
    month: current.month,
    previousMonth: previous.month,
    totals: TOTALS.map((id) => total(id, current, previous)),
    weeks: weeks(current),
    flows: rows(current, ['flow.started', 'flow.finished']),
    procedures: rows(current, ['reminder.set', 'reminder.delivered']),
    funnels: funnels(current, stepOrder),
    takeTimes: takeTimes(current, previous),
    details: DETAIL_KINDS.map((kind) => ({ kind, rows: rows(current, [kind]) })),
  };
}
