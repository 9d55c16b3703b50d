// Core Outbound → WhatsApp text. WhatsApp Web no longer delivers buttons or lists, so choices
// become numbered lines and a short prompt ("Répondez 1, 2 ou 3."); the engine's matcher
// accepts the digit, the label or a close spelling of it.
import type { Outbound } from '../../core/message.js';
import { translate, type Locale, type Texts } from '../../i18n/locales.js';

export function formatOutbound(message: Outbound, texts: Texts, defaultLocale: Locale): string {
  const choices = message.choices ?? [];
  if (choices.length === 0) return message.text;
  const locale = message.locale ?? defaultLocale;
  const lines = choices.map((choice, i) => `${i + 1}. ${choice.label}`);
  return `${message.text}\n\n${lines.join('\n')}\n\n${choicePrompt(choices.length, texts, locale)}`;
}

export function choicePrompt(count: number, texts: Texts, locale: Locale): string {
  const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
  const last = numbers.pop() ?? '1';
  if (numbers.length === 0) return translate(texts, locale, 'whatsapp.choose.one', { last });
  const list = numbers.join(translate(texts, locale, 'whatsapp.choose.separator'));
  return translate(texts, locale, 'whatsapp.choose.many', { list, last });
}
