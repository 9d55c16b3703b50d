// Choices → interactive payloads within the platform's limits, templates outside the 24-hour
// window, and Graph API error codes → what the adapter does.
import { describe, expect, it } from 'vitest';
import { choiceStyle, messageBody } from '../../src/channels/whatsapp-cloud/interactive.js';
import { asParameter, loadTemplates, parseTemplates, templateBody, templateButtonProblems } from '../../src/channels/whatsapp-cloud/templates.js';
import { classifyGraphError, graphErrorOf, retryAfterMs } from '../../src/channels/whatsapp-cloud/errors.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Choice } from '../../src/core/message.js';
import { realContent } from '../support/whatsapp-channel.js';

const texts = realContent().texts;
const choices = (labels: string[]): Choice[] => labels.map((label, i) => ({ id: `c${i}`, label }));

describe('choices → interactive messages', () => {
  it('shows 1 to 3 short choices as reply buttons carrying our ids', () => {
    const body = messageBody('336', { text: 'Vous venez ?', choices: choices(['Oui', 'Non']) }, texts, 'fr');
    expect(body.type).toBe('interactive');
    expect(body.interactive).toMatchObject({ type: 'button', body: { text: 'Vous venez ?' }, action: { buttons: [{ type: 'reply', reply: { id: 'c0', title: '1. Oui' } }, { type: 'reply', reply: { id: 'c1', title: '2. Non' } }] } });
  });

  it('drops the numbers from buttons when one numbered title would pass 20 characters', () => {
    const body = messageBody('336', { text: 'Vous venez ?', choices: choices(['Oui', 'Pas cette semaine-là']) }, texts, 'fr');
    const titles = (body.interactive as { action: { buttons: Array<{ reply: { title: string } }> } }).action.buttons.map((b) => b.reply.title);
    expect(titles).toEqual(['Oui', 'Pas cette semaine-là']);
  });

  it('uses a numbered list when a button title would pass 20 characters', () => {
    const message = { text: 'Quel sujet ?', choices: choices(['Logement et énergie', 'Famille et enfants à charge']) };
    expect(choiceStyle(message)).toBe('list');
    const rows = ((messageBody('336', message, texts, 'fr').interactive as { action: { sections: Array<{ rows: unknown[] }> } }).action.sections[0]?.rows);
    expect(rows).toEqual([
      { id: 'c0', title: '1. Logement et énergie' },
      { id: 'c1', title: '2', description: 'Famille et enfants à charge' },
    ]);
  });

  it('shows 4 to 10 choices as a list with a localised button, and more as numbered text', () => {
    const seven = messageBody('336', { text: 'Choisissez.', choices: choices(['A', 'B', 'C', 'D', 'E', 'F', 'G']), locale: 'en' }, texts, 'fr');
    expect((seven.interactive as { type: string; action: { button: string } }).type).toBe('list');
    expect((seven.interactive as { action: { button: string } }).action.button).toBe('See the choices');
    const eleven = messageBody('336', { text: 'Choisissez.', choices: choices('ABCDEFGHIJK'.split('')) }, texts, 'fr');
    expect(eleven.type).toBe('text');
    expect((eleven.text as { body: string }).body).toContain('11. K');
  });

  it('keeps the number a choice carries (0 = back)', () => {
    const body = messageBody('336', { text: 'Suite ?', choices: [{ id: 'x', label: 'Autre', number: 4 }, { id: 'y', label: 'Retour', number: 0 }, { id: 'z', label: 'Un', number: 1 }, { id: 'w', label: 'Deux', number: 2 }] }, texts, 'fr');
    const rows = (body.interactive as { action: { sections: Array<{ rows: Array<{ title: string }> }> } }).action.sections[0]?.rows.map((r) => r.title);
    expect(rows).toEqual(['4. Autre', '0. Retour', '1. Un', '2. Deux']);
  });

  it('sends plain text without choices', () => {
    expect(messageBody('336', { text: 'Bonjour' }, texts, 'fr')).toMatchObject({ type: 'text', to: '336', text: { body: 'Bonjour' } });
  });
});

