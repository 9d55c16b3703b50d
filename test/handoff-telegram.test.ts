// Promeneurs du Net end to end: a young person on Telegram or (fake) WhatsApp ↔ an educator in a
// topic of the staff forum supergroup, through grammY against the local Bot API server, real Redis,
// real flows and texts.
import { afterEach, describe, expect, it } from 'vitest';
import type { SentMessage, SimUser } from './support/bot-api-server.js';
import { buttonsOf, STAFF_CHAT, startHandoffApp, t, type HandoffApp, lastId, sentTo, topicName } from './support/handoff-app.js';

// Monday 30 November 2026, 15:00 in Paris. Nobody is on duty until someone says /present.
const MONDAY_AFTERNOON = new Date('2026-11-30T14:00:00Z');
// Saturday 5 December 2026, 18:00 in Paris.
const SATURDAY_EVENING = new Date('2026-12-05T17:00:00Z');

const youth: SimUser = { id: 3001, first_name: 'Inès', language_code: 'fr' };
const lea: SimUser = { id: 501, first_name: 'Léa' };
const sami: SimUser = { id: 502, first_name: 'Sami' };
const stranger: SimUser = { id: 999, first_name: 'Intrus' };

let h: HandoffApp | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(now = MONDAY_AFTERNOON): Promise<HandoffApp> {
  h = await startHandoffApp({ now });
  h.server.setChatMember(STAFF_CHAT, lea.id, 'member');
  h.server.setChatMember(STAFF_CHAT, sami.id, 'administrator');
  return h;
}




/** The young person opens the promeneurs flow by its deep link, gives an age band and a first message. */
async function youthAsksOnTelegram(app: HandoffApp, message: string, age = 'promeneurs.age.from_15_to_17'): Promise<{ card: SentMessage; thread: number; code: string }> {
  app.server.userSends(youth, '/start promeneurs');
  await sentTo(app, youth.id, t('fr', 'promeneurs.emergency').slice(0, 40));
  const question = await sentTo(app, youth.id, t('fr', 'promeneurs.age.prompt'));
  app.server.userPressesButton(youth, question.message_id, t('fr', age));
  await sentTo(app, youth.id, t('fr', 'promeneurs.write'), question.message_id);
  app.server.userSends(youth, message);
  const card = await sentTo(app, STAFF_CHAT, 'Nouvelle demande', lastId(app, STAFF_CHAT) === 0 ? 0 : lastId(app, STAFF_CHAT));
  const thread = card.message_thread_id;
  if (thread === undefined) throw new Error('the card is not in a topic');
  const code = /#([A-Z0-9]{4})/.exec(card.text ?? '')?.[1] ?? '';
  return { card, thread, code };
}

function pressOnCard(app: HandoffApp, who: SimUser, card: SentMessage, key: 'take' | 'release' | 'close'): void {
  app.server.userPressesButton(who, card.message_id, t('fr', `promeneurs.staff.buttons.${key}`), { chatId: STAFF_CHAT });
}

async function callbackAnswers(app: HandoffApp, count: number): Promise<string[]> {
  const calls = await app.server.waitForCall('answerCallbackQuery', { count, predicate: (c) => c.params.text !== undefined });
  return calls.map((c) => String(c.params.text));
}

