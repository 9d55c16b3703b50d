// Core Outbound → WhatsApp text. WhatsApp Web no longer delivers buttons or lists, so choices
// become numbered lines after the question and a short prompt ("Répondez 1, 2 ou 3."); the engine's matcher
// accepts the digit, the label or a close spelling of it.
import type { Outbound } from '../../core/message.js';
import { translate, type Locale, type Texts } from '../../i18n/locales.js';

export function formatOutbound(message: Outbound, texts: Texts, defaultLocale: Locale): string {
  const choices = message.choices ?? [];
  if (choices.length === 0) return message.text;
  const locale = message.locale ?? defaultLocale;
  // A choice may carry its own number (counts start at 0): the line and the prompt show that one.
  const numbers = choices.map((choice, i) => choice.number ?? i + 1);
  const lines = choices.map((choice, i) => `${numbers[i]}. ${choice.label}`);
  // The prompt ends the question's own line, so a question with 7 choices fits in 8 lines.
  return `${message.text} ${choicePrompt(numbers, texts, locale)}\n\n${lines.join('\n')}`;
}

/** "Répondez 1, 2 ou 3." for the numbers shown. */
export function choicePrompt(shown: readonly number[], texts: Texts, locale: Locale): string {
  const numbers = shown.map(String);
  const last = numbers.pop() ?? '1';
  if (numbers.length === 0) return translate(texts, locale, 'whatsapp.choose.one', { last });
  const list = numbers.join(translate(texts, locale, 'whatsapp.choose.separator'));
  return translate(texts, locale, 'whatsapp.choose.many', { list, last });
}
