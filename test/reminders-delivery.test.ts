// Delivering reminders: real Redis and BullMQ, the real worker, a recording channel (or one that
// fails on purpose). Quiet hours are off so that a reminder due in a second is sent at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { Channel } from '../src/core/channel.js';
import { ChannelUnavailableError, RecipientBlockedError } from '../src/core/errors.js';
import type { Address, Outbound } from '../src/core/message.js';
import { procedureById } from './support/real-content.js';
import { jobIdOf } from '../src/reminders/queue.js';
import type { Rule } from '../src/reminders/rules.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { RecordingChannel } from './support/recording-channel.js';
import { chatOf, ownWordsReminder, REMINDER_BUTTON_IDS, startRemindersApp, tr, waitUntil, type RemindersApp } from './support/reminders-app.js';

const NO_QUIET_HOURS = { QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00' };
const procedure = procedureById;

/** Fails the first `failures` sends with the given error, then records like RecordingChannel. */
class FailingChannel extends RecordingChannel {
  attempts = 0;
  constructor(
    private failures: number,
    private readonly error: () => Error,
  ) {
    super('terminal');
  }
  override async send(to: Address, message: Outbound): Promise<void> {
    this.attempts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw this.error();
    }
    await super.send(to, message);
  }
}

let redis: Redis;
let prefix: string;
let ctx: RemindersApp | undefined;

beforeEach(() => {
  redis = connectRedis();
  prefix = newPrefix();
});
afterEach(async () => {
  await ctx?.app.stop();
  ctx = undefined;
  await deletePrefix(redis, prefix);
  await redis.quit();
});

async function start(channels: Channel[]): Promise<RemindersApp> {
  ctx = await startRemindersApp({ redis, prefix, channels, env: NO_QUIET_HOURS });
  return ctx;
}

const user = (userId: string): Address => ({ channel: 'terminal', userId });
const inASecond = (): Rule => ({ kind: 'once', at: new Date(Date.now() + 1000) });

async function createOnce(app: RemindersApp, to: Address, words: string, rule: Rule = inASecond()) {
  const r = await app.reminders.service.create({ address: to, locale: 'fr', procedure: procedure('other'), words, rule, now: new Date() });
  if (!r) throw new Error('not created');
  return r;
}

/** A reminder has arrived: its message ends with the question its buttons answer. */
const arrived = (s: { message: { text: string } }): boolean => s.message.text.endsWith(`\n${tr('fr', 'rappels.delivered.prompt')}`);

async function jobCount(app: RemindersApp): Promise<number> {
  return app.reminders.service.queue.queue.getJobCountByTypes('delayed', 'wait', 'active', 'prioritized', 'waiting-children');
}

