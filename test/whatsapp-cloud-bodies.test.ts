// Every message body the cloud adapter builds (text, reply buttons, list, numbered text, templates from
// flows/data/whatsapp-templates.yaml) is accepted by the fake Graph API, which validates the way Meta
// documents: a rejected body would be a message the person never gets.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choiceStyle, messageBody } from '../src/channels/whatsapp-cloud/interactive.js';
import { loadTemplates, templateBody } from '../src/channels/whatsapp-cloud/templates.js';
import type { Outbound } from '../src/core/message.js';
import { translate } from '../src/i18n/locales.js';
import { startFakeGraphApi, type FakeGraphApi } from './support/fake-graph-api.js';
import { approvedTemplates } from './support/whatsapp-cloud-channel.js';
import { realContent } from './support/whatsapp-channel.js';

const templates = loadTemplates('flows/data/whatsapp-templates.yaml');
let fake: FakeGraphApi;

beforeAll(async () => {
  // Only the templates of the file are "approved", with their body variables and buttons.
  fake = await startFakeGraphApi({ templates: approvedTemplates(templates) });
  await fake.userSendsText('33612340001', 'bonjour').catch(() => undefined); // no webhook: only opens the window
});

afterAll(async () => {
  await fake.close();
});

async function post(body: unknown): Promise<{ status: number; error?: { code: number; message: string } }> {
  const res = await fetch(`${fake.url}/v21.0/${fake.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { code: number; message: string } };
  return { status: res.status, ...(json.error ? { error: json.error } : {}) };
}

const label = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);
const outbound: fc.Arbitrary<Outbound> = fc.record({
  text: fc.string({ minLength: 1, maxLength: 1500 }).filter((s) => s.trim().length > 0),
  choices: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z]{1,8}:[a-z]{1,8}:[a-z0-9]{1,6}$/), label }), { maxLength: 14, selector: (c) => c.id }),
  locale: fc.constantFrom('fr' as const, 'en' as const, 'ar' as const),
});

describe('cloud message bodies against the fake Graph API', () => {
  it('are all accepted (buttons, lists, numbered text)', async () => {
    const texts = realContent().texts;
    const styles = new Set<string>();
    await fc.assert(
      fc.asyncProperty(outbound, async (message) => {
        styles.add(choiceStyle(message));
        const res = await post(messageBody('33612340001', message, texts, 'fr'));
        expect(res.error?.message ?? '').toBe('');
        expect(res.status).toBe(200);
      }),
      // Long text and 12 choices: the numbered-text fallback, which random draws seldom reach.
      { numRuns: 150, examples: [[{ text: 'Choisissez', choices: Array.from({ length: 12 }, (_, i) => ({ id: `a:b:${i}`, label: `Choix ${i}` })), locale: 'fr' }]] },
    );
    expect([...styles].sort()).toEqual(['buttons', 'list', 'none', 'text']);
  });

  it('builds reminder and staff templates that are approved with the right variables', async () => {
    for (const message of [
      { text: '⏰ Rappel : rendez-vous CAF\nmardi à 10 h', priority: 'high' as const, locale: 'fr' as const },
      { text: 'Bonjour, ici Karim du centre.', locale: 'ar' as const },
    ]) {
      const body = templateBody('33612349999', message, templates, realContent().texts, 'fr');
      expect(body).toBeDefined();
      expect(await post(body)).toEqual({ status: 200 });
    }
    const sent = fake.sentTo('33612349999');
    expect(sent.map((s) => s.text)).toEqual(['passerelle_rappel | ⏰ Rappel : rendez-vous CAF · mardi à 10 h', 'passerelle_message_equipe | Bonjour, ici Karim du centre.']);
  });

  it("carries a reminder's three buttons on the template's quick replies, in each language", async () => {
    const texts = realContent().texts;
    for (const locale of ['fr', 'en', 'ar'] as const) {
      const to = `3361234800${['fr', 'en', 'ar'].indexOf(locale)}`;
      const label = (key: string) => translate(texts, locale, `rappels.delivered.${key}`);
      const choices = ['done', 'tomorrow', 'stop'].map((key) => ({ id: `rappels-recu:delivered:${key}`, label: label(key) }));
      const body = templateBody(to, { text: `⏰ …\n${label('prompt')}`, priority: 'high', locale, choices }, templates, texts, 'fr');
      expect(await post(body)).toEqual({ status: 200 });
      const [sent] = fake.sentTo(to);
      // The person sees the approved button texts; a tap comes back with our choice id.
      expect(sent?.choices).toEqual(choices.map((c) => ({ id: c.id, title: c.label })));
      expect(sent?.text).toBe(`passerelle_rappel | ⏰ … · ${label('prompt')}`);
    }
  });

  it('writes other choices as numbers in the variable, and the template is still accepted', async () => {
    const body = templateBody('33612348100', { text: 'Votre avis ?', priority: 'high', locale: 'fr', choices: [{ id: 'a:b:yes', label: 'Oui' }, { id: 'a:b:no', label: 'Non' }] }, templates, realContent().texts, 'fr');
    expect(await post(body)).toEqual({ status: 200 });
    const [sent] = fake.sentTo('33612348100');
    expect(sent?.text).toMatch(/^passerelle_rappel \| Votre avis \? .*· 1\. Oui · 2\. Non$/);
    // The approved buttons show anyway; tapping one sends its text, which the conversation reads as typed.
    expect(sent?.choices.map((c) => c.id)).toEqual(['C\'est fait', 'Rappelle-moi demain', 'Arrête ce rappel']);
  });

  it('is refused by Meta when a payload names a button the template does not have', async () => {
    const body = templateBody('33612348200', { text: 'x', priority: 'high', locale: 'fr', choices: ['done', 'tomorrow', 'stop'].map((k) => ({ id: `rappels-recu:delivered:${k}`, label: translate(realContent().texts, 'fr', `rappels.delivered.${k}`) })) }, templates, realContent().texts, 'fr');
    const template = body?.template as { components: Array<Record<string, unknown>> };
    template.components.push({ type: 'button', sub_type: 'quick_reply', index: '3', parameters: [{ type: 'payload', payload: 'x' }] });
    expect(await post(body)).toMatchObject({ status: 400, error: { code: 131009 } });
  });
});
