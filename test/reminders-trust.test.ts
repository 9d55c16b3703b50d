// Reminders people can trust (issue #13): one reminder when it is set twice, titre de séjour dates
// that never fall on the last allowed day, this month's CAF declaration, advice for an expired titre,
// a yearly tax reminder, quiet-hour moves explained, consent before storing. Real flows and texts,
// Redis and BullMQ; the clock is movable and starts on Wednesday 3 March 2027, 10:00 in Paris.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { reminderMessage } from '../src/reminders/message.js';
import { jobIdOf } from '../src/reminders/queue.js';
import { procedureById, realContent } from './support/real-content.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { RecordingChannel } from './support/recording-channel.js';
import { catalogue, chatOf, pickProcedure, startRemindersApp, tr, type ReminderChat, type RemindersApp } from './support/reminders-app.js';

const NOW = new Date('2027-03-03T09:00:00Z');
const USER = 'p1';
const address = { channel: 'terminal' as const, userId: USER };

let redis: Redis;
let prefix: string;
let channel: RecordingChannel;
let ctx: RemindersApp;
let chat: ReminderChat;
let now: Date;

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  channel = new RecordingChannel('terminal');
  now = NOW;
  ctx = await startRemindersApp({ redis, prefix, channels: [channel], clock: () => now });
  chat = chatOf(channel, USER);
});
afterEach(async () => {
  await ctx.app.stop();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const stored = () => ctx.reminders.service.store.list(address);
const pendingJobs = () => ctx.reminders.service.queue.queue.getJobCountByTypes('delayed', 'wait');
const jobState = async (id: string, occurrence: number) => (await ctx.reminders.service.queue.queue.getJob(jobIdOf(id, occurrence)))?.getState();
const forever = tr('fr', 'rappels.consent.forever');

/** Opens the Pense-bête and picks a procedure; returns what the bot answered to the pick. */
async function pick(id: string): Promise<string[]> {
  await chat.open('rappels');
  await chat.say('1');
  return pickProcedure(chat, id);
}

describe('setting a reminder that already exists', () => {
  it('France Travail set twice: the person is told, one reminder and one job are kept', async () => {
    expect((await pick('france-travail-actualisation'))[0]).toMatch(/^Je vous écrirai le lundi 15 mars à 10 h/);
    expect(await chat.say('1')).toEqual([forever]);
    expect((await chat.say('1'))[0]).toBe(tr('fr', 'rappels.saved'));
    expect(await pendingJobs()).toBe(1);

    const again = await pick('france-travail-actualisation');
    expect(again[0]).toBe('Vous avez déjà ce rappel : « Actualisation France Travail, 15 mars ». Je le garde une seule fois. Pour voir vos rappels, écrivez « mes rappels ».');
    expect(await stored()).toHaveLength(1);
    expect(await pendingJobs()).toBe(1);
  });

  it('the same words at the same time are the same reminder, whatever the capitals; other words are not', async () => {
    const { service } = ctx.reminders;
    const input = { address, locale: 'fr' as const, procedure: procedureById('other'), rule: { kind: 'once' as const, at: new Date('2027-03-04T09:00:00Z') }, now: NOW };
    expect((await service.add({ ...input, words: 'Appeler la CAF' })).status).toBe('created');
    const twice = await service.add({ ...input, words: 'appeler  la caf' });
    expect(twice.status).toBe('exists');
    expect((await service.add({ ...input, words: 'papiers école' })).status).toBe('created');
    expect(await stored()).toHaveLength(2);
    expect(await pendingJobs()).toBe(2);
  });

  it('"c\'est fait" on the day the France Travail window opens: no second reminder on the 15th', async () => {
    const { service } = ctx.reminders;
    const added = await service.add({ address, locale: 'fr', procedure: procedureById('france-travail-actualisation'), rule: { kind: 'monthly-window', hour: 10, minute: 0 }, now: new Date('2027-03-27T12:00:00Z') });
    if (added.status !== 'created') throw new Error('not created');
    const opening = Date.parse('2027-03-28T08:00:00Z'); // Sunday 28 March, 10:00 in Paris
    expect(added.reminder.next).toBe(opening);
    // Delivered on the 28th: the closing day (15 April) is next.
    now = new Date('2027-03-28T08:05:00Z');
    await service.advance(added.reminder.id, opening, now);
    const closing = Date.parse('2027-04-15T08:00:00Z');
    expect((await service.store.get(added.reminder.id))?.next).toBe(closing);

    await ctx.app.conversations.inject(address, { kind: 'enter-flow', flowId: 'rappels-recu', stepId: 'delivered', vars: { reminder_id: added.reminder.id } });
    expect((await chat.say('1'))[0]).toBe('Bravo ! Prochain rappel le mercredi 28 avril à 10 h.');
    const nextOpening = Date.parse('2027-04-28T08:00:00Z');
    expect((await service.store.get(added.reminder.id))?.next).toBe(nextOpening);
    expect(await jobState(added.reminder.id, closing)).toBeUndefined();
    expect(await jobState(added.reminder.id, nextOpening)).toBe('delayed');
  });
});

describe('titre de séjour', () => {
  it('reminds 120, 90 and 67 days before the end, never on the last allowed day (60 days)', async () => {
    expect(await pick('residence-permit-renewal')).toEqual([tr('fr', 'rappels.ask.expiry')]);
    expect(await chat.say('15/12/2027')).toEqual([
      'Je vous écrirai le mardi 17 août à 10 h, puis le jeudi 16 septembre à 10 h et le samedi 9 octobre à 10 h. C\'est d\'accord ?',
    ]);
    // Kept until 14 days after the last reminder (its buttons), then erased.
    expect(await chat.say('1')).toEqual([tr('fr', 'rappels.consent.until', { keep_until: '23 octobre' })]);
    expect((await chat.say('1'))[0]).toBe(tr('fr', 'rappels.saved'));
    const [r] = await stored();
    expect(r?.rule).toMatchObject({ kind: 'before-deadline', offsetsDays: [120, 90, 67] });
    expect(r?.next).toBe(Date.parse('2027-08-17T08:00:00Z'));
    expect(await jobState(r?.id ?? '', Date.parse('2027-10-16T08:00:00Z'))).toBeUndefined();
  });

  it('an expired titre gets what to do now and a person to talk to, not "give a date to come"; nothing is stored', async () => {
    await pick('residence-permit-renewal');
    const [advice, ...rest] = await chat.say('15/12/2025');
    const link = tr('fr', 'rappels.delivered.link', { link: 'https://administration-etrangers-en-france.interieur.gouv.fr' });
    expect(advice).toBe(tr('fr', 'rappels.expired.prompt', { link_line: link }));
    expect(rest).toEqual([]);
    expect(advice).not.toContain(tr('fr', 'core.validate.date_past'));
    expect(chat.choicesOf(advice ?? '')).toEqual(['Parler à une personne', 'Retour au menu']);
    expect(channel.sent.at(-1)?.message.choices?.[0]?.id).toBe('rappels:expired:talk');
    expect(await stored()).toEqual([]);
  });

  it('a date it cannot read, or that does not exist, is asked again with digits', async () => {
    await pick('residence-permit-renewal');
    expect(await chat.say('bientôt')).toEqual([tr('fr', 'rappels.ask.expiry_again')]);
    expect(await chat.say('31/02/2028')).toEqual([tr('fr', 'rappels.ask.expiry_impossible')]);
    expect((await chat.say('15122027'))[0]).toMatch(/^Je vous écrirai le mardi 17 août à 10 h/);
  });
});

describe('CAF declaration asked for in its own month', () => {
  it('reminds this month\'s declaration tomorrow, then every 3 months', async () => {
    await pick('caf-quarterly-declaration');
    expect(await chat.say('3')).toEqual(['Pour la déclaration de ce mois, je vous écris le jeudi 4 mars à 10 h. Ensuite le mardi 1 juin à 10 h, puis tous les 3 mois. C\'est d\'accord ?']);
    expect(await chat.say('1')).toEqual([forever]);
    expect((await chat.say('1'))[0]).toBe(tr('fr', 'rappels.saved'));
    const [r] = await stored();
    const thisMonth = Date.parse('2027-03-04T09:00:00Z');
    const june = Date.parse('2027-06-01T08:00:00Z');
    expect(r).toMatchObject({ procedure: 'caf-quarterly-declaration', next: june, snoozed: [thisMonth] });
    expect(await jobState(r?.id ?? '', thisMonth)).toBe('delayed');
    expect(await jobState(r?.id ?? '', june)).toBe('delayed');
  });
});

describe('income tax', () => {
  it('a yearly mid-April reminder with the official link while the dates are not known', async () => {
    expect(await pick('income-tax-return')).toEqual([
      'Je vous écrirai le jeudi 15 avril à 10 h, puis chaque année vers cette date. Les dates exactes sont sur le site officiel. C\'est d\'accord ?',
    ]);
    expect(await chat.say('1')).toEqual([forever]);
    expect((await chat.say('1'))[0]).toBe(tr('fr', 'rappels.saved'));
    const [r] = await stored();
    if (!r) throw new Error('not stored');
    expect(r.next).toBe(Date.parse('2027-04-15T08:00:00Z'));
    expect(reminderMessage(r, realContent().texts, catalogue).text).toContain('Site officiel : https://impots.gouv.fr');
  });
});

describe('quiet hours', () => {
  it('a reminder asked for at night comes at 9 h, and the confirmation says so', async () => {
    await pick('other');
    await chat.say('appeler ma sœur');
    expect(await chat.say('demain à 22h')).toEqual(['Je vous écrirai le vendredi 5 mars à 9 h. Je vous l\'envoie à 9 h, pas la nuit. C\'est d\'accord ?']);
    await chat.say('1');
    await chat.say('1');
    expect((await stored())[0]?.next).toBe(Date.parse('2027-03-05T08:00:00Z'));
  });

  it('"remind me tomorrow" tapped in the evening: the answer says it comes in the morning', async () => {
    const r = await ctx.reminders.service.create({ address, locale: 'fr', procedure: procedureById('other'), words: 'papiers', rule: { kind: 'once', at: new Date('2027-03-04T19:00:00Z') }, now: NOW });
    now = new Date('2027-03-04T20:30:00Z'); // 21:30 in Paris
    await ctx.app.conversations.inject(address, { kind: 'enter-flow', flowId: 'rappels-recu', stepId: 'delivered', vars: { reminder_id: r?.id ?? '' } });
    expect((await chat.say('2'))[0]).toBe('D\'accord. Je vous le redis le samedi 6 mars à 9 h, pas la nuit.');
  });
});

describe('consent before storing', () => {
  it('"Non" stores nothing and schedules nothing, said kindly', async () => {
    await pick('other');
    await chat.say('rendez-vous mairie');
    await chat.say('demain à 10h');
    expect(await chat.say('1')).toEqual([tr('fr', 'rappels.consent.until', { keep_until: '18 mars' })]);
    expect((await chat.say('2'))[0]).toBe(tr('fr', 'rappels.consent.refused'));
    expect(await stored()).toEqual([]);
    expect(await pendingJobs()).toBe(0);
  });
});
