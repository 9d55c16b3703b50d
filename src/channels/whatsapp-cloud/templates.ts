// The templates that carry a message outside the 24-hour window (flows/data/whatsapp-templates.yaml),
// validated at start-up (errors as file:line), and the template message body built for one Outbound.
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import type { Outbound } from '../../core/message.js';
import { LOCALES, type Locale } from '../../i18n/locales.js';
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

/** The template body for `message`, or undefined when no template fits (no purpose or no language). */
export function templateBody(to: string, message: Outbound, templates: Templates, defaultLocale: Locale): MessageBody | undefined {
  const template = templates[purposeOf(message)];
  if (!template) return undefined;
  const language = template.languages[message.locale ?? defaultLocale] ?? template.languages[defaultLocale];
  if (!language) return undefined;
  const parameters = template.parameters.map(() => ({ type: 'text', text: asParameter(message.text) }));
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name: template.name,
      language: { code: language },
      ...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
    },
  };
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
