// Core Outbound → the Graph API message body. Choices become reply buttons (1–3, titles ≤ 20
// characters, "1. Oui" when that fits), a list (4–10, or fewer with a longer label: row titles ≤ 24, descriptions ≤ 72), and
// otherwise numbered text like the web adapter. The choice id comes back in the button_reply/list_reply.
import type { Choice, Outbound } from '../../core/message.js';
import { translate, type Locale, type Texts } from '../../i18n/locales.js';
import { formatOutbound } from '../whatsapp/format.js';

/** Limits documented for interactive messages. */
export const LIMITS = { buttons: 3, buttonTitle: 20, rows: 10, rowTitle: 24, rowDescription: 72, body: 1024, text: 4096, id: 256, listButton: 20 } as const;

export type MessageBody = Record<string, unknown> & { messaging_product: 'whatsapp'; to: string; type: string };

export function textBody(to: string, text: string): MessageBody {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: text.slice(0, LIMITS.text), preview_url: false } };
}

/** How the choices of `message` are shown: which payload shape fits the platform's limits. */
export function choiceStyle(message: Outbound): 'none' | 'buttons' | 'list' | 'text' {
  const choices = message.choices ?? [];
  if (choices.length === 0) return 'none';
  if (message.text.length > LIMITS.body || message.text.length === 0 || choices.some((c) => c.id.length > LIMITS.id)) return 'text';
  if (choices.length <= LIMITS.buttons && choices.every((c, i) => buttonTitle(c, i, false).length <= LIMITS.buttonTitle)) return 'buttons';
  if (choices.length <= LIMITS.rows && choices.every((c, i) => rowOf(c, i) !== undefined)) return 'list';
  return 'text';
}

/** The body to POST to /{phone-number-id}/messages for a message without a file. */
export function messageBody(to: string, message: Outbound, texts: Texts, defaultLocale: Locale): MessageBody {
  const choices = message.choices ?? [];
  switch (choiceStyle(message)) {
    case 'buttons': {
      // Digits first: "1. Oui" when every numbered title fits, so typing the digit is shown to work.
      const numbered = choices.every((c, i) => buttonTitle(c, i, true).length <= LIMITS.buttonTitle);
      return {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: message.text },
          action: { buttons: choices.map((c, i) => ({ type: 'reply', reply: { id: c.id, title: buttonTitle(c, i, numbered) } })) },
        },
      };
    }
    case 'list': {
      const locale = message.locale ?? defaultLocale;
      return {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: message.text },
          action: {
            button: translate(texts, locale, 'whatsapp.choose.list_button').slice(0, LIMITS.listButton),
            sections: [{ rows: choices.map((c, i) => rowOf(c, i)) }],
          },
        },
      };
    }
    case 'text':
      return textBody(to, formatOutbound(message, texts, defaultLocale));
    case 'none':
      return textBody(to, message.text);
  }
}

function buttonTitle(choice: Choice, index: number, numbered: boolean): string {
  return numbered ? `${choice.number ?? index + 1}. ${choice.label}` : choice.label;
}

/** A list row: "2. Label" as its title when it fits, else the number as title and the label below. */
function rowOf(choice: Choice, index: number): { id: string; title: string; description?: string } | undefined {
  const number = choice.number ?? index + 1;
  const title = `${number}. ${choice.label}`;
  if (title.length <= LIMITS.rowTitle) return { id: choice.id, title };
  if (choice.label.length <= LIMITS.rowDescription) return { id: choice.id, title: String(number), description: choice.label };
  return undefined;
}
