// The `rappels` conversation end to end: real flows and texts, ConversationService, Redis and
// BullMQ, with a channel that records what the bot sends. The clock is fixed (Wednesday 3 March
// 2027, 10:00 in Paris) so the computed dates can be read in the expected sentences.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { loadCatalogue } from '../src/reminders/catalogue.js';
import { jobIdOf } from '../src/reminders/queue.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { RecordingChannel } from './support/recording-channel.js';
import { startRemindersApp, tr, type RemindersApp } from './support/reminders-app.js';

const NOW = new Date('2027-03-03T09:00:00Z');
const USER = 'u1';
const address = { channel: 'terminal' as const, userId: USER };

let redis: Redis;
let prefix: string;
let channel: RecordingChannel;
let ctx: RemindersApp;

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  channel = new RecordingChannel('terminal');
  ctx = await startRemindersApp({ redis, prefix, channels: [channel], clock: () => NOW });
});
afterEach(async () => {
  await ctx.app.stop();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

const catalogue = (() => {
  const loaded = loadCatalogue();
  if (!loaded.ok) throw new Error('catalogue does not load');
  return loaded.value;
})();
const digitOf = (id: string): string => String(catalogue.procedures.findIndex((p) => p.id === id) + 1);

function last(): { text: string; choices: string[] } {
  const m = channel.sent.at(-1)?.message;
  return { text: m?.text ?? '', choices: (m?.choices ?? []).map((c) => c.label) };
}

async function say(text: string): Promise<string> {
  await channel.say(USER, text);
  return last().text;
}

async function jobState(id: string, occurrence: number): Promise<string | undefined> {
  const job = await ctx.reminders.service.queue.queue.getJob(jobIdOf(id, occurrence));
  return job ? job.getState() : undefined;
}

describe('rappels: a new reminder', () => {
  it('"another procedure" in the person\'s words: refuses past and impossible dates, confirms, schedules one job', async () => {
    await channel.receive(USER, { kind: 'start', payload: 'rappels' });
    expect(last().text).toBe(tr('fr', 'rappels.start.prompt'));
    expect(await say('1')).toBe(tr('fr', 'rappels.choose.prompt'));
    expect(last().choices).toContain(tr('fr', 'rappels.procedures.other.label'));
    expect(await say(digitOf('other'))).toBe(tr('fr', 'rappels.ask.words'));
    expect(await say('rendez-vous à la mairie')).toBe(tr('fr', 'rappels.ask.datetime'));
    await say('hier');
    expect(channel.textsTo(USER).at(-2)).toBe(tr('fr', 'core.validate.date_past'));
    await say('31/02');
    expect(channel.textsTo(USER).at(-2)).toBe(tr('fr', 'core.stuck'));
    expect(await say('demain à 10h')).toBe('Je vous écrirai le jeudi 4 mars à 10 h. C\'est d\'accord ?');
    expect(await say('1')).toBe(tr('fr', 'rappels.saved'));

    const [reminder, ...others] = await ctx.reminders.service.store.list(address);
    expect(others).toEqual([]);
    const due = Date.parse('2027-03-04T09:00:00Z');
    expect(reminder).toMatchObject({ procedure: 'other', words: 'rendez-vous à la mairie', next: due, locale: 'fr' });
    expect(await jobState(reminder?.id ?? '', due)).toBe('delayed');
  });

  it('an impossible date gets its own kind hint with an example', async () => {
    await channel.receive(USER, { kind: 'start', payload: 'rappels' });
    await say('1');
    await say(digitOf('residence-permit-renewal'));
    expect(last().text).toBe(tr('fr', 'rappels.ask.expiry'));
    await say('31/02/2028');
    expect(channel.textsTo(USER).at(-2)).toBe(tr('fr', 'core.validate.date_impossible'));
    expect(await say('15/12/2027')).toBe(
      // 120, 90 and 60 days before 15 December.
      'Je vous écrirai le mardi 17 août à 10 h, puis le jeudi 16 septembre à 10 h et le samedi 16 octobre à 10 h. C\'est d\'accord ?',
    );
  });

  it('asks only the month for the CAF declaration, shows "every 3 months", and "change" goes back', async () => {
    await channel.receive(USER, { kind: 'start', payload: 'rappels' });
    await say('1');
    expect(await say(digitOf('caf-quarterly-declaration'))).toBe(tr('fr', 'rappels.ask.month'));
    expect(last().choices).toHaveLength(12);
    expect(await say('3')).toBe('Je vous écrirai le mardi 1 juin à 10 h, puis tous les 3 mois. C\'est d\'accord ?');
    expect(last().choices).toEqual([tr('fr', 'rappels.confirm.yes'), tr('fr', 'rappels.confirm.change'), tr('fr', 'rappels.confirm.cancel')]);
    expect(await say('2')).toBe(tr('fr', 'rappels.choose.prompt'));
    await say(digitOf('france-travail-actualisation'));
    expect(last().text).toMatch(/^Je vous écrirai le lundi 15 mars à 10 h, puis chaque mois/);
    expect(await say('3')).toBe(tr('fr', 'rappels.cancelled'));
    expect(await ctx.reminders.service.store.list(address)).toEqual([]);
  });

  it('says so when the deadline is too close for any reminder', async () => {
    await channel.receive(USER, { kind: 'start', payload: 'rappels' });
    await say('1');
    await say(digitOf('c2s-renewal'));
    expect(await say('dans 10 jours')).toMatch(/^La date est trop proche/);
    expect(last().text).toContain('https://ameli.fr/');
  });

  it('says so when the catalogue has no date left (income tax: no 2027 dates yet)', async () => {
    await channel.receive(USER, { kind: 'start', payload: 'rappels' });
    await say('1');
    expect(await say(digitOf('income-tax-return'))).toBe(tr('fr', 'rappels.no_dates', { link_line: tr('fr', 'rappels.delivered.link', { link: 'https://impots.gouv.fr' }) }));
  });

  it('speaks English and Arabic with dates in words', async () => {
    await channel.receive(USER, { kind: 'start', payload: 'rappels' }, 'en');
    await say('1');
    await say(digitOf('other'));
    await say('call the school');
    expect(await say('tomorrow at 2pm')).toBe('I will write to you on Thursday 4 March at 2 PM. Is that all right?');
    await channel.receive('u2', { kind: 'start', payload: 'rappels' }, 'ar');
    await channel.say('u2', '1');
    await channel.say('u2', digitOf('carte-vitale-update'));
    await channel.say('u2', '15/12');
    expect(channel.textsTo('u2').at(-1)).toBe('سأكتب لك يوم الأربعاء 15 ديسمبر الساعة 10:00، ثم كل سنة. هل توافق؟');
  });
});

describe('rappels: "mes rappels"', () => {
  /** "mes rappels" opens the list just after the turn (the stage queues it), so wait for it. */
  async function openList(): Promise<string> {
    const before = channel.sent.length;
    await channel.say(USER, 'mes rappels');
    await channel.waitFor((sent) => sent.length > before);
    return last().text;
  }

  async function create(words: string, when: string): Promise<void> {
    await channel.receive(USER, { kind: 'start', payload: 'rappels' });
    await say('1');
    await say(digitOf('other'));
    await say(words);
    await say(when);
    await say('1');
  }

  it('lists them numbered; deleting one removes its job, "delete all" removes the rest', async () => {
    await create('appeler la CAF', 'demain à 10h');
    await create('papiers école', 'le 5 mars à 14h30');
    const [first, second] = await ctx.reminders.service.store.list(address);
    if (!first || !second) throw new Error('two reminders expected');

    expect(await openList()).toBe(tr('fr', 'rappels.list.prompt'));
    expect(last().choices).toEqual([
      'appeler la CAF : le jeudi 4 mars à 10 h',
      'papiers école : le vendredi 5 mars à 14 h 30',
      tr('fr', 'rappels.list.delete_all'),
      tr('fr', 'rappels.list.back'),
    ]);
    expect(await say('1')).toBe(tr('fr', 'rappels.delete.confirm'));
    expect(await say('oui')).toBe(tr('fr', 'rappels.list.prompt'));
    expect(channel.textsTo(USER).at(-2)).toBe(tr('fr', 'rappels.delete.done'));
    expect(await jobState(first.id, first.next ?? 0)).toBeUndefined();
    expect(await jobState(second.id, second.next ?? 0)).toBe('delayed');

    expect(last().choices).toHaveLength(3);
    expect(await say('2')).toBe(tr('fr', 'rappels.delete.confirm_all'));
    expect(await say('1')).toBe(tr('fr', 'rappels.delete.all_done'));
    expect(await jobState(second.id, second.next ?? 0)).toBeUndefined();
    expect(await ctx.reminders.service.queue.queue.getJobCountByTypes('delayed', 'wait')).toBe(0);
    expect(await redis.exists(ctx.reminders.service.store.indexKey(address), ctx.reminders.service.store.recordKey(first.id))).toBe(0);
    expect(await openList()).toBe(tr('fr', 'rappels.list.empty'));
  });
});

describe('rappels: at most REMINDERS_PER_PERSON', () => {
  it('says kindly that the maximum is reached, before any question, and how to see them', async () => {
    await ctx.app.stop();
    channel = new RecordingChannel('terminal');
    ctx = await startRemindersApp({ redis, prefix, channels: [channel], clock: () => NOW, env: { REMINDERS_PER_PERSON: '2' } });
    for (const words of ['rendez-vous à la mairie', 'papiers pour le médecin']) {
      await channel.receive(USER, { kind: 'start', payload: 'rappels' });
      await say('1');
      await say(digitOf('other'));
      await say(words);
      await say('demain à 10h');
      expect(await say('1')).toBe(tr('fr', 'rappels.saved'));
    }
    await channel.receive(USER, { kind: 'start', payload: 'rappels' });
    const full = await say('1');
    expect(full).toBe(tr('fr', 'rappels.full', { max_reminders: 2 }));
    expect(full).toContain('mes rappels');
    expect(await ctx.reminders.service.store.list(address)).toHaveLength(2);
  });
});
