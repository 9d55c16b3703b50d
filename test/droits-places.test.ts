// "Lieux près de chez vous" and the rights result's "où me faire aider", through the real
// conversation service, Redis and the real flows and texts: a town picked, or a postal code or a
// town typed; at most three places offering the help needed, open now first, one line each, then
// one line with the official directory. Imported places are HelpPlace fixtures; the clock is fixed
// in Paris.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Outbound } from '../src/core/message.js';
import { formatDataError } from '../src/data/load-yaml.js';
import { ANSWER_MAX_MESSAGES, fitsMessage } from '../src/i18n/budget.js';
import { LOCALES, type Locale } from '../src/i18n/locales.js';
import { createRightsFeature, rightsFeature } from '../src/rights/feature.js';
import { IMPORTED_PLACES_FILE } from '../src/places/model.js';
import { loadRightsData } from '../src/rights/load.js';
import { DroitsChat } from './support/droits-chat.js';
import { FIXTURE_PLACES, SUNDAY_10H, TUESDAY_10H } from './support/help-places.js';

const loaded = loadRightsData();
if (!loaded.ok) throw new Error(loaded.errors.map(formatDataError).join('\n'));
const { national } = loaded.value.places.value;
const annuaire = national.find((n) => n.id === 'annuaire')?.website?.value ?? '';

const withFixtures = createRightsFeature(() => ({ places: FIXTURE_PLACES, errors: [] }));

const chats: DroitsChat[] = [];
afterEach(async () => {
  for (const chat of chats.splice(0)) await chat.stop();
});

async function start(now: Date = TUESDAY_10H, feature = withFixtures): Promise<DroitsChat> {
  const chat = await DroitsChat.start({ features: [feature], clock: () => now });
  chats.push(chat);
  return chat;
}

/** What the bot sends for one message of the person (whole messages, choices included). */
async function turn(chat: DroitsChat, user: string, act: () => Promise<unknown>): Promise<Outbound[]> {
  const from = chat.channel.sent.length;
  await act();
  return chat.channel.sent.slice(from).filter((s) => s.to.userId === user).map((s) => s.message);
}

/** The answer to a town: the messages before the next question ("Que voulez-vous faire…"). */
async function placesFor(chat: DroitsChat, user: string, typed: string, locale: Locale = 'fr'): Promise<string[]> {
  const sent = await turn(chat, user, () => chat.say(user, typed));
  const answer = sent.filter((m) => !m.choices).map((m) => m.text);
  expect(sent.at(-1)?.text).toBe(chat.t(locale, 'droits.places.after'));
  return answer.filter((m) => m !== chat.t(locale, 'droits.places.after'));
}

async function inLanguage(chat: DroitsChat, user: string, locale: Locale): Promise<void> {
  await chat.say(user, 'bonjour');
  if (locale === 'fr') return;
  await chat.say(user, 'langue');
  await chat.say(user, String(LOCALES.indexOf(locale) + 1));
}

/** The lines of an answer, and the places' lines among them ("• name : address. hours."). */
const lines = (answer: readonly string[]) => answer.flatMap((m) => m.split('\n'));
const placeLines = (answer: readonly string[]) => lines(answer).filter((l) => l.startsWith('• '));

