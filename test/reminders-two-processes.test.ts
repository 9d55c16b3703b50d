// Two services on one Redis (a second `npm start` beside the first, with MULTI_INSTANCE=true):
// both run reminder workers on the same jobs, and every reminder is sent exactly once.
import type { Redis } from 'ioredis';
import { procedureById } from './support/real-content.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { RecordingChannel } from './support/recording-channel.js';
import { ownWordsReminder, REMINDER_BUTTON_IDS, startRemindersApp, tr, type RemindersApp } from './support/reminders-app.js';

const ENV = { QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00', MULTI_INSTANCE: 'true', REMINDER_SEND_RATE: '200' };
const PEOPLE = 120;

let connections: Redis[] = [];
let apps: RemindersApp[] = [];
let prefix = '';

afterEach(async () => {
  await Promise.all(apps.map((a) => a.app.stop()));
  apps = [];
  if (connections[0]) await deletePrefix(connections[0], prefix);
  await Promise.all(connections.map((c) => c.quit()));
  connections = [];
});

describe('two processes sharing the reminders', () => {
  it('sends each of 120 reminders exactly once, whichever process takes it', async () => {
    prefix = newPrefix();
    connections = [connectRedis(), connectRedis()];
    // One recorder seen by both processes: what people received, in total.
    const received = new RecordingChannel('terminal');
    apps = await Promise.all(connections.map((redis) => startRemindersApp({ redis, prefix, channels: [received], env: ENV })));
    const [first, second] = apps as [RemindersApp, RemindersApp];
    const other = procedureById('other');
    const at = new Date(Date.now() + 1500);
    // Half scheduled by each process; the same reminders are also scheduled again by the other
    // (as a restart's resync would), which must not create second jobs.
    const created = await Promise.all(
      Array.from({ length: PEOPLE }, (_, i) =>
        (i % 2 ? first : second).reminders.service.create({ address: { channel: 'terminal', userId: `p${i}` }, locale: 'fr', procedure: other, words: `rdv ${i}`, rule: { kind: 'once', at }, now: new Date() }),
      ),
    );
    for (const r of created) if (r) await (r.userId.endsWith('0') ? first : second).reminders.service.queue.schedule(r.id, r.next ?? 0);

    // Each reminder is one message: the reminder, its buttons' question on the next line, its buttons.
    const prompt = tr('fr', 'rappels.delivered.prompt');
    await received.waitFor((sent) => sent.filter((s) => s.message.text.endsWith(`\n${prompt}`)).length >= PEOPLE, 30_000);
    await Promise.all(apps.map((a) => a.app.conversations.idle()));
    // Both processes did part of the work (each counts what it sent).
    const perProcess = await Promise.all(apps.map(async (a) => (await a.app.metrics.remindersSent.get()).values[0]?.value ?? 0));
    expect(perProcess.every((n) => n > 0)).toBe(true);
    expect(perProcess.reduce((a, b) => a + b, 0)).toBe(PEOPLE);
    for (let i = 0; i < PEOPLE; i++) {
      // One message, never a second reminder nor a separate question; the three buttons on it.
      const messages = received.sent.filter((s) => s.to.userId === `p${i}`).map((s) => s.message);
      expect(messages.map((m) => m.text)).toEqual([ownWordsReminder(`rdv ${i}`)]);
      expect(messages[0]?.choices?.map((c) => c.id)).toEqual(REMINDER_BUTTON_IDS);
    }
  });
});