describe('reminder delivery', () => {
  it('sends the reminder with its three buttons in one message; "rappelle-moi demain" schedules tomorrow, same time', async () => {
    const channel = new RecordingChannel('terminal');
    const app = await start([channel]);
    const r = await createOnce(app, user('a'), 'rendez-vous mairie');
    await channel.waitFor((sent) => sent.some(arrived));
    expect(channel.textsTo('a')).toEqual([ownWordsReminder('rendez-vous mairie')]);
    expect(channel.sent.at(-1)?.message.choices?.map((c) => c.id)).toEqual(REMINDER_BUTTON_IDS);
    expect(channel.sent.at(-1)?.message.priority).toBe('high');
    await waitUntil(() => app.reminders.marks.isPrompted(r.id, r.next ?? 0), 'the delivery finished');
    expect(await app.reminders.marks.isSent(r.id, r.next ?? 0)).toBe(true);

    const before = Date.now();
    const sentBefore = channel.sent.length;
    await channel.receive('a', { kind: 'choice', choiceId: 'rappels-recu:delivered:tomorrow' });
    const snoozeAnswer = channel.sent.slice(sentBefore).map((x) => x.message.text);
    const stored = await app.reminders.service.store.get(r.id);
    const snoozed = stored?.snoozed[0] ?? 0;
    expect(snoozed - before).toBeGreaterThan(23 * 3600_000); // 23 to 25 h: DST days are allowed
    expect(snoozed - before).toBeLessThan(25 * 3600_000 + 60_000);
    expect(await (await app.reminders.service.queue.queue.getJob(jobIdOf(r.id, snoozed)))?.getState()).toBe('delayed');
    expect(snoozeAnswer[0]).toMatch(/^D'accord\. Je vous le redis le /);
    expect(await app.reminders.service.store.list(user('a'))).toHaveLength(1);

    // "Arrête ce rappel" from the same buttons (typed as a digit) removes it and its job.
    await app.app.conversations.inject(user('a'), { kind: 'enter-flow', flowId: 'rappels-recu', stepId: 'delivered', vars: { reminder_id: r.id } });
    expect((await chatOf(channel, 'a').say('3'))[0]).toBe(tr('fr', 'rappels.delivered.stopped'));
    expect(await app.reminders.service.store.get(r.id)).toBeNull();
    expect(await jobCount(app)).toBe(0);
  });

  it('a reminder arriving in the middle of another conversation: after its buttons, the question comes back', async () => {
    const channel = new RecordingChannel('terminal');
    const app = await start([channel]);
    await channel.receive('m', { kind: 'start', payload: 'droits' });
    const question = channel.sent.at(-1)?.message.text ?? '';
    expect(question).toBe(tr('fr', 'droits.question.age.text'));
    await createOnce(app, user('m'), 'rendez-vous mairie');
    await channel.waitFor((sent) => sent.some(arrived));
    // One message or three, the person reads: done, "where we were", the question.
    const after = await chatOf(channel, 'm').say('1');
    expect(after.join('\n\n')).toBe([tr('fr', 'rappels.delivered.done_finished'), tr('fr', 'core.resume'), question].join('\n\n'));
    await channel.say('m', '2');
    expect(channel.textsTo('m').at(-1)).toBe(tr('fr', 'droits.question.household.text'));
  });

  it('"c\'est fait" on a recurring reminder says when the next one comes; the next occurrence is scheduled', async () => {
    const channel = new RecordingChannel('terminal');
    const app = await start([channel]);
    const { service } = app.reminders;
    // A CAF reminder whose current occurrence is due in a second (as if its date had come).
    const r = await service.create({ address: user('b'), locale: 'fr', procedure: procedure('caf-quarterly-declaration'), rule: { kind: 'quarterly', startMonth: 1, day: 1, hour: 10, minute: 0 }, now: new Date() });
    if (!r || r.next === null) throw new Error('not created');
    await service.queue.unschedule(r.id, r.next);
    const soon = Date.now() + 1000;
    await service.store.save({ ...r, next: soon });
    await service.queue.schedule(r.id, soon);

    await channel.waitFor((sent) => sent.some(arrived));
    // The worker schedules the next occurrence right after the send.
    await waitUntil(() => app.reminders.marks.isPrompted(r.id, soon), 'the delivery finished');
    const reminder = tr('fr', 'rappels.delivered.message', { todo: tr('fr', 'rappels.procedures.caf-quarterly-declaration.todo'), link_line: tr('fr', 'rappels.delivered.link', { link: 'https://caf.fr' }) });
    expect(channel.textsTo('b')).toEqual([`${reminder}\n${tr('fr', 'rappels.delivered.prompt')}`]);
    const after = await service.store.get(r.id);
    expect(after?.next).toBe(r.next);
    expect(await (await service.queue.queue.getJob(jobIdOf(r.id, r.next)))?.getState()).toBe('delayed');
    expect((await chatOf(channel, 'b').say('1'))[0]).toMatch(/^Bravo ! Prochain rappel le .* à 10 h\.$/);
  });

  it('scheduling the same occurrence twice leaves one job', async () => {
    const app = await start([new RecordingChannel('terminal')]);
    const { queue } = app.reminders.service;
    const at = Date.now() + 3_600_000;
    await queue.schedule('rtest1', at);
    await queue.schedule('rtest1', at);
    await Promise.all([queue.schedule('rtest1', at), queue.schedule('rtest1', at)]);
    expect(await jobCount(app)).toBe(1);
    const r = await createOnce(app, user('c'), 'x', { kind: 'once', at: new Date(at) });
    await app.reminders.service.resync(redis, prefix); // start-up check: re-adds nothing
    expect(await jobCount(app)).toBe(2);
    expect((await queue.queue.getJob(jobIdOf(r.id, at)))?.id).toBe(`${r.id}-${at.toString(36)}`);
  });

  it('deleting a reminder removes its jobs (next occurrence and "tomorrow" ones) and its keys', async () => {
    const app = await start([new RecordingChannel('terminal')]);
    const { service } = app.reminders;
    const r = await createOnce(app, user('d'), 'x', { kind: 'once', at: new Date(Date.now() + 3_600_000) });
    await service.snooze(r.id, new Date());
    expect(await jobCount(app)).toBe(2);
    await service.remove(r);
    expect(await jobCount(app)).toBe(0);
    expect(await redis.exists(service.store.recordKey(r.id), service.store.indexKey(user('d')))).toBe(0);
  });

  it('a channel that is down is retried until it comes back; sent once, with its original wording', async () => {
    const channel = new FailingChannel(3, () => new ChannelUnavailableError('terminal'));
    const app = await start([channel]);
    const r = await createOnce(app, user('e'), 'dossier MDPH');
    await channel.waitFor((sent) => sent.some(arrived));
    expect(channel.attempts).toBeGreaterThanOrEqual(4);
    expect(channel.textsTo('e')).toEqual([ownWordsReminder('dossier MDPH')]);
    await waitUntil(() => app.reminders.marks.isPrompted(r.id, r.next ?? 0), 'the delivery finished');
    expect(await app.reminders.marks.isSent(r.id, r.next ?? 0)).toBe(true);
  });

  it('a channel that is not running yet: retried, and sent when it starts', async () => {
    const app = await start([]);
    const r = await createOnce(app, user('f'), 'appeler');
    const job = () => app.reminders.service.queue.queue.getJob(jobIdOf(r.id, r.next ?? 0));
    await waitUntil(async () => ((await job())?.data.a ?? 0) >= 2, 'two failed attempts');
    const channel = new RecordingChannel('terminal');
    await channel.start(async () => undefined);
    app.app.router.add(channel);
    await channel.waitFor((sent) => sent.length >= 1);
    expect(channel.textsTo('f')[0]).toBe(ownWordsReminder('appeler'));
  });

  it('a person who blocked the bot: no retry, the reminder is removed', async () => {
    const channel = new FailingChannel(100, () => new RecipientBlockedError('terminal'));
    const app = await start([channel]);
    const r = await createOnce(app, user('g'), 'x');
    const job = () => app.reminders.service.queue.queue.getJob(jobIdOf(r.id, r.next ?? 0));
    await waitUntil(async () => (await (await job())?.getState()) === 'failed', 'the job to fail');
    expect(channel.attempts).toBe(1);
    expect(await app.reminders.service.store.get(r.id)).toBeNull();
    expect(await app.reminders.marks.isSent(r.id, r.next ?? 0)).toBe(false);
  });
});
