// "Mes démarches en ligne" through the real conversation service: the menu follows
// flows/data/eservices.yaml; each service says what it is for and gives its address.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDataError } from '../src/data/load-yaml.js';
import { loadRightsData } from '../src/rights/load.js';
import { DroitsChat } from './support/droits-chat.js';

const loaded = loadRightsData();
if (!loaded.ok) throw new Error(loaded.errors.map(formatDataError).join('\n'));
const { eservices } = loaded.value.eservices.value;

/** Choices shown on one page of a list longer than 7 (src/engine/pages.ts). */
const PER_PAGE = 6;

let chat: DroitsChat;

/** Chooses the `index`-th entry of the list of services, turning the page when it is on the second. */
async function pick(user: string, index: number): Promise<string[]> {
  if (index < PER_PAGE) return chat.say(user, String(index + 1));
  await chat.say(user, String(PER_PAGE + 1));
  return chat.say(user, String(index - PER_PAGE + 1));
}
beforeEach(async () => {
  chat = await DroitsChat.start();
});
afterEach(async () => {
  await chat.stop();
});

describe('demarches: my online procedures', () => {
  it('appears in the main menu and lists every e-service of the data, then "back to the menu"', async () => {
    const menu = await chat.say('e1', 'bonjour');
    const entry = menu.find((line) => line.endsWith(chat.t('fr', 'droits.eservices.title'))) ?? '';
    expect(entry).toMatch(/^\d+\. /);
    const shown = await chat.say('e1', entry.split('.')[0] ?? '');
    expect(shown[0]).toBe(chat.t('fr', 'droits.eservices.help'));
    expect(shown[1]).toBe(chat.t('fr', 'droits.eservices.intro'));
    // 9 choices: a page of 6 and "7. Autres choix", then the rest (src/engine/pages.ts).
    const names = [...eservices.map((e) => chat.t('fr', `droits.eservice.${e.id}.name`)), chat.t('fr', 'droits.next.menu')];
    const numbered = (labels: string[]) => labels.map((l, i) => `${i + 1}. ${l}`);
    expect(shown.slice(2)).toEqual(numbered([...names.slice(0, PER_PAGE), chat.t('fr', 'core.choose.more')]));
    const rest = await chat.say('e1', String(PER_PAGE + 1));
    expect(rest.slice(1)).toEqual(numbered([...names.slice(PER_PAGE), chat.t('fr', 'core.choose.first')]));
  });

  it('shows each service with what it is for and its official address', async () => {
    await chat.open('e2', 'demarches');
    for (const [i, service] of eservices.entries()) {
      const shown = await pick('e2', i);
      expect(shown[0]).toBe(
        [
          chat.t('fr', `droits.eservice.${service.id}.name`),
          chat.t('fr', `droits.eservice.${service.id}.what`),
          chat.t('fr', 'droits.eservices.open', { url: service.url }),
          chat.t('fr', 'droits.eservices.safety'),
        ].join('\n'),
      );
      expect(shown[1]).toBe(chat.t('fr', 'droits.eservices.more'));
      // "See another service" brings the list back.
      const again = await chat.say('e2', '1');
      expect(again[0]).toBe(chat.t('fr', 'droits.eservices.intro'));
    }
  });

  it('goes back to the main menu from the list, and to places nearby after a service', async () => {
    await chat.open('e3', 'demarches');
    expect((await pick('e3', eservices.length))[0]).toBe(chat.t('fr', 'core.menu.prompt'));
    await chat.open('e3', 'demarches');
    await chat.say('e3', '1');
    expect((await chat.say('e3', '2'))[0]).toBe(chat.t('fr', 'droits.places.ask_town'));
  });

  it('speaks English, with the French addresses unchanged', async () => {
    await chat.say('e4', 'hello');
    await chat.say('e4', 'language');
    await chat.say('e4', '2');
    await chat.open('e4', 'demarches');
    const anef = eservices.findIndex((e) => e.id === 'anef');
    const shown = await pick('e4', anef);
    expect(shown[0]).toContain(chat.t('en', 'droits.eservice.anef.what'));
    expect(shown[0]).toContain('https://administration-etrangers-en-france.interieur.gouv.fr');
  });
});
