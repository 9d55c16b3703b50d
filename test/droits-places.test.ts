// The lieux flow through the real conversation service: per town, only facts that have a source
// and a date; where one is missing, the national number and the official directory instead.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDataError } from '../src/data/load-yaml.js';
import { loadRightsData } from '../src/rights/load.js';
import { PLACE_FIELDS, TOWNS, type Town } from '../src/rights/schema.js';
import { DroitsChat } from './support/droits-chat.js';

const loaded = loadRightsData();
if (!loaded.ok) throw new Error(loaded.errors.map(formatDataError).join('\n'));
const { places, national } = loaded.value.places.value;
const annuaire = national.find((n) => n.id === 'annuaire')?.website?.value ?? '';

const chats: DroitsChat[] = [];
const temps: string[] = [];
afterEach(async () => {
  for (const chat of chats.splice(0)) await chat.stop();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(flowsDir?: string): Promise<DroitsChat> {
  const chat = await DroitsChat.start(flowsDir ? { flowsDir } : {});
  chats.push(chat);
  return chat;
}

/** Opens the lieux flow and picks `town` by its digit; returns the messages the person reads. */
async function listMessages(chat: DroitsChat, user: string, town: Town): Promise<string[]> {
  await chat.open(user, 'lieux');
  return chat.say(user, String(TOWNS.indexOf(town) + 1));
}

async function listTown(chat: DroitsChat, user: string, town: Town): Promise<string> {
  return (await listMessages(chat, user, town)).join('\n');
}

describe('lieux: places nearby', () => {
  it('Lille: the CCAS Maison des Solidarités with its verified address, and no other town', async () => {
    const chat = await start();
    const shown = await listTown(chat, 'u1', 'lille');
    expect(shown).toContain(chat.t('fr', 'droits.places.header', { town: 'Lille' }));
    const ccas = places.find((p) => p.id === 'ccas_lille');
    expect(ccas?.address?.value).toBe('104-108 boulevard de Metz, Lille');
    expect(shown).toContain(chat.t('fr', 'droits.places.line', { label: chat.t('fr', 'droits.places.field.address'), value: ccas?.address?.value }));
    for (const place of places) {
      if (place.town === 'lille') expect(shown).toContain(place.name);
      else expect(shown).not.toContain(place.name);
    }
    // Every verified field of a Lille place is shown; the national numbers are for "other".
    for (const place of places.filter((p) => p.town === 'lille')) {
      for (const field of PLACE_FIELDS) if (place[field]) expect(shown).toContain(place[field]?.value);
    }
    expect(shown).not.toContain(chat.t('fr', 'droits.places.national.header'));
    expect(shown).toContain(chat.t('fr', 'droits.places.appointment'));
    // Then the person may pick another town or go back to the menu.
    expect(shown).toContain(chat.t('fr', 'droits.places.after'));
  });

  it('a place without a verified address points to the national number and the official directory', async () => {
    const chat = await start();
    const phoneOf = (id: string | undefined) => national.find((n) => n.id === id)?.phone?.value;
    let withNumber = 0;
    for (const town of ['lille', 'roubaix', 'tourcoing'] as const) {
      const messages = await listMessages(chat, `u2-${town}`, town);
      for (const place of places.filter((p) => p.town === town && !p.address)) {
        const block = messages.find((m) => m.startsWith(`${place.name}\n`));
        const phone = place.phone ? undefined : phoneOf(place.fallback);
        if (phone) withNumber++;
        expect(block, place.id).toContain(chat.t('fr', 'droits.places.no_address'));
        expect(block, place.id).toContain(phone ? chat.t('fr', 'droits.places.call_or_locator', { phone, url: annuaire }) : chat.t('fr', 'droits.places.locator', { url: annuaire }));
        for (const field of PLACE_FIELDS) if (!place[field]) expect(block, place.id).not.toContain(chat.t('fr', 'droits.places.line', { label: chat.t('fr', `droits.places.field.${field}`), value: '' }));
      }
    }
    // e.g. Maison des Services du Blanc Seau (Tourcoing) has no phone: the Assurance Maladie's 3646.
    expect(withNumber).toBeGreaterThan(0);
  });

  it('shows the Lille CCAS address only while it is verified in the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'droits-flows-'));
    temps.push(dir);
    cpSync('flows', dir, { recursive: true });
    const file = join(dir, 'data', 'places.yaml');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(/(- id: ccas_lille\n(?: {4}.*\n)*? {4})address:\n(?: {6}.*\n)+/, '$1address: null\n');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const chat = await start(dir);
    const shown = await listTown(chat, 'u3', 'lille');
    expect(shown).toContain('CCAS de Lille – Maison des Solidarités');
    expect(shown).not.toContain('boulevard de Metz');
    expect(shown).toContain(chat.t('fr', 'droits.places.locator', { url: annuaire }));
  });

  it('"other town": the places around, then the national numbers and the directory', async () => {
    const chat = await start();
    const shown = await listTown(chat, 'u4', 'other');
    expect(shown).toContain(chat.t('fr', 'droits.places.header_other'));
    expect(shown).toContain(chat.t('fr', 'droits.places.national.header'));
    for (const number of ['3230', '3646', '3949', '0 809 401 401', '0 805 204 805']) expect(shown).toContain(number);
    expect(shown).toContain(annuaire);
    for (const place of places) expect(shown.includes(place.name)).toBe(place.town === 'other');
  });

  it('Tourcoing in Arabic: translated labels, French values, and a note saying so', async () => {
    const chat = await start();
    await chat.say('u5', 'bonjour');
    await chat.say('u5', 'langue');
    await chat.say('u5', '3');
    const shown = await listTown(chat, 'u5', 'tourcoing');
    expect(shown).toContain(chat.t('ar', 'droits.places.header', { town: chat.t('ar', 'droits.places.town.tourcoing') }));
    expect(shown).toContain(chat.t('ar', 'droits.places.values_language'));
    expect(shown).toContain('MJC La Fabrique');
    expect(shown).toContain(chat.t('ar', 'droits.places.line', { label: chat.t('ar', 'droits.places.field.website'), value: 'https://mjclafabrique.fr' }));
    expect(shown).not.toMatch(/\bdroits\.[a-z_]+\./);
  });

  it('lets the person choose another town, then go back to the menu', async () => {
    const chat = await start();
    await listTown(chat, 'u6', 'lille');
    expect((await chat.say('u6', '1'))[0]).toBe(chat.t('fr', 'droits.places.ask_town'));
    await chat.say('u6', '2');
    const menu = await chat.say('u6', '2');
    expect(menu[0]).toBe(chat.t('fr', 'core.menu.prompt'));
  });
});
