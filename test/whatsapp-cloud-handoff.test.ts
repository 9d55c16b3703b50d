// A voice note and a photo from a young person on WhatsApp Cloud reach the educators' topic: the real app
// (WHATSAPP_MODE=cloud feature, its webhook route on the app's HTTP port) with the fake Graph API posting
// signed deliveries, the adapter downloading through the media endpoint, the local Bot API server as
// the staff chat.
import { afterEach, describe, expect, it } from 'vitest';
import { createWhatsAppCloudFeature } from '../src/channels/whatsapp-cloud/feature.js';
import type { SentMessage } from './support/bot-api-server.js';
import { startFakeGraphApi, type FakeGraphApi } from './support/fake-graph-api.js';
import { STAFF_CHAT, startHandoffApp, t, type HandoffApp } from './support/handoff-app.js';
import { CLOUD_SECRETS, cloudEnv } from './support/whatsapp-cloud-channel.js';

const MONDAY_AFTERNOON = new Date('2026-11-30T14:00:00Z');
const WA = '33612345678';

let h: (HandoffApp & { fake: FakeGraphApi }) | undefined;
afterEach(async () => {
  await h?.close();
  await h?.fake.close();
  h = undefined;
});

/** With `realClock`, the fake stamps deliveries with the real time, so a person's message opens the 24-hour window. */
async function start(realClock = false): Promise<HandoffApp & { fake: FakeGraphApi }> {
  const fake = await startFakeGraphApi({ ...CLOUD_SECRETS });
  const app = await startHandoffApp({
    now: MONDAY_AFTERNOON,
    env: cloudEnv(fake),
    after: [createWhatsAppCloudFeature({ initialBackoffMs: 10 })],
  });
  fake.setWebhook(`http://127.0.0.1:${app.app.http.port}/whatsapp`);
  if (!realClock) fake.advance(MONDAY_AFTERNOON.getTime() - Date.now()); // webhook timestamps on the app's clock
  h = { ...app, fake };
  return h;
}

function bytesOf(app: HandoffApp, m: SentMessage | undefined): Buffer | undefined {
  const file = m?.message.voice ?? m?.message.photo?.at(-1) ?? m?.message.document;
  return file ? app.server.fileBytes(file.file_id) : undefined;
}

describe('handoff relay over WhatsApp Cloud', () => {
  it('a voice note and a photo reach the topic with the same bytes, fetched through the media endpoint', async () => {
    const app = await start();
    await app.service.request({ channel: 'whatsapp', userId: WA }, { team: 'promeneurs', locale: 'fr', text: 'bonjour' });
    const [card] = await app.server.waitForSent({ chatId: STAFF_CHAT, text: 'Nouvelle demande', count: 1 });
    const thread = card?.message_thread_id;
    const code = /#([A-Z0-9]{4})/.exec(card?.text ?? '')?.[1];
    expect(thread).toBeDefined();

    const voice = Buffer.from('OggS\u0000voice note bytes');
    expect((await app.fake.userSendsVoice(WA, voice)).status).toBe(200);
    const [sent] = await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, method: 'sendVoice' }, { timeoutMs: 10_000 });
    expect(sent?.caption).toBe(t('fr', 'promeneurs.staff.person_media', { code, what: t('fr', 'promeneurs.staff.kinds.voice') }));
    expect(bytesOf(app, sent)).toEqual(voice);

    await app.fake.userSendsImage(WA, Buffer.from('jpeg bytes'), 'regarde');
    const [photo] = await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, method: 'sendPhoto' }, { timeoutMs: 10_000 });
    expect(photo?.caption).toBe(t('fr', 'promeneurs.staff.person', { code, text: 'regarde' }));
    expect(bytesOf(app, photo)).toEqual(Buffer.from('jpeg bytes'));
  });

  it("an educator's photo for a person who has not written for 24 hours: the person is told, the educator too, and it goes when they write", async () => {
    const app = await start(true);
    const lea = { id: 501, first_name: 'Léa' };
    app.server.setChatMember(STAFF_CHAT, lea.id, 'member');
    await app.service.request({ channel: 'whatsapp', userId: WA }, { team: 'promeneurs', locale: 'fr', text: 'bonjour' });
    const [card] = await app.server.waitForSent({ chatId: STAFF_CHAT, text: 'Nouvelle demande', count: 1 });
    const thread = card?.message_thread_id ?? 0;
    app.server.userSends(lea, '/prendre', { chatId: STAFF_CHAT, threadId: thread });
    await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, text: t('fr', 'promeneurs.staff.taken', { name: lea.first_name }) });
    const before = app.fake.sentTo(WA).length; // "someone takes over" went as the staff template

    const flyer = Buffer.from('\u00ff\u00d8\u00ff flyer de samedi');
    app.server.userSendsKind(lea, 'photo', { chatId: STAFF_CHAT, threadId: thread, caption: 'le flyer', file: { bytes: flyer } });
    await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, text: t('fr', 'promeneurs.staff.media_waiting') });
    const notice = (await app.fake.waitForSent(WA, before + 1)).at(-1);
    expect(notice?.type).toBe('template');
    expect(notice?.text).toContain(t('fr', 'whatsapp.file_waiting'));

    await app.fake.userSendsText(WA, 'ok');
    const photo = (await app.fake.waitForSent(WA, before + 2)).at(-1);
    expect(photo?.type).toBe('image');
    expect(photo?.text).toContain('le flyer');
    const mediaId = (photo?.body.image as { id: string }).id;
    expect(app.fake.mediaBytes(mediaId)).toEqual(flyer);
  });
});