describe('Promeneurs du Net: a young person on Telegram and an educator in a topic', () => {
  it('relays both ways, signs the educator, keeps the bot silent while owned, and hands back to the menu', async () => {
    const app = await start();
    // Léa says she is on duty: only then may the bot say that a person is there.
    app.server.userSends(lea, '/present', { chatId: STAFF_CHAT });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.duty.present_you', { teams: 'Jeune, Accueil', until: '23:00' }));
    const { card, thread, code } = await youthAsksOnTelegram(app, "j'ai un souci avec mes parents");
    await sentTo(app, youth.id, t('fr', 'promeneurs.wait.on_duty'));
    // The topic: pseudonym and channel, no name; the card's buttons; the first message.
    expect(topicName(app, thread)).toBe(`🟡 Jeune #${code} · Telegram`);
    expect(buttonsOf(card).map((b) => b.text)).toEqual(['take', 'release', 'close'].map((k) => t('fr', `promeneurs.staff.buttons.${k}`)));
    expect(card.text).not.toContain('Inès');
    await sentTo(app, STAFF_CHAT, `#${code} : j'ai un souci avec mes parents`);

    // The educator sets how she signs, then takes the conversation.
    app.server.userSends(lea, '/profil Léa, Centre social du Pont', { chatId: STAFF_CHAT, threadId: thread });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.profile_set', { signature: 'Léa (Centre social du Pont)' }));
    pressOnCard(app, lea, card, 'take');
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.taken', { name: 'Léa' }));
    await app.server.waitUntil(() => topicName(app, thread) === `🟢 Jeune #${code} · Telegram`, { what: 'topic renamed as taken' });

    // Educator → young person, signed.
    app.server.userSends(lea, 'Bonjour, je suis là. Raconte-moi.', { chatId: STAFF_CHAT, threadId: thread });
    await sentTo(app, youth.id, 'Léa (Centre social du Pont) : Bonjour, je suis là. Raconte-moi.');

    // Young person → topic; the bot itself says nothing (not even to "menu"), a photo is copied.
    const before = app.server.sent(youth.id).length;
    app.server.userSends(youth, 'menu');
    await sentTo(app, STAFF_CHAT, `#${code} : menu`);
    app.server.userSendsKind(youth, 'photo', { caption: 'regarde' });
    const copy = await app.server.waitForSent({ chatId: STAFF_CHAT, method: 'copyMessage', threadId: thread });
    expect(copy[0]?.caption).toBe('regarde');
    await app.app.conversations.idle();
    expect(app.server.sent(youth.id)).toHaveLength(before);

    // A note stays in the topic.
    const youthCount = app.server.sent(youth.id).length;
    app.server.userSends(lea, '/note suivi à prévoir avec la CPE', { chatId: STAFF_CHAT, threadId: thread });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.note', { name: 'Léa', text: 'suivi à prévoir avec la CPE' }));
    expect(app.server.sent(youth.id)).toHaveLength(youthCount);

    // Back to the bot: the young person is told, and the menu returns.
    pressOnCard(app, lea, card, 'release');
    const released = await sentTo(app, youth.id, t('fr', 'promeneurs.released', { name: 'Léa' }));
    await sentTo(app, youth.id, t('fr', 'core.menu.prompt'), released.message_id);
    expect((await app.service.record({ channel: 'telegram', userId: String(youth.id) }))?.status).toBe('bot');
    const trail = await auditActions(app, String(youth.id));
    expect(trail).toEqual(['requested', 'taken', 'note', 'released']);

    // The bot answers again.
    const menuCount = app.server.sent(youth.id).length;
    app.server.userSends(youth, 'aide');
    await sentTo(app, youth.id, t('fr', 'core.help'));
    expect(app.server.sent(youth.id).length).toBeGreaterThan(menuCount);
  });

  it('reuses the same topic when the young person comes back, and "stop" ends an owned conversation', async () => {
    const app = await start();
    const first = await youthAsksOnTelegram(app, 'bonjour');
    pressOnCard(app, lea, first.card, 'release');
    await sentTo(app, youth.id, t('fr', 'promeneurs.released', { name: 'Léa' }));

    // Coming back from anywhere with the word "quelqu'un".
    app.server.userSends(youth, "quelqu'un");
    const question = await sentTo(app, youth.id, t('fr', 'promeneurs.age.prompt'), lastId(app, youth.id) - 1);
    app.server.userPressesButton(youth, question.message_id, t('fr', 'promeneurs.age.from_15_to_17'));
    await sentTo(app, youth.id, t('fr', 'promeneurs.write'), question.message_id);
    app.server.userSends(youth, 're-bonjour');
    const card = await sentTo(app, STAFF_CHAT, 'Nouvelle demande', first.card.message_id);
    expect(card.message_thread_id).toBe(first.thread);
    expect(app.server.calls('createForumTopic')).toHaveLength(1);
    await app.server.waitUntil(() => topicName(app, first.thread)?.startsWith('🟡'), { what: 'topic waiting again' });

    pressOnCard(app, sami, card, 'take');
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.taken', { name: 'Sami' }));
    app.server.userSends(youth, 'stop');
    await sentTo(app, youth.id, t('fr', 'promeneurs.stopped'));
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.person_stopped', { code: first.code }));
    expect((await app.service.record({ channel: 'telegram', userId: String(youth.id) }))?.status).toBe('bot');
  });

  it('gives the conversation to exactly one of two educators pressing at once, and tells the other who has it', async () => {
    const app = await start();
    const { card } = await youthAsksOnTelegram(app, 'salut');
    pressOnCard(app, lea, card, 'take');
    pressOnCard(app, sami, card, 'take');
    const answers = await callbackAnswers(app, 2);
    const record = await app.service.record({ channel: 'telegram', userId: String(youth.id) });
    const owner = record?.ownerName;
    expect(['Léa', 'Sami']).toContain(owner);
    const other = owner === 'Léa' ? 'Sami' : 'Léa';
    expect(answers.sort()).toEqual([t('fr', 'promeneurs.staff.taken_you'), t('fr', 'promeneurs.staff.already_taken', { name: owner })].sort());
    expect(app.server.sent(STAFF_CHAT).filter((m) => (m.text ?? '').includes(t('fr', 'promeneurs.staff.taken', { name: other })))).toHaveLength(0);

    // The one who does not own it cannot write to the young person.
    const before = app.server.sent(youth.id).length;
    app.server.userSends(other === 'Léa' ? lea : sami, 'coucou', { chatId: STAFF_CHAT, threadId: card.message_thread_id ?? 0 });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.owned_by_other', { name: owner }));
    expect(app.server.sent(youth.id)).toHaveLength(before);
  });

  it('takes atomically even when two takes reach the service at the same instant (several processes)', async () => {
    const app = await start();
    const { thread } = await youthAsksOnTelegram(app, 'salut');
    const topic = `${STAFF_CHAT}:${thread}`;
    // The staff chat's updates are handled in order by one process; two processes would not be.
    const replies = await Promise.all([app.service.take(topic, { id: '501', firstName: 'Léa' }), app.service.take(topic, { id: '502', firstName: 'Sami' })]);
    const owner = (await app.service.record({ channel: 'telegram', userId: String(youth.id) }))?.ownerName ?? '';
    expect(replies.filter((r) => r === t('fr', 'promeneurs.staff.taken_you'))).toHaveLength(1);
    expect(replies).toContain(t('fr', 'promeneurs.staff.already_taken', { name: owner }));
  });

  it('refuses a non-member pressing "Je prends" and writing in a topic', async () => {
    const app = await start();
    const { card, thread } = await youthAsksOnTelegram(app, 'salut');
    await sentTo(app, youth.id, t('fr', 'promeneurs.wait.unknown'));
    pressOnCard(app, stranger, card, 'take');
    expect(await callbackAnswers(app, 1)).toEqual([t('fr', 'promeneurs.staff.not_member')]);
    expect((await app.service.record({ channel: 'telegram', userId: String(youth.id) }))?.ownerId).toBeUndefined();
    const before = app.server.sent(youth.id).length;
    app.server.userSends(stranger, 'je réponds', { chatId: STAFF_CHAT, threadId: thread });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.not_member'), card.message_id);
    expect(app.server.sent(youth.id)).toHaveLength(before);
    // Checked with getChatMember, then cached: one call per person.
    expect(app.server.calls('getChatMember').filter((c) => Number(c.params.user_id) === stranger.id)).toHaveLength(1);
  });

  it('nobody on duty and no sourced hours: claims no presence, keeps the message, and sends one update after the delay', async () => {
    const app = await start(SATURDAY_EVENING);
    const { code } = await youthAsksOnTelegram(app, 'tu es là ?', 'promeneurs.age.under_15');
    const notice = await sentTo(app, youth.id, t('fr', 'promeneurs.age.under_15_notice', { retention_days: 30 }));
    // The under-15 text gives 119 and does not put a child off writing.
    expect(notice.text).toContain('119');
    expect(notice.text).not.toMatch(/parent/i);
    const waiting = await sentTo(app, youth.id, t('fr', 'promeneurs.wait.unknown'));
    expect(waiting.text).not.toMatch(/une personne de l'équipe est là|jusqu'à/i);
    await sentTo(app, STAFF_CHAT, `#${code} : tu es là ?`);

    // Ten minutes later nothing is due yet.
    app.clock.now = new Date(SATURDAY_EVENING.getTime() + 10 * 60_000);
    await app.service.tick();
    const nudge = t('fr', 'promeneurs.nudge.unknown');
    expect(app.server.sent(youth.id).filter((m) => m.text === nudge)).toHaveLength(0);
    // 21 minutes after asking and nobody took it: one update, never two.
    app.clock.now = new Date(SATURDAY_EVENING.getTime() + 21 * 60_000);
    await app.service.tick();
    await app.service.tick();
    app.clock.now = new Date(SATURDAY_EVENING.getTime() + 3 * 3_600_000);
    await app.service.tick();
    expect(app.server.sent(youth.id).filter((m) => m.text === nudge)).toHaveLength(1);
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.no_answer', { minutes: 20 }));
  });

  it('closing: the young person is told, the topic is closed, and everything is erased after the retention', async () => {
    const app = await start();
    const { card, thread } = await youthAsksOnTelegram(app, 'bonjour');
    pressOnCard(app, lea, card, 'take');
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.taken', { name: 'Léa' }));
    app.server.userSends(lea, '/clore', { chatId: STAFF_CHAT, threadId: thread });
    await sentTo(app, youth.id, t('fr', 'promeneurs.closed'));
    await app.server.waitForCall('closeForumTopic');
    const address = { channel: 'telegram' as const, userId: String(youth.id) };
    expect((await app.service.record(address))?.status).toBe('closed');
    expect(await auditActions(app, String(youth.id))).toEqual(['requested', 'taken', 'closed']);

    // The young person writes again: the bot answers (the menu), the staff are not bothered.
    app.server.userSends(youth, 'bonjour');
    await sentTo(app, youth.id, t('fr', 'core.menu.prompt'));

    app.clock.now = new Date(MONDAY_AFTERNOON.getTime() + 29 * 86_400_000);
    await app.service.tick();
    expect(await app.service.record(address)).toBeDefined();
    app.clock.now = new Date(MONDAY_AFTERNOON.getTime() + 31 * 86_400_000);
    await app.service.tick();
    expect(await app.service.record(address)).toBeUndefined();
    expect(await app.redis.keys(`${app.prefix}:handoff:*`)).toEqual([]);
    expect(await app.redis.keys(`${app.prefix}:topic:*`)).toEqual([]);
  });
});