describe('lieux: a town picked or typed', () => {
  it('"lieux" → "rbx": three places, one line each, open now first with "ouvert jusqu\'à", then the directory line', async () => {
    const chat = await start();
    await chat.open('u1', 'lieux');
    const answer = await placesFor(chat, 'u1', 'rbx');
    // With the next question, at most four messages.
    expect(answer.length).toBeLessThan(ANSWER_MAX_MESSAGES);
    expect(lines(answer)[0]).toBe(chat.t('fr', 'droits.places.header', { town: 'Roubaix' }));
    const places = placeLines(answer);
    expect(places).toEqual([
      "• Espace numérique Roubaix-Centre : 10 rue du Centre, 59100 Roubaix. Ouvert jusqu'à 17 h. Téléphone : 03 20 00 00 01.",
      // No phone: its website instead.
      "• Point Numérique Épeule : 50 rue de l’Épeule, 59100 Roubaix. Ouvert jusqu'à 12 h. Site internet : https://example.org/epeule.",
      "• France Services Roubaix : 20 rue de la Poste, 59100 Roubaix. Fermé, ouvre aujourd'hui à 14 h.",
    ]);
    expect(lines(answer).at(-1)).toBe(chat.t('fr', 'droits.places.more', { url: annuaire }));
    // Leisure only: not a place that helps.
    expect(answer.join('\n')).not.toContain('Club Loisirs');
  });

  it('"59100", "Roubaix", "roubaix", the button and a typo give the same places', async () => {
    const chat = await start();
    await chat.open('u2', 'lieux');
    const reference = await placesFor(chat, 'u2', 'rbx');
    for (const typed of ['59100', 'Roubaix', 'roubaix', 'RBX', '2', 'Roubaox']) {
      await chat.open('u2', 'lieux');
      expect(await placesFor(chat, 'u2', typed), typed).toEqual(reference);
    }
    // A Telegram button press is a choice, not text: same places.
    await chat.open('u2', 'lieux');
    const pressed = await turn(chat, 'u2', () => chat.channel.receive('u2', { kind: 'choice', choiceId: 'lieux:town:roubaix' }));
    expect(pressed.filter((m) => !m.choices).map((m) => m.text).slice(0, 4)).toEqual(reference);
  });

  it('on a Sunday: "ouvre demain à 9 h", "ouvre mardi à 9 h 30", "ouvre mardi à 14 h"', async () => {
    const chat = await start(SUNDAY_10H);
    await chat.open('u3', 'lieux');
    const places = placeLines(await placesFor(chat, 'u3', 'Roubaix'));
    expect(places[0]).toContain('Fermé, ouvre demain à 9 h.');
    expect(places[1]).toContain('Fermé, ouvre mardi à 9 h 30.');
    expect(places[2]).toContain('Fermé, ouvre mardi à 14 h.');
  });

  it('an unknown town gets a kind hint naming what to type, then the postal code works', async () => {
    const chat = await start();
    await chat.open('u4', 'lieux');
    const hint = await chat.say('u4', 'Trifouillis');
    expect(hint).toEqual([chat.t('fr', 'droits.places.unknown_town')]);
    expect(hint[0]).toContain('59100');
    const answer = await placesFor(chat, 'u4', '59100');
    expect(answer[0]).toContain('Espace numérique Roubaix-Centre');
  });

  it('"Autre ville" asks the postal code: a town outside the three with places is accepted', async () => {
    const chat = await start();
    await chat.open('u5', 'lieux');
    expect(await chat.say('u5', '4')).toEqual([chat.t('fr', 'droits.places.ask_postcode')]);
    const answer = await placesFor(chat, 'u5', '59150');
    expect(answer[0]).toMatch(/^Des lieux qui peuvent vous aider à Wattrelos \(59150\) :/);
    // Said once, not per place.
    // Open (imported) first, then the CCAS (hand-written, its address without a postal code).
    expect(answer.join('\n')).toContain('Espace Wattrelos');
    expect(answer.join('\n')).toContain('CCAS de Wattrelos');
  });

  it('a postal code without any place: a kind message with the directory, and the national numbers', async () => {
    const chat = await start();
    await chat.open('u6', 'lieux');
    await chat.say('u6', '4');
    const answer = await placesFor(chat, 'u6', '59290');
    expect(answer[0]).toBe([chat.t('fr', 'droits.places.none', { town: '59290' }), chat.t('fr', 'droits.places.locator', { url: annuaire })].join('\n'));
    expect(answer[1]).toContain(chat.t('fr', 'droits.places.national.header'));
    for (const number of ['3230', '3646', '3949']) expect(answer[1]).toContain(number);
  });

  it('Lille: the hand-written CCAS wins over the imported record of the same place', async () => {
    const chat = await start();
    await chat.open('u7', 'lieux');
    const shown = (await placesFor(chat, 'u7', 'Lille')).join('\n');
    expect(shown).toContain('CCAS de Lille – Maison des Solidarités');
    expect(shown).toContain('• CCAS de Lille – Maison des Solidarités : 104-108 boulevard de Metz, Lille.');
    expect(shown).not.toContain('1 rue Fausse');
    expect(shown).not.toContain('CCAS de Lille - Maison des solidarités');
    // Its hours as the centre wrote them (not opening_hours syntax: nothing computed).
    expect(shown).toContain('Horaires : Lundi 13h30–17h');
  });

  it('forgets the town once used, and offers another town or the menu', async () => {
    const chat = await start();
    await chat.open('u8', 'lieux');
    await placesFor(chat, 'u8', '59100');
    expect((await chat.state('u8'))?.vars.lieux_town ?? null).toBeNull();
    expect((await chat.say('u8', '1'))[0]).toBe(chat.t('fr', 'droits.places.ask_town'));
    await placesFor(chat, 'u8', 'Tourcoing');
    expect((await chat.say('u8', '2'))[0]).toBe(chat.t('fr', 'core.menu.prompt'));
  });

  it('in fr, en and ar: at most 4 messages within the reading budget; Arabic lines never begin with a Latin word or digit', async () => {
    for (const now of [TUESDAY_10H, SUNDAY_10H]) {
      const chat = await start(now);
      for (const locale of LOCALES) {
        for (const typed of ['59100', 'Lille', '59290']) {
          const user = `u9-${locale}-${typed}`;
          await inLanguage(chat, user, locale);
          await chat.open(user, 'lieux');
          const answer = await placesFor(chat, user, typed, locale);
          // The answer and the next question.
          expect(answer.length + 1, `${locale} ${typed}`).toBeLessThanOrEqual(ANSWER_MAX_MESSAGES);
          for (const message of answer) {
            expect(fitsMessage(message), message).toBe(true);
            expect(message).not.toMatch(/\bdroits\.[a-z_]+\.|\bcore\.[a-z_]+\./);
            if (locale === 'ar') for (const line of lines([message])) expect(line, line).not.toMatch(/^[\s•]*[A-Za-z0-9\u00C0-\u024F]/u);
          }
        }
      }
    }
  });

  it('in Arabic: translated hours and labels, French names and addresses said so', async () => {
    const chat = await start(SUNDAY_10H);
    await inLanguage(chat, 'u10', 'ar');
    await chat.open('u10', 'lieux');
    const answer = await placesFor(chat, 'u10', 'روبيه', 'ar');
    expect(answer[0]).toContain(chat.t('ar', 'droits.places.header', { town: chat.t('ar', 'droits.places.town.roubaix') }));
    expect(answer[0]).toContain(chat.t('ar', 'droits.places.hours.opens', { when: chat.t('ar', 'core.days.at', { day: chat.t('ar', 'core.days.tomorrow'), time: chat.t('ar', 'droits.places.time.hour', { hour: 9, minute: '00' }) }) }));
    expect(placeLines(answer)[1]).toMatch(/^• مكان: Point Numérique Épeule، /);
    expect(answer.at(-1)).toContain(chat.t('ar', 'droits.places.values_language'));
  });
});

