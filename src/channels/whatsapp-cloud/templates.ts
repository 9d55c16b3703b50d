// The templates that carry a message outside the 24-hour window (flows/data/whatsapp-templates.yaml),
// validated at start-up (errors as file:line), and the template message body built for one Outbound.
// A template may have quick-reply buttons (a reminder's "C'est fait / Rappelle-moi demain / Arrête ce
// rappel"): their texts are fixed when Meta approves the template, so the file names the locale key
// of each, and a message whose choices read exactly those texts puts its choice ids in the buttons'
// payloads (the tap comes back as that choice). Otherwise its choices go in the variable as
// numbered text, and a tap comes back as the button's text.
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import type { Outbound } from '../../core/message.js';
import { LOCALES, translate, type Locale, type Texts } from '../../i18n/locales.js';
import { formatOutbound } from '../whatsapp/format.js';
import { formatDataError, loadYamlFile, parseYamlText, type LoadResult } from '../../data/load-yaml.js';
import type { MessageBody } from './interactive.js';

export const TEMPLATES_FILE = 'whatsapp-templates.yaml';

/** Why a message goes out of the window: a reminder (priority 'high') or an educator's message. */
export const PURPOSES = ['reminder', 'staff'] as const;
export type Purpose = (typeof PURPOSES)[number];

const templateSchema = z
  .object({
    /** Template names are lowercase letters, digits and underscores (Meta's rule). */
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be the template name: lowercase letters, digits and _'),
    languages: z.partialRecord(z.enum(LOCALES), z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a language code such as fr, en_US or ar')),
    parameters: z.array(z.enum(['text'])).default([]),
    /** The locale keys of the template's quick-reply buttons, in their order (Meta allows 10). */
    buttons: z.array(z.string().min(1)).max(10).default([]),
  })
  .strict()
  .refine((t) => Object.keys(t.languages).length > 0, 'must give at least one language');

export const templatesSchema = z.object({ templates: z.partialRecord(z.enum(PURPOSES), templateSchema).default({}) }).strict();

export type TemplateConfig = z.output<typeof templateSchema>;
export type Templates = Partial<Record<Purpose, TemplateConfig>>;

function unwrap(result: LoadResult<z.output<typeof templatesSchema>>): Templates {
  if (!result.ok) throw new ConfigError(`WhatsApp templates are invalid:\n${result.errors.map((e) => `  ${formatDataError(e)}`).join('\n')}`);
  return result.value.templates;
}

export function loadTemplates(file: string): Templates {
  return unwrap(loadYamlFile(file, templatesSchema));
}

export function parseTemplates(file: string, text: string): Templates {
  return unwrap(parseYamlText(file, text, templatesSchema));
}

/** Which purpose a message outside the window serves: reminders come with priority 'high'. */
export function purposeOf(message: Outbound): Purpose {
  return message.priority === 'high' ? 'reminder' : 'staff';
}

/** Meta's limits on a quick-reply button: its text (set at approval) and the payload we give it. */
export const QUICK_REPLY = { text: 25, payload: 128 } as const;

/** The template body for `message`, or undefined when no template fits (no purpose or no language). */
export function templateBody(to: string, message: Outbound, templates: Templates, texts: Texts, defaultLocale: Locale): MessageBody | undefined {
  const template = templates[purposeOf(message)];
  if (!template) return undefined;
  const locale = template.languages[message.locale ?? defaultLocale] ? (message.locale ?? defaultLocale) : defaultLocale;
  const language = template.languages[locale];
  if (!language) return undefined;
  const payloads = quickReplyPayloads(message, template, texts, locale);
  // Choices the buttons do not carry are read as numbered text: the person answers with a digit.
  const text = payloads || !message.choices?.length ? message.text : formatOutbound(message, texts, defaultLocale);
  const parameters = template.parameters.map(() => ({ type: 'text', text: asParameter(text) }));
  const components = [
    ...(parameters.length > 0 ? [{ type: 'body', parameters }] : []),
    ...(payloads ?? []).map((payload, index) => ({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] })),
  ];
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: { name: template.name, language: { code: language }, ...(components.length > 0 ? { components } : {}) },
  };
}

/** The choice ids for the template's buttons when the message's choices are those buttons, in order. */
function quickReplyPayloads(message: Outbound, template: TemplateConfig, texts: Texts, locale: Locale): string[] | undefined {
  const choices = message.choices ?? [];
  if (template.buttons.length === 0 || choices.length !== template.buttons.length) return undefined;
  const same = choices.every((c, i) => c.label === translate(texts, locale, template.buttons[i] ?? '') && c.id.length <= QUICK_REPLY.payload);
  return same ? choices.map((c) => c.id) : undefined;
}

/**
 * Start-up check of the buttons against the texts: each key exists in each language of its template
 * and fits a button (25 characters). Problems as `whatsapp-templates.yaml: templates.reminder.buttons[1]: …`.
 */
export function templateButtonProblems(templates: Templates, texts: Texts): string[] {
  const problems: string[] = [];
  for (const [purpose, template] of Object.entries(templates)) {
    template.buttons.forEach((key, i) => {
      for (const locale of LOCALES) {
        if (!template.languages[locale]) continue;
        const where = `${TEMPLATES_FILE}: templates.${purpose}.buttons[${i}]`;
        const text = texts[locale].get(key)?.text;
        if (text === undefined) problems.push(`${where}: no text "${key}" in ${locale}`);
        else if ([...text].length > QUICK_REPLY.text) problems.push(`${where}: "${key}" in ${locale} is ${[...text].length} characters (a button holds ${QUICK_REPLY.text})`);
      }
    });
  }
  return problems;
}

/** A template variable may hold no new line, tab or more than 4 spaces in a row (error 132018). */
export function asParameter(text: string): string {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' · ')
    .replace(/\s{2,}/g, ' ')
    .slice(0, 1024);
}
