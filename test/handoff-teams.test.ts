// A person to talk to, for adults and young people alike, and the truth about who is there: the
// reception team (accueil) and the Promeneurs du Net, who is on duty (/present, /absent, the pinned
// card), sourced and unsourced hours, a new staff group, erasure for every way a conversation ends,
// "oubli" when Telegram refuses to delete a topic, unknown staff commands, and a flood in a topic.
// The real app, grammY against the local Bot API server, real Redis, real flows and texts.
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import type { SentMessage, SimUser } from './support/bot-api-server.js';
import { privacyFeature } from '../src/privacy/feature.js';
import { buttonsOf, realContent, STAFF_CHAT, startHandoffApp, t, type HandoffApp, lastId, sentTo, topicName } from './support/handoff-app.js';

// Monday 30 November 2026, 15:00 in Paris.
const MONDAY_AFTERNOON = new Date('2026-11-30T14:00:00Z');
// Saturday 5 December 2026, 18:00 in Paris.
const SATURDAY_EVENING = new Date('2026-12-05T17:00:00Z');

const adult: SimUser = { id: 4001, first_name: 'Nadia', language_code: 'fr' };
const adult2: SimUser = { id: 4002, first_name: 'Marc', language_code: 'fr' };
const youth: SimUser = { id: 3001, first_name: 'Inès', language_code: 'fr' };
const youth2: SimUser = { id: 3002, first_name: 'Yanis', language_code: 'fr' };
const lea: SimUser = { id: 501, first_name: 'Léa' };
const sami: SimUser = { id: 502, first_name: 'Sami' };

const apps: HandoffApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0).reverse()) await app.close();
});

async function start(now = MONDAY_AFTERNOON, opts: Partial<Parameters<typeof startHandoffApp>[0]> = {}): Promise<HandoffApp> {
  // With the privacy feature first, as in src/features.ts ("oubli", the notice at first contact).
  const app = await startHandoffApp({ now, before: [privacyFeature], ...opts, env: { HTTP_ENABLED: 'true', ...opts.env } });
  apps.push(app);
  app.server.setChatMember(STAFF_CHAT, lea.id, 'member');
  app.server.setChatMember(STAFF_CHAT, sami.id, 'administrator');
  return app;
}




/** An adult picks "Parler à une personne" in the menu, then "26 ans ou plus", and writes. */
async function adultAsks(app: HandoffApp, who: SimUser, message: string): Promise<{ card: SentMessage; thread: number }> {
  app.server.userSends(who, 'bonjour');
  const menu = await sentTo(app, who.id, t('fr', 'core.menu.prompt'));
  app.server.userPressesButton(who, menu.message_id, t('fr', 'parler.menu'));
  const question = await sentTo(app, who.id, t('fr', 'parler.who.prompt'), menu.message_id);
  app.server.userPressesButton(who, question.message_id, t('fr', 'parler.who.adult'));
  await sentTo(app, who.id, t('fr', 'accueil.intro'), question.message_id);
  await sentTo(app, who.id, t('fr', 'accueil.write'), question.message_id);
  const before = lastId(app, STAFF_CHAT);
  app.server.userSends(who, message);
  const card = await sentTo(app, STAFF_CHAT, 'Nouvelle demande', before);
  return { card, thread: card.message_thread_id ?? 0 };
}

