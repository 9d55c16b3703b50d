// The crisis reply: the category's help numbers for this person at this hour, in short messages.
// Open lines come first under "call now"; a line closed at this hour is never given as "call now":
// it is named under "later, from 09:00", and the numbers its data gives instead are added.
// Everything is built at once, with no wait: the numbers must never be delayed.
import type { Outbound } from '../core/message.js';
import { fitsMessage } from '../i18n/budget.js';
import { translate, type Locale, type Texts } from '../i18n/locales.js';
import type { Audience, Register } from './audience.js';
import type { HelpNumbers } from './data.js';
import { lineStateAt } from './hours.js';

export interface ReplyOptions {
  locale: Locale;
  register: Register;
  audience: Audience;
  now: Date;
  timeZone: string;
  /** The staff are being told: say so. */
  staffAlerted: boolean;
}

function numbersFor(list: HelpNumbers['categories'][string]['numbers'], audience: Audience): string[] {
  return Array.isArray(list) ? list : list[audience];
}

export function crisisReply(data: HelpNumbers, texts: Texts, categories: readonly string[], o: ReplyOptions): Outbound[] {
  const t = (key: string, args: Record<string, unknown> = {}): string => translate(texts, o.locale, `crisis.${key}`, args);
  const known = categories.filter((c) => data.categories[c]);
  const wanted = [...new Set(known.flatMap((c) => numbersFor(data.categories[c]?.numbers ?? [], o.audience)))];
  const open: string[] = [];
  const later = new Map<string, string[]>();
  const add = (id: string): void => {
    const line = data.numbers[id];
    if (!line || open.includes(id)) return;
    const state = lineStateAt(line.hours, o.now, o.timeZone);
    if (state.open) {
      open.push(id);
      return;
    }
    const at = state.opensAt ?? '';
    later.set(at, [...(later.get(at) ?? []), id]);
    for (const instead of numbersFor(line['when-closed'] ?? [], o.audience)) add(instead);
  };
  wanted.forEach(add);

  const blocks: string[] = [];
  const first = known[0] ?? 'distress';
  blocks.push([t(`${o.register}.intro.${first}`), ...open.map((id) => t(`numbers.${id}`))].join('\n'));
  for (const [at, ids] of later) {
    const closedNow = ids.filter((id) => !open.includes(id));
    if (closedNow.length > 0) blocks.push([t('later', { time: at }), ...closedNow.map((id) => t(`numbers.${id}`))].join('\n'));
  }
  for (const advice of new Set(known.flatMap((c) => data.categories[c]?.advice ?? []))) blocks.push(t(`${o.register}.advice.${advice}`));
  if (o.staffAlerted) blocks.push(t(`${o.register}.staff`));
  return pack(blocks).map((text) => ({ text, locale: o.locale, priority: 'urgent' }));
}

/**
 * Joins blocks, in order, into as few messages as fit the reading budget (60 words, 8 lines). A
 * block too long for one message (many categories at once) goes on line by line, so every number
 * still comes, the first ones first.
 */
function pack(blocks: string[]): string[] {
  const messages: string[] = [];
  const append = (piece: string, separator: string): void => {
    const last = messages.at(-1);
    const joined = `${last}${separator}${piece}`;
    if (last !== undefined && fitsMessage(joined)) messages[messages.length - 1] = joined;
    else messages.push(piece);
  };
  for (const block of blocks) {
    if (fitsMessage(block)) append(block, '\n\n');
    else block.split('\n').forEach((piece, i) => append(piece, i === 0 ? '\n\n' : '\n'));
  }
  return messages;
}