describe('Promeneurs du Net: coming back after a closed conversation', () => {
  it('reopens the same topic and no longer erases it', async () => {
    const app = await start();
    const first = await youthAsksOnTelegram(app, 'bonjour');
    app.server.userSends(sami, '/clore', { chatId: STAFF_CHAT, threadId: first.thread });
    await sentTo(app, youth.id, t('fr', 'promeneurs.closed'));
    await app.server.waitForCall('closeForumTopic');

    app.server.userSends(youth, '/start promeneurs');
    const question = await sentTo(app, youth.id, t('fr', 'promeneurs.age.prompt'), lastId(app, youth.id));
    app.server.userPressesButton(youth, question.message_id, t('fr', 'promeneurs.age.from_18_to_25'));
    await sentTo(app, youth.id, t('fr', 'promeneurs.write'), question.message_id);
    app.server.userSends(youth, 'me revoilà');
    const card = await sentTo(app, STAFF_CHAT, 'Nouvelle demande', first.card.message_id);
    expect(card.message_thread_id).toBe(first.thread);
    expect(app.server.calls('reopenForumTopic').some((c) => c.response?.ok)).toBe(true);
    expect(app.server.calls('createForumTopic')).toHaveLength(1);

    app.clock.now = new Date(MONDAY_AFTERNOON.getTime() + 40 * 86_400_000);
    await app.service.tick();
    expect((await app.service.record({ channel: 'telegram', userId: String(youth.id) }))?.status).toBe('waiting');
  });
});