describe('droits: "où me faire aider" after the result', () => {
  it('asks the town, shows places offering "Aide aux démarches administratives", unknown hours and old dates said', async () => {
    const chat = await start();
    await chat.open('d1', 'droits');
    let shown: string[] = [];
    // Every question skipped; the children one has no "Passer" (its digits are counts): 0.
    const children = chat.t('fr', 'droits.question.children.text');
    for (let i = 0; i < 12 && !shown.includes(chat.t('fr', 'droits.next.prompt')); i++) shown = await chat.say('d1', shown.includes(children) ? '0' : 'passer');
    const options = shown.slice(shown.indexOf(chat.t('fr', 'droits.next.prompt')) + 1);
    const where = options.find((o) => o.endsWith(chat.t('fr', 'droits.next.places'))) ?? '';
    expect((await chat.say('d1', where.split('.')[0] ?? ''))[0]).toBe(chat.t('fr', 'droits.places.ask_town'));
    const sent = await turn(chat, 'd1', () => chat.say('d1', 'rbx'));
    const answer = sent.map((m) => m.text);
    expect(sent.length).toBeLessThanOrEqual(ANSWER_MAX_MESSAGES);
    expect(answer[0]).toMatch(new RegExp(`^${chat.t('fr', 'droits.places.header_admin', { town: 'Roubaix' })}\n• Espace numérique Roubaix-Centre : `));
    const places = placeLines(answer);
    expect(places).toHaveLength(3);
    expect(places[1]).toMatch(/^• France Services Roubaix : /);
    // Internet access only: not for procedures.
    expect(answer.join('\n')).not.toContain('Point Numérique Épeule');
    expect(places[2]).toMatch(/^• Association Connectée : /);
    expect(places[2]).toContain('Horaires non connus : appelez avant.');
    expect(places[2]).toContain(chat.t('fr', 'droits.places.old', { year: '2023' }));
    expect(places[1]).not.toContain('à vérifier');
    expect(lines(answer.slice(0, -1)).at(-1)).toBe(chat.t('fr', 'droits.places.more', { url: annuaire }));
    // Then the same choices as after the result.
    expect(answer.at(-1)).toBe(chat.t('fr', 'droits.next.prompt'));
    expect((await chat.state('d1'))?.vars.droits_town ?? null).toBeNull();
  });
});

