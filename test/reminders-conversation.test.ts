// The `rappels` conversation end to end: real flows and texts, ConversationService, Redis and
// BullMQ, with a channel that records what the bot sends. The clock is fixed (Wednesday 3 March
// 2027, 10:00 in Paris) so the computed dates can be read in the expected sentences.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { jobIdOf } from '../src/reminders/queue.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { RecordingChannel } from './support/recording-channel.js';
import { chatOf, pickProcedure, startRemindersApp, tr, type ReminderChat, type RemindersApp } from './support/reminders-app.js';

const NOW = new Date('2027-03-03T09:00:00Z');
const USER = 'u1';
const address = { channel: 'terminal' as const, userId: USER };

let redis: Redis;
let prefix: string;
let channel: RecordingChannel;
let ctx: RemindersApp;
let chat: ReminderChat;

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  channel = new RecordingChannel('terminal');
  ctx = await startRemindersApp({ redis, prefix, channels: [channel], clock: () => NOW });
  chat = chatOf(channel, USER);
});
afterEach(async () => {
  await ctx.app.stop();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const consentUntil = (day: string): string => tr('fr', 'rappels.consent.until', { keep_until: day });

async function jobState(id: string, occurrence: number): Promise<string | undefined> {
  const job = await ctx.reminders.service.queue.queue.getJob(jobIdOf(id, occurrence));
  return job ? job.getState() : undefined;
}

describe('rappels: a new reminder', () => {
  it('"another procedure" in the person\'s words: refuses a past date, confirms, asks consent, schedules one job', async () => {
    expect(await chat.open('rappels')).toEqual([tr('fr', 'rappels.start.prompt')]);
    expect(await chat.say('1')).toEqual([tr('fr', 'rappels.choose.prompt')]);
    // 8 procedures: 6 on the first page, then "7. Autres choix" where "Une autre démarche" is.
    expect(chat.choicesOf(tr('fr', 'rappels.choose.prompt'))).toHaveLength(7);
    expect(chat.choicesOf(tr('fr', 'rappels.choose.prompt')).at(-1)).toBe(tr('fr', 'core.choose.more'));
    expect(await pickProcedure(chat, 'other')).toEqual([tr('fr', 'rappels.ask.words')]);
    expect(await chat.say('rendez-vous à la mairie')).toEqual([tr('fr', 'rappels.ask.datetime')]);
    expect((await chat.say('hier')).join('\n')).not.toContain('Je vous écrirai');
    expect(await chat.say('demain à 10h')).toEqual(['Je vous écrirai le jeudi 4 mars à 10 h. C\'est d\'accord ?']);
    // Kept until the date plus the 14 days of its last buttons.
    expect(await chat.say('1')).toEqual([consentUntil('18 mars')]);
    expect(chat.choicesOf(consentUntil('18 mars'))).toEqual([tr('fr', 'rappels.consent.ok'), tr('fr', 'rappels.consent.no')]);
    expect((await chat.say('1'))[0]).toBe(tr('fr', 'rappels.saved'));

    const [reminder, ...others] = await ctx.reminders.service.store.list(address);
    expect(others).toEqual([]);
    const due = Date.parse('2027-03-04T09:00:00Z');
    expect(reminder).toMatchObject({ procedure: 'other', words: 'rendez-vous à la mairie', next: due, locale: 'fr' });
    expect(await jobState(reminder?.id ?? '', due)).toBe('delayed');
  });

  it('asks only the month for the CAF declaration, shows "every 3 months", and "change" goes back', async () => {
    await chat.open('rappels');
    await chat.say('1');
    expect(await pickProcedure(chat, 'caf-quarterly-declaration')).toEqual([tr('fr', 'rappels.ask.month')]);
    // Typed, not 12 choices: "6", "juin" or "six" (12 lines would not fit one message).
    expect(chat.choicesOf(tr('fr', 'rappels.ask.month'))).toEqual([]);
    const june = 'Je vous écrirai le mardi 1 juin à 10 h, puis tous les 3 mois. C\'est d\'accord ?';
    expect(await chat.say('6')).toEqual([june]);
    expect(chat.choicesOf(june)).toEqual([tr('fr', 'rappels.confirm.yes'), tr('fr', 'rappels.confirm.change'), tr('fr', 'rappels.confirm.cancel')]);
    expect(await chat.say('2')).toEqual([tr('fr', 'rappels.choose.prompt')]);
    const [ft] = await pickProcedure(chat, 'france-travail-actualisation');
    expect(ft).toMatch(/^Je vous écrirai le lundi 15 mars à 10 h, puis chaque mois/);
    expect((await chat.say('3'))[0]).toBe(tr('fr', 'rappels.cancelled'));
    expect(await ctx.reminders.service.store.list(address)).toEqual([]);
  });

  it('says so when the deadline is too close for any reminder', async () => {
    await chat.open('rappels');
    await chat.say('1');
    await pickProcedure(chat, 'c2s-renewal');
    const [tooLate] = await chat.say('dans 10 jours');
    expect(tooLate).toMatch(/^C'est trop proche pour un rappel/);
    expect(tooLate).toContain('https://ameli.fr/');
  });

  it('speaks English and Arabic with dates in words, Arabic examples without French', async () => {
    const en = chatOf(channel, 'u-en');
    await en.open('rappels', 'en');
    await en.say('1');
    await pickProcedure(en, 'other');
    await en.say('call the school');
    expect(await en.say('tomorrow at 2pm')).toEqual(['I will write to you on Thursday 4 March at 2 PM. Is that all right?']);
    const ar = chatOf(channel, 'u-ar');
    await ar.open('rappels', 'ar');
    await ar.say('1');
    expect(await pickProcedure(ar, 'carte-vitale-update')).toEqual([tr('ar', 'rappels.ask.date')]);
    expect(tr('ar', 'rappels.ask.date')).toContain('«15 12»');
    const when = tr('ar', 'rappels.format.when', { date: 'الأربعاء 15 ديسمبر', time: '10:00' });
    // Direction marks aside (src/i18n/bidi.ts adds them around values), the words read are these.
    const unmarked = (await ar.say('15/12')).map((t) => t.replace(/[\u200e\u200f]/g, ''));
    expect(unmarked).toEqual([tr('ar', 'rappels.confirm.prompt', { summary: tr('ar', 'rappels.summary.yearly', { when }) })]);
  });
});

describe('rappels: "mes rappels"', () => {
  /** "mes rappels" opens the list just after the turn (the stage queues it): waits for `expected`. */
  async function openList(expected: string): Promise<void> {
    const before = channel.sent.length;
    await channel.say(USER, 'mes rappels');
    await channel.waitFor((sent) => sent.slice(before).some((s) => s.message.text === expected));
  }

  async function create(words: string, when: string): Promise<void> {
    await chat.open('rappels');
    await chat.say('1');
    await pickProcedure(chat, 'other');
    await chat.say(words);
    await chat.say(when);
    await chat.say('1');
    expect((await chat.say('1'))[0]).toBe(tr('fr', 'rappels.saved'));
  }

  it('lists them numbered; the delete question names the reminder; "delete all" removes the rest', async () => {
    await create('appeler la CAF', 'demain à 10h');
    await create('papiers école', 'le 5 mars à 14h30');
    const [first, second] = await ctx.reminders.service.store.list(address);
    if (!first || !second) throw new Error('two reminders expected');

    await openList(tr('fr', 'rappels.list.prompt'));
    expect(chat.choicesOf(tr('fr', 'rappels.list.prompt'))).toEqual([
      'appeler la CAF : le jeudi 4 mars à 10 h',
      'papiers école : le vendredi 5 mars à 14 h 30',
      tr('fr', 'rappels.list.delete_all'),
      tr('fr', 'rappels.list.back'),
    ]);
    const question = 'Supprimer le rappel « appeler la CAF, 4 mars » ?';
    expect(await chat.say('1')).toEqual([question]);
    expect(chat.choicesOf(question)).toEqual(['Oui', 'Non']);
    // "2. Non" keeps it and shows the list again.
    expect(await chat.say('2')).toEqual([tr('fr', 'rappels.list.prompt')]);
    expect(await jobState(first.id, first.next ?? 0)).toBe('delayed');
    await chat.say('1');
    expect((await chat.say('1')).join('\n')).toBe(['Le rappel « appeler la CAF, 4 mars » est supprimé.', tr('fr', 'rappels.list.prompt')].join('\n'));
    expect(await jobState(first.id, first.next ?? 0)).toBeUndefined();
    expect(await jobState(second.id, second.next ?? 0)).toBe('delayed');

    expect(chat.choicesOf(tr('fr', 'rappels.list.prompt'))).toHaveLength(3);
    expect(await chat.say('2')).toEqual([tr('fr', 'rappels.delete.confirm_all')]);
    expect(chat.choicesOf(tr('fr', 'rappels.delete.confirm_all'))).toEqual(['Oui', 'Non']);
    expect((await chat.say('1'))[0]).toBe(tr('fr', 'rappels.delete.all_done'));
    expect(await jobState(second.id, second.next ?? 0)).toBeUndefined();
    expect(await ctx.reminders.service.queue.queue.getJobCountByTypes('delayed', 'wait')).toBe(0);
    expect(await redis.exists(ctx.reminders.service.store.indexKey(address), ctx.reminders.service.store.recordKey(first.id))).toBe(0);
    await openList(tr('fr', 'rappels.list.empty'));
  });
});

describe('rappels: at most REMINDERS_PER_PERSON', () => {
  it('says kindly that the maximum is reached, before any question, and how to see them', async () => {
    await ctx.app.stop();
    channel = new RecordingChannel('terminal');
    ctx = await startRemindersApp({ redis, prefix, channels: [channel], clock: () => NOW, env: { REMINDERS_PER_PERSON: '2' } });
    chat = chatOf(channel, USER);
    for (const words of ['rendez-vous à la mairie', 'papiers pour le médecin']) {
      await chat.open('rappels');
      await chat.say('1');
      await pickProcedure(chat, 'other');
      await chat.say(words);
      await chat.say('demain à 10h');
      await chat.say('1');
      expect((await chat.say('1'))[0]).toBe(tr('fr', 'rappels.saved'));
    }
    await chat.open('rappels');
    const [full] = await chat.say('1');
    expect(full).toBe(tr('fr', 'rappels.full', { max_reminders: 2 }));
    expect(full).toContain('mes rappels');
    expect(await ctx.reminders.service.store.list(address)).toHaveLength(2);
  });
});