/** A young person opens the Promeneurs by the deep link, gives an age band and a first message. */
async function youthAsks(app: HandoffApp, who: SimUser, message: string, age = 'promeneurs.age.from_15_to_17', staffChat = STAFF_CHAT): Promise<{ card: SentMessage; thread: number; code: string }> {
  const start = lastId(app, who.id);
  app.server.userSends(who, '/start promeneurs');
  const question = await sentTo(app, who.id, t('fr', 'promeneurs.age.prompt'), start);
  app.server.userPressesButton(who, question.message_id, t('fr', age));
  await sentTo(app, who.id, t('fr', 'promeneurs.write'), question.message_id);
  const before = lastId(app, staffChat);
  app.server.userSends(who, message);
  const card = await sentTo(app, staffChat, 'Nouvelle demande', before);
  return { card, thread: card.message_thread_id ?? 0, code: /#([A-Z0-9]{4})/.exec(card.text ?? '')?.[1] ?? '' };
}

async function health(app: HandoffApp): Promise<{ features?: { handoff?: { onDuty?: Record<string, number> } } }> {
  const res = await fetch(`http://127.0.0.1:${app.app.http.port}/healthz`);
  return (await res.json()) as { features?: { handoff?: { onDuty?: Record<string, number> } } };
}

async function onDutyMetric(app: HandoffApp, team: string): Promise<number> {
  const body = await (await fetch(`http://127.0.0.1:${app.app.http.port}/metrics`)).text();
  const line = body.split('\n').find((l) => l.startsWith(`passerelle_staff_on_duty{team="${team}"}`));
  return Number(line?.split(' ')[1]);
}

describe('an adult reaches the reception team, and is told only the truth about who is there', () => {
  it('goes to the reception in "vous"; "une personne est là" only while someone said /présent', async () => {
    const app = await start();
    const { card, thread } = await adultAsks(app, adult, 'Je n’arrive pas à me connecter à la CAF');
    expect(topicName(app, thread)).toMatch(/^🟡 Accueil #[A-Z0-9]{4} · Telegram$/);
    expect(card.text).toContain('Accueil #');
    // Nobody said they are on duty: no presence is claimed.
    const waiting = await sentTo(app, adult.id, t('fr', 'accueil.wait.unknown'));
    expect(waiting.text).toMatch(/vous/);
    expect((await health(app)).features?.handoff?.onDuty).toEqual({ promeneurs: 0, accueil: 0 });

    // Sami types "/présent" with its accent (Telegram does not see it as a command): on duty.
    app.server.userSends(sami, '/présent', { chatId: STAFF_CHAT });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.duty.present_you', { teams: 'Jeune, Accueil', until: '23:00' }));
    // The pinned card says who is on duty, with its buttons.
    await app.server.waitUntil(() => (app.server.messages(STAFF_CHAT).find((m) => (m.text ?? '').startsWith(t('fr', 'promeneurs.staff.duty.title')))?.text ?? '').includes('Sami'), { what: 'duty card shows Sami' });
    const pinned = await fetch(`${app.server.apiRoot}/bot${app.server.token}/getChat?chat_id=${STAFF_CHAT}`).then((r) => r.json() as Promise<{ result: { pinned_message?: Message } }>);
    expect(pinned.result.pinned_message?.text).toContain('Sami');
    expect((await health(app)).features?.handoff?.onDuty).toEqual({ promeneurs: 1, accueil: 1 });
    expect(await onDutyMetric(app, 'accueil')).toBe(1);

    await adultAsks(app, adult2, 'Bonjour, j’ai une question sur mes impôts');
    await sentTo(app, adult2.id, t('fr', 'accueil.wait.on_duty'));

    // "Je pars" on the pinned card: nobody is on duty any more.
    const dutyCard = app.server.messages(STAFF_CHAT).find((m) => (m.text ?? '').startsWith(t('fr', 'promeneurs.staff.duty.title')));
    const leave = buttonsOf(dutyCard ?? ({} as SentMessage)).find((b) => b.data === 'duty:absent:accueil');
    expect(leave?.text).toBe(t('fr', 'promeneurs.staff.duty.button_absent_team', { team: 'Accueil' }));
    app.server.userPressesButton(sami, dutyCard?.message_id ?? 0, leave?.text ?? '', { chatId: STAFF_CHAT });
    await app.server.waitForCall('answerCallbackQuery', { predicate: (c) => c.params.text === t('fr', 'promeneurs.staff.duty.absent_you', { teams: 'Accueil' }) });
    expect((await health(app)).features?.handoff?.onDuty).toEqual({ promeneurs: 1, accueil: 0 });

    // A forgotten /absent ends by itself after STAFF_DUTY_HOURS (8).
    app.clock.now = new Date(MONDAY_AFTERNOON.getTime() + 8 * 3_600_000 + 60_000);
    expect((await health(app)).features?.handoff?.onDuty).toEqual({ promeneurs: 0, accueil: 0 });
  });

  it('"quelqu\'un" from an adult who gave their age goes to the reception; the rights result\'s "talk" too', async () => {
    const app = await start();
    app.server.userSends(youth, '/start promeneurs');
    const question = await sentTo(app, youth.id, t('fr', 'promeneurs.age.prompt'));
    app.server.userPressesButton(youth, question.message_id, t('fr', 'promeneurs.age.over_25'));
    // Over 25: told kindly, then the reception's introduction in "vous".
    await sentTo(app, youth.id, t('fr', 'promeneurs.age.over_25_notice'), question.message_id);
    await sentTo(app, youth.id, t('fr', 'accueil.write'), question.message_id);
    app.server.userSends(youth, 'menu');
    await sentTo(app, youth.id, t('fr', 'core.menu.prompt'), question.message_id);
    const before = lastId(app, youth.id);
    app.server.userSends(youth, "quelqu'un");
    await sentTo(app, youth.id, t('fr', 'accueil.write'), before);
    // The rights result's "Parler à quelqu'un" leads to the reception (flows/droits.yaml, to-talk).
    const talk = realContent().flows.get('droits')?.flow.steps.find((s) => s.id === 'to-talk');
    expect(talk && 'flow' in talk ? talk.flow : undefined).toBe('accueil');
  });
});

describe('a young person reaches the Promeneurs du Net', () => {
  it('a deep link on first contact: the privacy notice, no general welcome, the introduction; the age band survives crisis words', async () => {
    const app = await start();
    app.server.userSends(youth, '/start promeneurs');
    const intro = await sentTo(app, youth.id, t('fr', 'promeneurs.intro'));
    const sent = app.server.sent(youth.id).map((m) => m.text ?? '');
    const notice = sent.findIndex((text) => text.includes(t('fr', 'privacy.notice')));
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(notice).toBeLessThan(sent.findIndex((text) => text.includes(t('fr', 'promeneurs.intro'))));
    expect(sent.some((text) => text.includes(t('fr', 'core.welcome')))).toBe(false);
    expect(intro.text).toMatch(/CAF/);
    const question = await sentTo(app, youth.id, t('fr', 'promeneurs.age.prompt'));
    app.server.userPressesButton(youth, question.message_id, t('fr', 'promeneurs.age.from_15_to_17'));
    await sentTo(app, youth.id, t('fr', 'promeneurs.write'), question.message_id);
    // The first message holds crisis words: numbers at once, and the card still knows the age band.
    app.server.userSends(youth, "j'ai envie de mourir");
    await sentTo(app, youth.id, t('fr', 'crisis.tu.intro.suicide'));
    const card = await sentTo(app, STAFF_CHAT, 'Nouvelle demande');
    expect(card.text).toContain(t('fr', 'promeneurs.staff.ages.15-17'));
    expect(topicName(app, card.message_thread_id ?? 0)).toMatch(/^🔴 Jeune #/);
  });

  it('sourced hours: says when the team is usually back, and nothing about hours while they are "usually there" but nobody is on duty', async () => {
    const teamsYaml = [
      'teams:',
      '  promeneurs:',
      '    flow: promeneurs',
      '    audience: youth',
      '    hours: "Mo-Fr 14:00-18:00; PH off"',
      '    source: "test fixture: the structure\'s permanence, 2026-11"',
      '  accueil:',
      '    flow: accueil',
      '    audience: adults',
      '',
    ].join('\n');
    const app = await start(SATURDAY_EVENING, { teamsYaml });
    await youthAsks(app, youth, 'tu es là ?');
    const next = t('fr', 'core.days.at', { day: t('fr', 'core.days.monday'), time: '14:00' });
    await sentTo(app, youth.id, t('fr', 'promeneurs.wait.usual', { next }));
    // Sunday: the update waits for the usual opening plus the delay.
    app.clock.now = new Date('2026-12-06T12:00:00Z');
    await app.service.tick();
    const nudge = t('fr', 'promeneurs.nudge.unknown');
    expect(app.server.sent(youth.id).filter((m) => m.text === nudge)).toHaveLength(0);
    // Monday 14:21: usually open, but nobody said /present: the update claims no presence.
    app.clock.now = new Date('2026-12-07T13:21:00Z');
    await app.service.tick();
    expect(app.server.sent(youth.id).filter((m) => m.text === nudge)).toHaveLength(1);
    await youthAsks(app, youth2, 'bonjour');
    await sentTo(app, youth2.id, t('fr', 'promeneurs.wait.unknown'));
  });
});

describe('a voice note reaches a person', () => {
  it('outside a conversation: offered to a person; "oui" then the team; the voice note is copied into the topic', async () => {
    const app = await start();
    app.server.userSends(adult, 'bonjour');
    const menu = await sentTo(app, adult.id, t('fr', 'core.menu.prompt'));
    app.server.userSendsKind(adult, 'voice');
    const offer = await sentTo(app, adult.id, t('fr', 'core.media.offer'), menu.message_id);
    expect(app.server.sent(adult.id).some((m) => m.text === t('fr', 'core.unsupported'))).toBe(false);
    app.server.userPressesButton(adult, offer.message_id, t('fr', 'core.media.yes'));
    const question = await sentTo(app, adult.id, t('fr', 'parler.who.prompt'), offer.message_id);
    app.server.userPressesButton(adult, question.message_id, t('fr', 'parler.who.adult'));
    const write = await sentTo(app, adult.id, t('fr', 'accueil.write'), question.message_id);
    // Asked to write, the person sends another voice note: that is their message.
    app.server.userSendsKind(adult, 'voice');
    await sentTo(app, adult.id, t('fr', 'accueil.wait.unknown'), write.message_id);
    const card = await sentTo(app, STAFF_CHAT, 'Nouvelle demande');
    const copies = await app.server.waitForSent({ chatId: STAFF_CHAT, method: 'copyMessage', threadId: card.message_thread_id ?? 0, count: 2 });
    expect(copies).toHaveLength(2);
    await sentTo(app, STAFF_CHAT, `📎 ${t('fr', 'promeneurs.staff.kinds.voice')}`);
  });

  it('"non" keeps it and takes the person back to their question', async () => {
    const app = await start();
    app.server.userSends(adult, 'bonjour');
    const menu = await sentTo(app, adult.id, t('fr', 'core.menu.prompt'));
    app.server.userPressesButton(adult, menu.message_id, t('fr', 'parler.menu'));
    const question = await sentTo(app, adult.id, t('fr', 'parler.who.prompt'), menu.message_id);
    app.server.userSendsKind(adult, 'photo');
    const offer = await sentTo(app, adult.id, t('fr', 'core.media.offer'), question.message_id);
    app.server.userPressesButton(adult, offer.message_id, t('fr', 'core.media.no'));
    await sentTo(app, adult.id, t('fr', 'core.media.kept'), offer.message_id);
    await sentTo(app, adult.id, t('fr', 'parler.who.prompt'), offer.message_id);
    expect(app.server.sent(STAFF_CHAT).some((m) => m.method === 'copyMessage')).toBe(false);
  });
});

describe('staff groups and topics', () => {
  it('a new staff group never reuses a topic of the old one', async () => {
    const OTHER_GROUP = -1009000000002;
    const first = await start();
    const old = await youthAsks(first, youth, 'bonjour');
    first.server.userSends(lea, '/rendre', { chatId: STAFF_CHAT, threadId: old.thread });
    await sentTo(first, youth.id, t('fr', 'promeneurs.released', { name: 'Léa' }));
    apps.splice(apps.indexOf(first), 1);
    const server = first.server;
    const prefix = first.prefix;
    await first.app.stop();
    await first.redis.quit();

    server.createSupergroup(OTHER_GROUP, { isForum: true, title: 'Nouveau groupe' });
    server.setChatMember(OTHER_GROUP, sami.id, 'member');
    const second = await startHandoffApp({ now: MONDAY_AFTERNOON, server, prefix, env: { TELEGRAM_STAFF_CHAT_ID: String(OTHER_GROUP) } });
    try {
      const again = await youthAsks(second, youth, 'me revoilà', 'promeneurs.age.from_15_to_17', OTHER_GROUP);
      // A new topic in the new group (thread numbers are per group, so the old number may come back).
      expect(server.calls('createForumTopic').filter((c) => Number(c.params.chat_id) === OTHER_GROUP)).toHaveLength(1);
      expect(again.code).not.toBe('');
      expect(topicName(second, again.thread, OTHER_GROUP)).toMatch(/^🟡 Jeune #/);
      // Nothing of the new conversation lands in the old group.
      expect(server.sent(STAFF_CHAT).some((m) => (m.text ?? '').includes('me revoilà'))).toBe(false);
      second.server.userSends(sami, '/prendre', { chatId: OTHER_GROUP, threadId: again.thread });
      await sentTo(second, OTHER_GROUP, t('fr', 'promeneurs.staff.taken', { name: 'Sami' }));
    } finally {
      await second.close();
      await server.close();
    }
  });

  it('an unknown slash command in a topic is never relayed: the educator is told', async () => {
    const app = await start();
    const { thread } = await youthAsks(app, youth, 'salut');
    app.server.userSends(lea, '/prendre', { chatId: STAFF_CHAT, threadId: thread });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.taken', { name: 'Léa' }));
    const before = app.server.sent(youth.id).length;
    app.server.userSends(lea, '/notes à revoir avec la CPE', { chatId: STAFF_CHAT, threadId: thread });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.unknown_command', { command: '/notes' }));
    await app.app.conversations.idle();
    expect(app.server.sent(youth.id)).toHaveLength(before);
  });

  it('a flood lands as ten posts, one notice and one grouped post, nothing lost', async () => {
    const app = await start();
    const { thread, code } = await youthAsks(app, youth, 'salut');
    app.server.userSends(lea, '/prendre', { chatId: STAFF_CHAT, threadId: thread });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.taken', { name: 'Léa' }));
    for (let i = 1; i <= 15; i++) app.server.userSends(youth, `message ${i}`);
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.flood_held', { code }));
    await app.app.conversations.idle();
    const posts = (): string[] => app.server.sent(STAFF_CHAT).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? '');
    // Ten pass one by one, the other five wait.
    expect(posts().filter((p) => /^💬 #\w+ : message \d+$/.test(p))).toEqual(Array.from({ length: 10 }, (_, i) => `💬 #${code} : message ${i + 1}`));
    app.clock.now = new Date(MONDAY_AFTERNOON.getTime() + 61_000);
    await app.service.tick();
    const grouped = await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.flood_grouped', { code, count: 5, texts: '' }).trim());
    for (let i = 11; i <= 15; i++) expect(grouped.text).toContain(`• message ${i}`);
    expect(grouped.message_thread_id).toBe(thread);
  });
});

describe('privacy', () => {
  it('every way a conversation ends is erased after the retention: handed back, stopped by the person', async () => {
    const app = await start();
    const released = await youthAsks(app, youth, 'bonjour');
    app.server.userSends(lea, '/rendre', { chatId: STAFF_CHAT, threadId: released.thread });
    await sentTo(app, youth.id, t('fr', 'promeneurs.released', { name: 'Léa' }));
    await youthAsks(app, youth2, 'salut');
    app.server.userSends(youth2, 'stop');
    await sentTo(app, youth2.id, t('fr', 'promeneurs.stopped'));

    app.clock.now = new Date(MONDAY_AFTERNOON.getTime() + 29 * 86_400_000);
    await app.service.tick();
    expect(await app.service.record({ channel: 'telegram', userId: String(youth.id) })).toBeDefined();
    app.clock.now = new Date(MONDAY_AFTERNOON.getTime() + 31 * 86_400_000);
    await app.service.tick();
    for (const who of [youth, youth2]) expect(await app.service.record({ channel: 'telegram', userId: String(who.id) })).toBeUndefined();
    expect(app.server.calls('deleteForumTopic').filter((c) => c.response?.ok)).toHaveLength(2);
    expect(await app.redis.keys(`${app.prefix}:topic:*`)).toEqual([]);
  });

  it('"oubli" when Telegram refuses to delete the topic: retried, then the person is told the truth and the staff asked to delete it', async () => {
    const app = await start();
    const { thread, code } = await youthAsks(app, youth, 'bonjour');
    app.server.failNext('deleteForumTopic', { code: 400, description: 'Bad Request: CHAT_ADMIN_REQUIRED' }, 3);
    app.server.userSends(youth, 'oubli');
    const confirm = await sentTo(app, youth.id, t('fr', 'privacy.confirm_forget'));
    app.server.userSends(youth, 'oui');
    await sentTo(app, youth.id, t('fr', 'privacy.incomplete.staff_topic'), confirm.message_id);
    await sentTo(app, youth.id, t('fr', 'privacy.erased_partly'), confirm.message_id);
    expect(app.server.sent(youth.id).map((m) => m.text)).not.toContain(t('fr', 'privacy.erased'));
    expect(app.server.calls('deleteForumTopic')).toHaveLength(3);
    const notice = await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.erase_failed', { code }));
    expect(notice.message_thread_id).toBe(thread);
    expect(await app.service.record({ channel: 'telegram', userId: String(youth.id) })).toBeUndefined();
  });
});