const TEMPLATES = `templates:
  reminder:
    name: passerelle_rappel
    languages: { fr: fr, ar: ar }
    parameters: [text]
`;

describe('templates', () => {
  const templates = parseTemplates('whatsapp-templates.yaml', TEMPLATES);

  it('sends a reminder as its template, in the person’s language, with the text as one line', () => {
    const body = templateBody('336', { text: 'Rappel : CAF demain.\nRépondez 1.', priority: 'high', locale: 'ar' }, templates, texts, 'fr');
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '336',
      type: 'template',
      template: { name: 'passerelle_rappel', language: { code: 'ar' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Rappel : CAF demain. · Répondez 1.' }] }] },
    });
  });

  it('falls back to the default language, and has nothing for a purpose without a template', () => {
    expect((templateBody('336', { text: 'x', priority: 'high', locale: 'en' }, templates, texts, 'fr')?.template as { language: { code: string } }).language.code).toBe('fr');
    expect(templateBody('336', { text: 'Message de l’équipe' }, templates, texts, 'fr')).toBeUndefined();
  });

  it('reports a wrong file as file:line naming the field', () => {
    const bad = 'templates:\n  reminder:\n    name: Passerelle Rappel\n    languages: { fr: fr }\n';
    expect(() => parseTemplates('whatsapp-templates.yaml', bad)).toThrow(ConfigError);
    expect(() => parseTemplates('whatsapp-templates.yaml', bad)).toThrow(/whatsapp-templates\.yaml:3: templates\.reminder\.name/);
  });

  it('the shipped file is valid', async () => {
    const { loadTemplates } = await import('../../src/channels/whatsapp-cloud/templates.js');
    expect(Object.keys(loadTemplates('flows/data/whatsapp-templates.yaml')).sort()).toEqual(['reminder', 'staff']);
  });

  it("checks a template's buttons against the texts: a missing key or a text too long for a button", () => {
    const withButtons = parseTemplates('whatsapp-templates.yaml', `${TEMPLATES}    buttons: [rappels.delivered.done, rappels.delivered.nope]\n`);
    const long = new Map(texts.fr);
    long.set('rappels.delivered.done', { text: 'C’est fait, merci beaucoup à vous', file: 'rappels.yaml', line: 1 });
    expect(templateButtonProblems(withButtons, { ...texts, fr: long })).toEqual([
      'whatsapp-templates.yaml: templates.reminder.buttons[0]: "rappels.delivered.done" in fr is 33 characters (a button holds 25)',
      'whatsapp-templates.yaml: templates.reminder.buttons[1]: no text "rappels.delivered.nope" in fr',
      'whatsapp-templates.yaml: templates.reminder.buttons[1]: no text "rappels.delivered.nope" in ar',
    ]);
    expect(templateButtonProblems(loadTemplates('flows/data/whatsapp-templates.yaml'), texts)).toEqual([]);
  });

  it('template variables hold no new line or long spaces', () => {
    expect(asParameter('a\n\n  b     c\t')).toBe('a · b c');
  });
});

describe('Graph API errors', () => {
  const action = (status: number, code?: number) => classifyGraphError({ status, ...(code !== undefined ? { code } : {}) });
  it('waits and retries on rate limits and server failures', () => {
    expect(action(429)).toBe('rate-limited');
    expect(action(400, 130429)).toBe('rate-limited');
    expect(action(400, 131056)).toBe('rate-limited');
    expect(action(503)).toBe('transient');
  });
  it('gives up on a person who cannot receive, re-engages with a template, stops on a bad token', () => {
    expect(action(400, 131026)).toBe('blocked');
    expect(action(400, 131051)).toBe('blocked');
    expect(action(400, 131047)).toBe('re-engage');
    expect(action(401, 190)).toBe('auth');
    expect(action(400, 100)).toBe('rejected');
  });
  it('reads the error body and Retry-After', () => {
    expect(graphErrorOf(400, { error: { code: 131047, message: 'Re-engagement message to 33612345678', error_subcode: 2494010 } })).toEqual({ status: 400, code: 131047, subcode: 2494010, title: 'Re-engagement message to <number>' });
    expect(graphErrorOf(500, 'oops')).toEqual({ status: 500 });
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
