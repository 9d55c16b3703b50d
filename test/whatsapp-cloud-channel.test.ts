// The WhatsApp Cloud adapter end to end against the fake Graph API (real HTTP both ways, real Redis):
// the webhook handshake, signatures, the 24-hour window (text inside, template outside), duplicate
// deliveries, rate-limit retries, failed status callbacks.
import { afterEach, describe, expect, it } from 'vitest';
import type { Address } from '../src/core/message.js';
import { DAY_MS } from './support/fake-graph-api.js';
import { text as tr } from './support/real-content.js';
import { startCloudChannel, VERIFY_TOKEN, type CloudTestChannel } from './support/whatsapp-cloud-channel.js';

let t: CloudTestChannel | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const to = (userId: string): Address => ({ channel: 'whatsapp', userId });
const REMINDER = { text: '⏰ Rappel : rendez-vous CAF\nMardi 10 h', priority: 'high' as const, locale: 'fr' as const };

describe('WhatsApp Cloud adapter against the fake Graph API', () => {
  it('answers the GET handshake with the challenge only for the right verify token', async () => {
    t = await startCloudChannel();
    const ask = (token: string) => fetch(`${t!.webhookUrl}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`);
    const ok = await ask(VERIFY_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await ask('not-the-token');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
  });

  it('refuses a delivery with a bad or missing signature and handles nothing', async () => {
    t = await startCloudChannel();
    t.fake.setWebhook('http://127.0.0.1:9/nowhere'); // build a genuine payload without delivering it
    const payload = await t.fake.userSendsText('33612340001', 'bonjour').then((r) => r.payload, () => undefined);
    t.fake.setWebhook(t.webhookUrl);
    const body = payload ?? (await t.fake.userSendsText('33612340002', 'x')).payload;
    const forged = `sha256=${'ab'.repeat(32)}`;
    expect((await t.fake.postWebhook(body, { signature: forged })).status).toBe(401);
    expect((await t.fake.postWebhook(body, { signature: null })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(t.inbound.filter((m) => m.address.userId === '33612340001')).toHaveLength(0);
  });

  it('sends a reminder as text inside the window and as the approved template outside it', async () => {
    t = await startCloudChannel();
    await t.fake.userSendsText('33612340001', 'bonjour');
    await t.waitForInbound(1);
    await t.channel.send(to('33612340001'), REMINDER);
    const [inside] = await t.fake.waitForSent('33612340001', 1);
    expect(inside?.type).toBe('text');
    expect(inside?.text).toBe(REMINDER.text);

    t.fake.advance(DAY_MS + 60_000); // a day later, without a word from the person
    await t.channel.send(to('33612340001'), REMINDER);
    const outside = (await t.fake.waitForSent('33612340001', 2))[1];
    expect(outside?.type).toBe('template');
    expect(outside?.text).toBe('passerelle_rappel | ⏰ Rappel : rendez-vous CAF · Mardi 10 h');
    expect(t.fake.failed).toHaveLength(0);

    // Someone who never wrote gets the template too; their answer reopens the window.
    await t.channel.send(to('33612340003'), REMINDER);
    expect((await t.fake.waitForSent('33612340003', 1))[0]?.type).toBe('template');
    await t.fake.userSendsText('33612340003', 'ok merci');
    await t.waitForInbound(2);
    await t.channel.send(to('33612340003'), { text: 'Bien noté.' });
    expect((await t.fake.waitForSent('33612340003', 2))[1]).toMatchObject({ type: 'text', text: 'Bien noté.' });
  });

  it('falls back to the template when the API itself answers 131047', async () => {
    t = await startCloudChannel({ fake: { windowMode: 'sync' } });
    await t.fake.userSendsText('33612340001', 'bonjour');
    await t.waitForInbound(1);
    t.fake.failNext(131047); // the API's view of the window differs from ours
    await t.channel.send(to('33612340001'), REMINDER);
    expect((await t.fake.waitForSent('33612340001', 1))[0]?.type).toBe('template');
  });

  it('re-sends a text as its template, once, when Meta reports 131047 after accepting it', async () => {
    t = await startCloudChannel();
    await t.fake.userSendsText('33612340001', 'bonjour');
    await t.waitForInbound(1);
    t.fake.failNext(131047, 'status'); // accepted, then a `failed` status webhook (Meta's documented way)
    await t.channel.send(to('33612340001'), REMINDER);
    const [resent] = await t.fake.waitForSent('33612340001', 1);
    expect(resent).toMatchObject({ type: 'template', text: 'passerelle_rappel | ⏰ Rappel : rendez-vous CAF · Mardi 10 h' });
    await t.fake.idle();
    await new Promise((r) => setTimeout(r, 200)); // a second re-send would have arrived by now
    expect(t.fake.sentTo('33612340001')).toHaveLength(1);
    expect(t.fake.failed.map((f) => f.code)).toEqual([131047]);
    // Delivered messages leave nothing behind to re-send.
    await t.channel.send(to('33612340001'), { text: 'Bien noté.' });
    await t.fake.waitForSent('33612340001', 2);
    await t.fake.idle();
    await expect.poll(() => t!.redis.keys(`${t!.prefix}:whatsapp-cloud:resend:*`)).toEqual([]);
  });

  it('re-sends a text once when Meta reports a passing failure after accepting it, and counts each failure by code', async () => {
    const failures: string[] = [];
    t = await startCloudChannel({ channel: { onFailed: (code) => failures.push(code) } });
    await t.fake.userSendsText('33612340001', 'bonjour');
    await t.waitForInbound(1);
    t.fake.failNext(131000, 'status'); // "Something went wrong" on Meta's side, after the 200
    await t.channel.send(to('33612340001'), { text: 'Votre dossier est prêt.' });
    const [resent] = await t.fake.waitForSent('33612340001', 1);
    expect(resent).toMatchObject({ type: 'text', text: 'Votre dossier est prêt.' });
    expect(failures).toEqual(['131000']);

    // Failing again: the re-send is not re-sent (no loop), the failure is counted.
    t.fake.failNext(131000, 'status');
    t.fake.failNext(131000, 'status');
    await t.channel.send(to('33612340001'), { text: 'Rendez-vous mardi.' });
    await expect.poll(() => failures.length).toBe(3);
    await t.fake.idle();
    await new Promise((r) => setTimeout(r, 200)); // a third attempt would have come by now
    expect(t.fake.sentTo('33612340001').map((m) => m.text)).toEqual(['Votre dossier est prêt.']);
    expect(t.fake.failed.map((f) => f.code)).toEqual([131000, 131000, 131000]);

    // A person unreachable (131026) is not sent to again.
    t.fake.failNext(131026, 'status');
    await t.channel.send(to('33612340001'), { text: 'Encore ?' });
    await expect.poll(() => failures.at(-1)).toBe('131026');
    await t.fake.idle();
    await new Promise((r) => setTimeout(r, 200));
    expect(t.fake.sentTo('33612340001')).toHaveLength(1);
  });

  it("keeps an educator's file for a person outside the window: the staff template says so, the file comes when they write", async () => {
    t = await startCloudChannel();
    const photo = { kind: 'photo' as const, data: Buffer.from('\u00ff\u00d8\u00ff flyer'), mimeType: 'image/jpeg' };
    const pdf = { kind: 'document' as const, data: Buffer.from('%PDF-1.7 horaires'), mimeType: 'application/pdf', fileName: 'horaires.pdf' };
    await t.channel.send(to('33612340001'), { text: 'Léa (Promeneurs) : le flyer', media: photo, locale: 'fr' });
    await t.channel.send(to('33612340001'), { text: 'Léa (Promeneurs) : les horaires', media: pdf, locale: 'fr' });
    const notices = await t.fake.waitForSent('33612340001', 2);
    expect(notices.map((m) => m.type)).toEqual(['template', 'template']);
    expect(notices[0]?.text).toBe(`passerelle_message_equipe | Léa (Promeneurs) : le flyer · ${tr('fr', 'whatsapp.file_waiting')}`);
    expect(await t.channel.waiting.count('33612340001')).toBe(2);

    // The person answers: both files, in order, before anything else; nothing waits any more.
    await t.fake.userSendsText('33612340001', 'ok');
    const all = await t.fake.waitForSent('33612340001', 4);
    expect(all.slice(2).map((m) => [m.type, m.text])).toEqual([
      ['image', 'Léa (Promeneurs) : le flyer'],
      ['document', 'Léa (Promeneurs) : les horaires'],
    ]);
    expect((all[3]?.body.document as { filename?: string }).filename).toBe('horaires.pdf');
    expect(await t.channel.waiting.count('33612340001')).toBe(0);
    expect(t.fake.failed).toEqual([]);

    // "oubli" erases what waits.
    await t.channel.send(to('33612340002'), { text: 'x', media: photo, locale: 'fr' });
    await t.fake.waitForSent('33612340002', 1);
    await t.channel.waiting.erase('33612340002');
    await t.fake.userSendsText('33612340002', 'ok');
    await t.waitForInbound(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.fake.sentTo('33612340002').map((m) => m.type)).toEqual(['template']);
  });

  it('marks a message read with "typing…" while the answer is prepared, not a sticker', async () => {
    t = await startCloudChannel({ channel: { readReceipts: true } });
    const { id } = await t.fake.userSendsText('33612340001', 'bonjour');
    await t.fake.userSendsSticker('33612340001');
    await t.waitForInbound(2);
    await expect.poll(() => t!.fake.reads.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(t.fake.reads.find((r) => r.messageId === id)).toEqual({ messageId: id, typing: true });
    expect(t.fake.reads.filter((r) => r.typing)).toHaveLength(1);
  });

  it('handles a message delivered twice (same wamid) once', async () => {
    t = await startCloudChannel();
    const { payload } = await t.fake.userSendsText('33612340001', 'une fois');
    expect((await t.fake.postWebhook(payload)).status).toBe(200);
    expect((await t.fake.postWebhook(payload)).status).toBe(200);
    await t.fake.userSendsText('33612340001', 'marqueur');
    const got = await t.waitForInbound(2);
    expect(got.map((m) => (m.content.kind === 'text' ? m.content.text : m.content.kind))).toEqual(['une fois', 'marqueur']);
    await new Promise((r) => setTimeout(r, 100));
    expect(t.inbound).toHaveLength(2);
  });

  it.each([400, 429])('waits and retries after error 130429 (HTTP %i), then delivers once', async (http) => {
    t = await startCloudChannel({ fake: { rateLimitHttpStatus: http } });
    await t.fake.userSendsText('33612340001', 'bonjour');
    await t.waitForInbound(1);
    t.fake.failNext(130429);
    t.fake.failNext(130429);
    await t.channel.send(to('33612340001'), { text: 'Après deux refus' });
    const sent = await t.fake.waitForSent('33612340001', 1);
    expect(sent.map((s) => s.text)).toEqual(['Après deux refus']);
  });

  it('retries a 5xx from Meta', async () => {
    t = await startCloudChannel();
    await t.fake.userSendsText('33612340001', 'bonjour');
    await t.waitForInbound(1);
    t.fake.failNext(503);
    await t.channel.send(to('33612340001'), { text: 'Malgré la panne' });
    expect((await t.fake.waitForSent('33612340001', 1)).map((s) => s.text)).toEqual(['Malgré la panne']);
  });

  it('delivers every message once, in order, under a 20 messages/s limit', async () => {
    t = await startCloudChannel({ fake: { rate: 20 }, channel: { ratePerSecond: 20 } });
    const people = Array.from({ length: 5 }, (_, i) => `3361234100${i}`);
    for (const p of people) await t.fake.userSendsText(p, 'bonjour');
    await t.waitForInbound(people.length);
    await Promise.all(people.flatMap((p) => Array.from({ length: 10 }, (_, i) => t!.channel.send(to(p), { text: `m${i}` }))));
    for (const p of people) expect((await t.fake.waitForSent(p, 10)).map((s) => s.text)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    await t.fake.idle();
    for (const p of people) expect(t.fake.sentTo(p)).toHaveLength(10); // refusals (130429) retried, none doubled
  });
});
