// A turn's plain texts leave as one message when they fit the reading budget: "C'est noté." and
// "On reprend où vous en étiez." arrive together, not as two pings a second apart. A question keeps
// its own message (with its buttons, if any), and so does a file or a message of another language.
import type { Outbound } from '../core/message.js';
import { fitsMessage } from '../i18n/budget.js';
import type { Effect } from './effects.js';

const PARAGRAPH = '\n\n';

function plain(message: Outbound): boolean {
  return !message.media && !(message.choices && message.choices.length > 0);
}

function joinable(a: Outbound, b: Outbound): boolean {
  return plain(a) && plain(b) && a.locale === b.locale && a.priority === b.priority && fitsMessage(`${a.text}${PARAGRAPH}${b.text}`);
}

/**
 * The effects with consecutive plain `send`s joined (a blank line between) while the result fits
 * `fitsMessage`. `questions` are the sends that ask something: never joined. A `flow-ended` in
 * between does not separate texts: it is bookkeeping, not something the person sees. Actions and
 * errors keep their place.
 */
export function joinSays(effects: readonly Effect[], questions: ReadonlySet<Effect> = new Set()): Effect[] {
  const out: Effect[] = [];
  let open: { index: number; message: Outbound } | undefined;
  for (const effect of effects) {
    if (effect.type === 'send' && questions.has(effect)) {
      open = undefined;
      out.push(effect);
      continue;
    }
    if (effect.type === 'send') {
      if (open && joinable(open.message, effect.message)) {
        open.message = { ...open.message, text: `${open.message.text}${PARAGRAPH}${effect.message.text}` };
        out[open.index] = { type: 'send', message: open.message };
        continue;
      }
      open = plain(effect.message) ? { index: out.length, message: effect.message } : undefined;
      out.push(effect);
      continue;
    }
    if (effect.type !== 'flow-ended') open = undefined;
    out.push(effect);
  }
  return out;
}
