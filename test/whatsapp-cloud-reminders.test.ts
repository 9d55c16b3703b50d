// A reminder over the WhatsApp Cloud API, through the real app (reminders feature, BullMQ worker, the
// cloud feature's webhook route) and the fake Graph API: one message with its three buttons. Inside
// the 24-hour window it is an interactive message; outside it, the reminder template whose quick-reply
// buttons carry the same choices, so "Rappelle-moi demain" works from the template too.
import { afterEach, describe, expect, it } from 'vitest';
import { createWhatsAppCloudFeature } from '../src/channels/whatsapp-cloud/feature.js';
import { DAY_MS, startFakeGraphApi, type FakeGraphApi, type SentMessage } from './support/fake-graph-api.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { catalogue, REMINDER_BUTTON_IDS, startRemindersApp, tr, waitUntil, type RemindersApp } from './support/reminders-app.js';
import { approvedTemplates, CLOUD_SECRETS, cloudEnv } from './support/whatsapp-cloud-channel.js';

const WA = '33612345678';
const redis = connectRedis();
let running: { app: RemindersApp; fake: FakeGraphApi; prefix: string } | undefined;

afterEach(async () => {
  await running?.app.app.stop();
  await running?.fake.close();
  if (running) await deletePrefix(redis, running.prefix);
  running = undefined;
});

async function start(): Promise<{ app: RemindersApp; fake: FakeGraphApi }> {
  const fake = await startFakeGraphApi({ templates: approvedTemplates(), ...CLOUD_SECRETS });
  const prefix = newPrefix();
  const app = await startRemindersApp({
    redis,
    prefix,
    channels: [],
    env: { QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00', ...cloudEnv(fake) },
    before: [createWhatsAppCloudFeature({ initialBackoffMs: 10 })],
  });
  fake.setWebhook(`http://127.0.0.1:${app.app.http.port}/whatsapp`);
  running = { app, fake, prefix };
  return running;
}

const other = catalogue.procedures.find((p) => p.id === 'other');

async function remindInASecond(app: RemindersApp, words: string) {
  if (!other) throw new Error('no "other" procedure');
  const r = await app.reminders.service.create({ address: { channel: 'whatsapp', userId: WA }, locale: 'fr', procedure: other, words, rule: { kind: 'once', at: new Date(Date.now() + 1000) }, now: new Date() });
  if (!r) throw new Error('not created');
  return r;
}

const reminderOf = (words: string): string => tr('fr', 'rappels.delivered.message', { todo: tr('fr', 'rappels.delivered.own_words', { words }), link_line: '' }).trim();
const labels = ['done', 'tomorrow', 'stop'].map((key) => tr('fr', `rappels.delivered.${key}`));

async function snoozedOnce(app: RemindersApp, id: string): Promise<void> {
  await waitUntil(async () => (await app.reminders.service.store.get(id))?.snoozed.length === 1, '"tomorrow" to be scheduled');
}

describe('reminders over WhatsApp Cloud', () => {
  it('outside the window: one template whose quick replies work', async () => {
    const { app, fake } = await start();
    const r = await remindInASecond(app, 'rendez-vous mairie');
    const [sent] = await fake.waitForSent(WA, 1);
    expect(sent?.type).toBe('template');
    expect(sent?.text).toBe(`passerelle_rappel | ${reminderOf('rendez-vous mairie')} · ${tr('fr', 'rappels.delivered.prompt')}`);
    expect(sent?.choices).toEqual(REMINDER_BUTTON_IDS.map((id, i) => ({ id, title: labels[i] })));
    await waitUntil(() => app.reminders.marks.isPrompted(r.id, r.next ?? 0), 'the delivery to finish');

    // The tap opens the window: the answer goes as plain text.
    await fake.userTapsTemplateButton(WA, REMINDER_BUTTON_IDS[1] ?? '', labels[1] ?? '', sent?.id);
    const answer = (await fake.waitForSent(WA, 2))[1];
    expect(answer).toMatchObject({ type: 'text' });
    expect(answer?.text).toMatch(/^D'accord\. Je vous le redis le /);
    await snoozedOnce(app, r.id);
    expect(fake.failed).toEqual([]);
  });

  it('inside the window: one interactive message with the three reply buttons', async () => {
    const { app, fake } = await start();
    await fake.userSendsText(WA, 'menu');
    await fake.waitForSent(WA, 1); // the menu
    const r = await remindInASecond(app, 'dossier CAF');
    const reminder = await waitForReminder(fake);
    expect(reminder.type).toBe('interactive');
    expect(reminder.text).toBe(`${reminderOf('dossier CAF')}\n${tr('fr', 'rappels.delivered.prompt')}`);
    expect(reminder.choices.map((c) => c.id)).toEqual(REMINDER_BUTTON_IDS);
    await waitUntil(() => app.reminders.marks.isPrompted(r.id, r.next ?? 0), 'the delivery to finish');
    await fake.userChooses(WA, REMINDER_BUTTON_IDS[1] ?? '', reminder.choices[1]?.title ?? '');
    await snoozedOnce(app, r.id);
  });

  it('a day later, a tap on an old template without our payload reads as the words typed', async () => {
    const { app, fake } = await start();
    const r = await remindInASecond(app, 'impôts');
    await fake.waitForSent(WA, 1);
    await waitUntil(() => app.reminders.marks.isPrompted(r.id, r.next ?? 0), 'the delivery to finish');
    fake.advance(DAY_MS / 2);
    // Meta gives the button's text as payload when the send set none.
    await fake.userTapsTemplateButton(WA, labels[1] ?? '', labels[1] ?? '');
    await snoozedOnce(app, r.id);
  });
});

async function waitForReminder(fake: FakeGraphApi): Promise<SentMessage> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = fake.sentTo(WA).find((s) => s.text.startsWith('⏰'));
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no reminder sent');
    await new Promise((r) => setTimeout(r, 50));
  }
}
