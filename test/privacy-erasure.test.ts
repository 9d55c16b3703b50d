// "oubli" for a person who has a session, a scheduled reminder and a Promeneurs conversation with
// a staff topic: afterwards a scan of every Redis key and value finds nothing of theirs, and the
// reminder never comes. Real flows, grammY against the local Bot API server, real Redis and BullMQ.
import type { Redis } from 'ioredis';
import { procedureById } from './support/real-content.js';
import { scanKeys } from '../src/redis/scan.js';
import { afterEach, describe, expect, it } from 'vitest';
import { privacyFeature } from '../src/privacy/feature.js';
import { remindersFeature, type RemindersFeature } from '../src/reminders/feature.js';
import type { SimUser } from './support/bot-api-server.js';
import { STAFF_CHAT, startHandoffApp, t, type HandoffApp } from './support/handoff-app.js';

// Monday 30 November 2026, 15:00 in Paris: the Promeneurs are on duty.
const NOW = new Date('2026-11-30T14:00:00Z');
const youth: SimUser = { id: 770077123, first_name: 'Yasmine', language_code: 'fr' };
const ADDRESS = { channel: 'telegram' as const, userId: String(youth.id) };

let h: HandoffApp | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every key under the prefix with its value(s) flattened to text, whatever the Redis type. */
async function dump(redis: Redis, prefix: string): Promise<Array<{ key: string; text: string }>> {
  const out: Array<{ key: string; text: string }> = [];
  for await (const keys of scanKeys(redis, `${prefix}:*`, 1000)) {
    for (const key of keys) {
      const type = await redis.type(key);
      let text = '';
      if (type === 'string') text = (await redis.get(key)) ?? '';
      else if (type === 'hash') text = JSON.stringify(await redis.hgetall(key));
      else if (type === 'list') text = (await redis.lrange(key, 0, -1)).join('\n');
      else if (type === 'set') text = (await redis.smembers(key)).join('\n');
      else if (type === 'zset') text = (await redis.zrange(key, '0', '-1')).join('\n');
      else if (type === 'stream') text = JSON.stringify(await redis.xrange(key, '-', '+'));
      out.push({ key, text });
    }
  }
  return out;
}

async function sentTo(app: HandoffApp, chatId: number, text: string): Promise<void> {
  await app.server.waitForSent((m) => m.chat_id === chatId && (m.text ?? '').includes(text));
}

describe('"oubli" erases a person everywhere', () => {
  it('leaves no key or value naming them, cancels their reminder and their staff topic', async () => {
    h = await startHandoffApp({ now: NOW, before: [privacyFeature], after: [remindersFeature] });
    const app = h;
    // A conversation with the Promeneurs: a topic in the staff forum.
    app.server.userSends(youth, '/start promeneurs');
    const question = (await app.server.waitForSent((m) => m.chat_id === youth.id && (m.text ?? '').includes(t('fr', 'promeneurs.age.prompt'))))[0];
    app.server.userPressesButton(youth, question?.message_id ?? 0, t('fr', 'promeneurs.age.from_18_to_25'));
    await sentTo(app, youth.id, t('fr', 'promeneurs.write'));
    app.server.userSends(youth, 'je cherche un stage, je suis à Roubaix');
    await sentTo(app, STAFF_CHAT, 'je cherche un stage');

    // A reminder due in a minute.
    const reminders = app.app.features.find((f) => f.name === 'reminders') as RemindersFeature;
    const other = procedureById('other');
    const due = new Date(Date.now() + 60_000);
    const created = await reminders.service.create({ address: ADDRESS, locale: 'fr', procedure: other, words: 'rendez-vous mairie', rule: { kind: 'once', at: due }, now: new Date() });
    expect(created).not.toBeNull();
    // A one-off reminder already delivered: its record (with the person's words) is kept 14 days.
    const delivered = await reminders.service.create({ address: ADDRESS, locale: 'fr', procedure: other, words: 'dossier caf termine', rule: { kind: 'once', at: due }, now: new Date() });
    expect(delivered?.next).toBeTypeOf('number');
    expect(await reminders.service.advance(delivered?.id ?? '', delivered?.next ?? 0, new Date())).toBe(true);

    const before = await dump(app.redis, app.prefix);
    const mentions = (rows: Array<{ key: string; text: string }>) =>
      rows.filter((r) => r.key.includes(String(youth.id)) || r.text.includes(String(youth.id)) || r.text.includes('rendez-vous mairie') || r.text.includes('dossier caf termine'));
    expect(before.some((r) => r.text.includes('dossier caf termine'))).toBe(true);
    expect(mentions(before).length).toBeGreaterThan(3);

    // "mes données" lists the session, the reminder and the conversation with the Promeneurs.
    app.server.userSends(youth, 'mes données');
    await sentTo(app, youth.id, t('fr', 'privacy.summary_title'));
    const summary = app.server.sent(youth.id).map((m) => m.text ?? '').find((x) => x.startsWith(t('fr', 'privacy.summary_title'))) ?? '';
    expect(summary).toContain(t('fr', 'rappels.data.kept', { count: 1 }));
    expect(summary).toContain(t('fr', 'rappels.data.finished', { count: 1 }));
    expect(summary).toContain(t('fr', 'privacy.kept.session', { days: 30 }));

    // "oubli", confirmed.
    app.server.userSends(youth, 'oubli');
    await sentTo(app, youth.id, t('fr', 'privacy.confirm_forget'));
    app.server.userSends(youth, 'oui');
    await sentTo(app, youth.id, t('fr', 'privacy.erased'));
    await app.app.conversations.idle();

    expect(mentions(await dump(app.redis, app.prefix))).toEqual([]);
    const job = await reminders.service.queue.queue.getJobs(['delayed', 'waiting', 'active']);
    expect(job.filter((j) => JSON.stringify(j.data).includes(String(youth.id)))).toEqual([]);
  });
});
