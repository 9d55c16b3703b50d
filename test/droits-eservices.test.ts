// "Mes démarches en ligne" through the real conversation service: the menu follows
// flows/data/eservices.yaml; each service says what it is for and gives its address.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDataError } from '../src/data/load-yaml.js';
import { loadRightsData } from '../src/rights/load.js';
import { DroitsChat } from './support/droits-chat.js';

const loaded = loadRightsData();
if (!loaded.ok) throw new Error(loaded.errors.map(formatDataError).join('\n'));
const { eservices } = loaded.value.eservices.value;

let chat: DroitsChat;
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
    expect(shown.slice(2)).toEqual([...eservices.map((e, i) => `${i + 1}. ${chat.t('fr', `droits.eservice.${e.id}.name`)}`), `${eservices.length + 1}. ${chat.t('fr', 'droits.next.menu')}`]);
  });

  it('shows each service with what it is for and its official address', async () => {
    await chat.open('e2', 'demarches');
    for (const [i, service] of eservices.entries()) {
      const shown = await chat.say('e2', String(i + 1));
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
    expect((await chat.say('e3', String(eservices.length + 1)))[0]).toBe(chat.t('fr', 'core.menu.prompt'));
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
    const shown = await chat.say('e4', String(anef + 1));
    expect(shown[0]).toContain(chat.t('en', 'droits.eservice.anef.what'));
    expect(shown[0]).toContain('https://administration-etrangers-en-france.interieur.gouv.fr');
  });
});
