// Anonymous usage counts (issue #17): what the bot did, per day, never who. Counters carry a kind
// and at most one label (a channel, a flow, a procedure…); distinct people are counted with Redis
// HyperLogLog, so no id is stored. Written by src/usage/counter.ts, read by the report.

/** What is counted, and the label each kind carries. */
export const USAGE_KINDS = {
  /** A new conversation (first contact of the day): label `channel/locale`, e.g. "telegram/fr". */
  'conversation.started': 'channel/locale',
  'flow.started': 'flow',
  'flow.finished': 'flow',
  /** A person left a flow without finishing it: label `flow/step` (the step they stopped at). */
  'flow.left': 'flow/step',
  /** A step reached, for the funnels: label `flow/step`. */
  'flow.step': 'flow/step',
  'rights.shown': 'right',
  'reminder.set': 'procedure',
  'reminder.delivered': 'procedure',
  'reminder.done': 'procedure',
  'reminder.stopped': 'procedure',
  'handoff.requested': 'team',
  'handoff.taken': 'team',
  'crisis.reply': 'category',
  'places.shown': 'town',
  'privacy.forget': 'none',
} as const;

export type UsageKind = keyof typeof USAGE_KINDS;

export interface UsageEvent {
  kind: UsageKind;
  /** The label, for kinds that carry one ("" for `none`). Never a person, a name or a text. */
  label?: string;
}

/** One month, as the report reads it. Days are local dates (BOT_TIMEZONE), "YYYY-MM-DD". */
export interface MonthUsage {
  month: string;
  /** Distinct people over the month (HyperLogLog: an estimate, within about 1 %). */
  people: number;
  days: Array<{ date: string; people: number; conversations: number }>;
  /** Totals over the month: kind → label → count ("" when the kind has no label). */
  totals: Partial<Record<UsageKind, Record<string, number>>>;
  /** Seconds an educator took to take each conversation, per team (for the median). */
  takeSeconds: Record<string, number[]>;
}