describe('Promeneurs du Net: crisis words', () => {
  it('answers at once with the help numbers and flags the staff, from the main menu', async () => {
    const app = await start();
    app.server.userSends(youth, 'bonjour');
    await sentTo(app, youth.id, t('fr', 'core.menu.prompt'));
    app.server.userSends(youth, "j'ai envie de mourir");
    const help = await sentTo(app, youth.id, t('fr', 'crisis.vous.intro.suicide'));
    expect(help.text).toContain(t('fr', 'crisis.numbers.n3114'));
    expect(help.text).toContain(t('fr', 'crisis.numbers.n112'));
    expect(help.text).toContain(t('fr', 'crisis.vous.staff'));
    const urgent = await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.urgent', { categories: t('fr', 'promeneurs.staff.categories.suicide') }));
    const thread = urgent.message_thread_id ?? 0;
    await app.server.waitUntil(() => topicName(app, thread)?.startsWith('🔴'), { what: 'urgent topic' });
    await sentTo(app, STAFF_CHAT, "j'ai envie de mourir");
    // Spoken to as an adult ("vous"): the reception team's topic.
    expect(topicName(app, thread)).toMatch(/^🔴 Accueil #/);
    // The person is told the message waits for a person, after the numbers.
    const waiting = await sentTo(app, youth.id, t('fr', 'accueil.wait.unknown'));
    expect(waiting.message_id).toBeGreaterThan(help.message_id);
  });

  it('speaks "tu" to a young person, sends the harassment line while it is open, and flags an owned conversation', async () => {
    const app = await start();
    const { card, thread } = await youthAsksOnTelegram(app, 'hello');
    pressOnCard(app, lea, card, 'take');
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.taken', { name: 'Léa' }));
    app.server.userSends(youth, 'they keep bullying me at school');
    const help = await sentTo(app, youth.id, t('fr', 'crisis.tu.intro.harassment'));
    expect(help.text).toContain(t('fr', 'crisis.numbers.n3018'));
    expect(help.text).toContain(t('fr', 'crisis.tu.advice.harassment'));
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.urgent', { categories: t('fr', 'promeneurs.staff.categories.harassment') }));
    await sentTo(app, STAFF_CHAT, 'they keep bullying me at school');
    expect((await app.service.record({ channel: 'telegram', userId: String(youth.id) }))?.ownerName).toBe('Léa');
    await app.server.waitUntil(() => topicName(app, thread)?.startsWith('🔴'), { what: 'urgent topic' });
  });
});

describe('Promeneurs du Net: a young person on WhatsApp', () => {
  it('reaches an educator in a topic and gets the answers on WhatsApp', async () => {
    const app = await start();
    const jid = '33612345678@c.us';
    const wa = app.whatsapp;
    await wa.say(jid, 'bonjour');
    await wa.say(jid, "quelqu'un");
    // Nothing tells the bot the person's age yet: it asks which team fits.
    expect(wa.textsTo(jid).at(-1)).toContain(t('fr', 'parler.who.prompt'));
    await wa.say(jid, '1');
    expect(wa.textsTo(jid).at(-1)).toContain(t('fr', 'promeneurs.age.prompt'));
    await wa.say(jid, '3');
    expect(wa.textsTo(jid).at(-1)).toBe(t('fr', 'promeneurs.write'));
    await wa.say(jid, "je cherche un job d'été");
    expect(wa.textsTo(jid).at(-1)).toBe(t('fr', 'promeneurs.wait.unknown'));

    const card = await sentTo(app, STAFF_CHAT, 'Nouvelle demande');
    const thread = card.message_thread_id ?? 0;
    expect(topicName(app, thread)).toMatch(/^🟡 Jeune #[A-Z0-9]{4} · WhatsApp$/);
    expect(card.text).not.toContain('33612345678');
    app.server.userSends(lea, '/prendre', { chatId: STAFF_CHAT, threadId: thread });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.taken', { name: 'Léa' }));
    app.server.userSends(lea, "Salut ! On peut en parler mercredi au centre.", { chatId: STAFF_CHAT, threadId: thread });
    await wa.waitFor((sent) => sent.some((s) => s.message.text === "Léa : Salut ! On peut en parler mercredi au centre."));

    // A voice note cannot be relayed from WhatsApp: a clear placeholder in the topic; the bot stays silent.
    const before = wa.textsTo(jid).length;
    await wa.receive(jid, { kind: 'unsupported', what: 'voice' });
    await sentTo(app, STAFF_CHAT, t('fr', 'promeneurs.staff.kinds.voice'));
    await wa.say(jid, 'ok merci');
    await sentTo(app, STAFF_CHAT, ': ok merci');
    expect(wa.textsTo(jid)).toHaveLength(before);

    app.server.userSends(lea, '/rendre', { chatId: STAFF_CHAT, threadId: thread });
    await wa.waitFor((sent) => sent.some((s) => s.message.text === t('fr', 'core.menu.prompt') && sent.indexOf(s) > before));
  });
});

async function auditActions(app: HandoffApp, userId: string): Promise<string[]> {
  const raw = await app.redis.lrange(`${app.prefix}:handoff:audit:telegram:${userId}`, 0, -1);
  return raw.map((r) => (JSON.parse(r) as { action: string }).action);
}