describe('hand-written places only (no import)', () => {
  it('Lille: the hand-written places that have an address; Tourcoing: none yet, so the directory and the national numbers', async () => {
    const chat = await start(TUESDAY_10H, createRightsFeature(() => ({ places: [], errors: [] })));
    await chat.open('h1', 'lieux');
    const lille = (await placesFor(chat, 'h1', 'Lille')).join('\n');
    expect(lille).toContain('CCAS de Lille – Maison des Solidarités');
    expect(lille).toContain('CRIJ Hauts-de-France');
    // The CRIJ's facts are from 2019.
    expect(lille).toContain(chat.t('fr', 'droits.places.old', { year: '2019' }));
    // Places without an address are not places to go.
    expect(lille).not.toContain("Centre social de l'Arbrisseau");
    await chat.open('h1', 'lieux');
    const tourcoing = await placesFor(chat, 'h1', 'Tourcoing');
    expect(tourcoing[0]).toContain(chat.t('fr', 'droits.places.none', { town: 'Tourcoing' }));
    expect(tourcoing[0]).toContain(annuaire);
    expect(tourcoing[1]).toContain('3230');
  });
});

describe('the bot reads the imported places at start', () => {
  it('from FLOWS_DIR/data/places-imported.json (npm run places:import)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'droits-flows-'));
    try {
      cpSync('flows', dir, { recursive: true });
      const place = FIXTURE_PLACES.find((p) => p.id === 't1');
      writeFileSync(join(dir, 'data', IMPORTED_PLACES_FILE), JSON.stringify({ standard: 'test', importedFrom: 'test', places: [place] }, null, 2));
      const chat = await DroitsChat.start({ features: [rightsFeature], flowsDir: dir, clock: () => TUESDAY_10H });
      chats.push(chat);
      await chat.open('i1', 'lieux');
      const answer = await placesFor(chat, 'i1', '59200');
      expect(answer[0]).toContain('Médiathèque de Tourcoing');
      expect(answer[0]).toContain("Ouvert jusqu'à 18 h.");
    } finally {
      for (const chat of chats.splice(0)) await chat.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
