// The words of a delivered reminder: what to do and the official link, in the person's language.
// Built from the record each time, so a retry after an outage sends the same wording.
import type { Outbound } from '../core/message.js';
import { translate, type Texts } from '../i18n/locales.js';
import type { Catalogue } from './catalogue.js';
import type { Reminder } from './store.js';

export function todoOf(r: Pick<Reminder, 'procedure' | 'words' | 'locale'>, texts: Texts): string {
  if (r.words) return translate(texts, r.locale, 'rappels.delivered.own_words', { words: r.words });
  return translate(texts, r.locale, `rappels.procedures.${r.procedure}.todo`);
}

export function linkLineOf(r: Pick<Reminder, 'procedure' | 'locale'>, texts: Texts, catalogue: Catalogue): string {
  const link = catalogue.procedures.find((p) => p.id === r.procedure)?.link;
  if (link) return translate(texts, r.locale, 'rappels.delivered.link', { link });
  return r.procedure === 'other' ? '' : translate(texts, r.locale, 'rappels.delivered.no_link');
}

export function reminderMessage(r: Reminder, texts: Texts, catalogue: Catalogue): Outbound {
  const text = translate(texts, r.locale, 'rappels.delivered.message', { todo: todoOf(r, texts), link_line: linkLineOf(r, texts, catalogue) });
  return { text: text.trim(), locale: r.locale };
}
