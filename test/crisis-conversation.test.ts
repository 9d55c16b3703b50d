// Crisis words inside a conversation, without a staff console: the numbers come first (before the
// privacy notice of a new person, before anything else), then the question the person was answering
// comes back; unclear distress gets a gentle check with two choices.
import { afterEach, describe, expect, it } from 'vitest';
import { handoffFeature } from '../src/handoff/feature.js';
import { privacyFeature } from '../src/privacy/feature.js';
import { rightsFeature } from '../src/rights/feature.js';
import { DroitsChat } from './support/droits-chat.js';

let chat: DroitsChat | undefined;
afterEach(async () => {
  await chat?.stop();
  chat = undefined;
});

async function start(): Promise<DroitsChat> {
  chat = await DroitsChat.start({ features: [privacyFeature, rightsFeature, handoffFeature] });
  return chat;
}

/** Opens the rights questionnaire and returns its first question's text. */
async function atFirstRightsQuestion(c: DroitsChat, user: string): Promise<string> {
  await c.say(user, 'bonjour');
  const opened = await c.open(user, 'droits');
  const question = opened.find((line) => line.endsWith('?')) ?? opened.at(-1) ?? '';
  expect(question).not.toBe('');
  return question;
}

describe('crisis words in the middle of a conversation (no staff console)', () => {
  it('sends the numbers first, then asks the interrupted question again', async () => {
    const c = await start();
    const question = await atFirstRightsQuestion(c, 'u1');
    const reply = await c.say('u1', "j'ai plus envie de vivre");
    expect(reply[0]).toContain(c.t('fr', 'crisis.vous.intro.suicide'));
    expect(reply[0]).toContain(c.t('fr', 'crisis.numbers.n3114'));
    expect(reply.join('\n')).not.toContain(c.t('fr', 'crisis.vous.staff'));
    const resumeAt = reply.indexOf(c.t('fr', 'core.resume'));
    expect(resumeAt).toBeGreaterThan(0);
    expect(reply.slice(resumeAt)).toContain(question);
  });

  it('gives a new person the numbers before the privacy notice', async () => {
    const c = await start();
    const reply = await c.say('u2', 'mon copain me frappe');
    expect(reply[0]).toContain(c.t('fr', 'crisis.vous.intro.violence'));
    const notice = reply.indexOf(c.t('fr', 'privacy.notice'));
    expect(notice).toBeGreaterThan(0);
  });

  it('answers Arabic crisis words in Arabic to a new person', async () => {
    const c = await start();
    const reply = await c.say('u3', 'بغيت نموت');
    expect(reply[0]).toContain(c.t('ar', 'crisis.vous.intro.suicide'));
    expect(reply[0]).toContain(c.t('ar', 'crisis.numbers.n3114'));
  });
});

describe('unclear distress: a gentle check', () => {
  it('asks "est-ce que ça va ?"; "non" gives the distress numbers, then the question comes back', async () => {
    const c = await start();
    const question = await atFirstRightsQuestion(c, 'u4');
    const check = await c.say('u4', 'chui fatigué de tout');
    expect(check).toContain(c.t('fr', 'crisis.vous.check.prompt'));
    expect(check).toContain(`2. ${c.t('fr', 'crisis.vous.check.help')}`);
    const help = await c.say('u4', '2');
    expect(help[0]).toContain(c.t('fr', 'crisis.vous.intro.distress'));
    expect(help.join('\n')).toContain(c.t('fr', 'crisis.numbers.n3114'));
    expect(help).toContain(question);
  });

  it('"oui" says the door stays open and goes back to the question', async () => {
    const c = await start();
    const question = await atFirstRightsQuestion(c, 'u5');
    await c.say('u5', "personne m'aime");
    const ok = await c.say('u5', '1');
    expect(ok.join('\n')).toContain(c.t('fr', 'crisis.vous.check.glad'));
    expect(ok).toContain(question);
    expect(ok.join('\n')).not.toContain(c.t('fr', 'crisis.numbers.n3114'));
  });
});
