// Voice notes, photos and documents between a young person and an educator, both ways: the real app
// with the Telegram channel (local Bot API server, staff forum topic) and the real WhatsApp channel on
// the fake whatsapp-web.js client, real Redis, real texts.
import { afterEach, describe, expect, it } from 'vitest';
import { WhatsAppChannel } from '../src/channels/whatsapp/channel.js';
import { createWhatsAppFeature } from '../src/channels/whatsapp/feature.js';
import type { FeatureFactory } from '../src/core/feature.js';
import type { Address } from '../src/core/message.js';
import type { SentMessage, SimUser } from './support/bot-api-server.js';
import { FakeWhatsApp } from './support/fake-whatsapp.js';
import { STAFF_CHAT, startHandoffApp, t, type HandoffApp } from './support/handoff-app.js';

// Monday 30 November 2026, 15:00 in Paris.
const MONDAY_AFTERNOON = new Date('2026-11-30T14:00:00Z');
const JID = '33612345678@c.us';
const youth: SimUser = { id: 3001, first_name: 'Inès', language_code: 'fr' };
const lea: SimUser = { id: 501, first_name: 'Léa' };
const sami: SimUser = { id: 502, first_name: 'Sami' };
const LEA_SIGNATURE = 'Léa (Centre social du Pont)';
const MB = 1024 * 1024;

interface MediaApp extends HandoffApp {
  wa: FakeWhatsApp;
  channel: WhatsAppChannel;
}

let h: MediaApp | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The app with the real WhatsApp channel on a fake client, connected and its outbox checked. */
async function start(): Promise<MediaApp> {
  const wa = new FakeWhatsApp({ sessionStored: true });
  let channel: WhatsAppChannel | undefined;
  let ready: Promise<unknown> = Promise.resolve();
  const whatsapp = createWhatsAppFeature({ clientFactory: () => wa.factory, mediaFactory: wa.mediaFactory, print: () => undefined, pause: async () => undefined });
  const withChannel: FeatureFactory = (deps) => {
    const feature = whatsapp(deps);
    channel = feature.channels?.find((c): c is WhatsAppChannel => c instanceof WhatsAppChannel);
    if (channel) ready = channel.status.next('outbox-empty');
    return feature;
  };
  const app = await startHandoffApp({
    now: MONDAY_AFTERNOON,
    env: { WHATSAPP_ENABLED: 'true', WHATSAPP_RATE_PER_MINUTE: '600', WHATSAPP_CHAT_GAP_MS: '0', WHATSAPP_TYPING_MS: '0' },
    after: [withChannel],
  });
  if (!channel) throw new Error('the WhatsApp channel was not built');
  h = { ...app, wa, channel };
  await ready;
  app.server.setChatMember(STAFF_CHAT, lea.id, 'member');
  app.server.setChatMember(STAFF_CHAT, sami.id, 'administrator');
  // Léa signs with her structure.
  app.server.userSends(lea, `/profil ${LEA_SIGNATURE.replace(' (', ', ').replace(')', '')}`, { chatId: STAFF_CHAT });
  await app.server.waitForSent({ chatId: STAFF_CHAT, text: t('fr', 'promeneurs.staff.profile_set', { signature: LEA_SIGNATURE }) });
  return h;
}

/** A conversation waiting for the Promeneurs: its topic and pseudonym. */
async function ask(app: MediaApp, address: Address): Promise<{ thread: number; code: string }> {
  const before = app.server.sent(STAFF_CHAT).length;
  await app.service.request(address, { team: 'promeneurs', locale: 'fr', text: 'bonjour' });
  const [card] = (await app.server.waitForSent({ chatId: STAFF_CHAT, text: 'Nouvelle demande', count: 1 })).filter((m) => app.server.sent(STAFF_CHAT).indexOf(m) >= before);
  const thread = card?.message_thread_id;
  const code = /#([A-Z0-9]{4})/.exec(card?.text ?? '')?.[1];
  if (thread === undefined || code === undefined) throw new Error('no card in a topic');
  return { thread, code };
}

async function take(app: MediaApp, who: SimUser, thread: number): Promise<void> {
  app.server.userSends(who, '/prendre', { chatId: STAFF_CHAT, threadId: thread });
  await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, text: t('fr', 'promeneurs.staff.taken', { name: who.first_name }) });
}

/** The bot's answer in the topic to the staff message `messageId`. */
async function replyTo(app: MediaApp, messageId: number): Promise<string> {
  const [reply] = await app.server.waitForSent((m) => m.chat_id === STAFF_CHAT && m.message.reply_to_message?.message_id === messageId);
  return reply?.text ?? '';
}

function bytesOf(app: MediaApp, m: SentMessage | undefined): Buffer | undefined {
  const file = m?.message.voice ?? m?.message.photo?.at(-1) ?? m?.message.document ?? m?.message.audio ?? m?.message.video;
  return file ? app.server.fileBytes(file.file_id) : undefined;
}

describe('a file from a young person on WhatsApp reaches the topic', () => {
  it('a voice note arrives as a voice message with the pseudonym line and the same bytes; a photo keeps its caption, a document its name', async () => {
    const app = await start();
    const { thread, code } = await ask(app, { channel: 'whatsapp', userId: JID });
    const voice = Buffer.from('OggS\u0000voice note bytes');
    app.wa.userSendsMedia(JID, 'ptt', '', { data: voice, mimetype: 'audio/ogg; codecs=opus' });
    const [sent] = await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, method: 'sendVoice' });
    expect(sent?.caption).toBe(t('fr', 'promeneurs.staff.person_media', { code, what: t('fr', 'promeneurs.staff.kinds.voice') }));
    expect(bytesOf(app, sent)).toEqual(voice);

    app.wa.userSendsMedia(JID, 'image', 'regarde');
    const [photo] = await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, method: 'sendPhoto' });
    expect(photo?.caption).toBe(t('fr', 'promeneurs.staff.person', { code, text: 'regarde' }));
    expect(bytesOf(app, photo)).toEqual(Buffer.from('fake image bytes'));

    app.wa.userSendsMedia(JID, 'document', '', { data: Buffer.from('%PDF-1.7 attestation'), mimetype: 'application/pdf', filename: 'attestation CAF.pdf' });
    const [document] = await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, method: 'sendDocument' });
    expect(document?.message.document?.file_name).toBe('attestation CAF.pdf');
    expect(bytesOf(app, document)).toEqual(Buffer.from('%PDF-1.7 attestation'));
    // The bot itself says nothing to the young person.
    expect(app.wa.sentTo(JID)).toEqual([]);
  });

  it('posts the placeholder when the file cannot be had: a download error, a file gone from WhatsApp, a file over 20 MB', async () => {
    const app = await start();
    const { thread, code } = await ask(app, { channel: 'whatsapp', userId: JID });
    const placeholder = (what: string): string => t('fr', 'promeneurs.staff.placeholder', { code, what: t('fr', `promeneurs.staff.kinds.${what}`) });

    app.wa.downloadFailure = 'error';
    app.wa.userSendsMedia(JID, 'image');
    await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, text: placeholder('photo') });

    app.wa.downloadFailure = 'gone';
    app.wa.userSendsMedia(JID, 'ptt');
    await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, text: placeholder('voice') });

    app.wa.downloadFailure = undefined;
    app.wa.userSendsMedia(JID, 'video', '', { data: Buffer.alloc(21 * MB, 7), mimetype: 'video/mp4' });
    await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, text: placeholder('video') });

    // A sticker is not relayed at all: the placeholder too.
    app.wa.userSendsMedia(JID, 'sticker');
    await app.server.waitForSent({ chatId: STAFF_CHAT, threadId: thread, text: placeholder('sticker') });
    const uploads = app.server.sent(STAFF_CHAT).filter((m) => m.method !== 'sendMessage' && m.message_thread_id === thread);
    expect(uploads).toEqual([]);
  });
});

describe('a file from the educator reaches the young person, signed', () => {
  it('to a young person on Telegram: a copy of the photo with the signed caption', async () => {
    const app = await start();
    app.server.createPrivateChat(youth);
    const { thread } = await ask(app, { channel: 'telegram', userId: String(youth.id) });
    await take(app, lea, thread);
    const posted = app.server.userSendsKind(lea, 'photo', { chatId: STAFF_CHAT, threadId: thread, caption: 'le flyer de samedi' });
    const [copy] = await app.server.waitForSent({ chatId: youth.id, method: 'copyMessage' });
    expect(copy?.caption).toBe(`${LEA_SIGNATURE} : le flyer de samedi`);
    expect(copy?.message.photo?.at(-1)?.file_id).toBe(posted.message.photo?.at(-1)?.file_id);

    // Without a caption: the signature alone.
    app.server.userSendsKind(lea, 'voice', { chatId: STAFF_CHAT, threadId: thread });
    const copies = await app.server.waitForSent({ chatId: youth.id, method: 'copyMessage', count: 2 });
    expect(copies[1]?.caption).toBe(LEA_SIGNATURE);
    expect(copies[1]?.message.voice).toBeDefined();
  });

  it('to a young person on WhatsApp: the same bytes, signed; a voice note comes after its signature', async () => {
    const app = await start();
    const { thread } = await ask(app, { channel: 'whatsapp', userId: JID });
    await take(app, lea, thread);
    const picture = Buffer.from('\u00ff\u00d8\u00ff jpeg of the flyer');
    app.server.userSendsKind(lea, 'photo', { chatId: STAFF_CHAT, threadId: thread, caption: 'le flyer de samedi', file: { bytes: picture } });
    const [photo] = await app.wa.waitForSent(1, JID);
    expect(photo?.media?.data).toEqual(picture);
    expect(photo?.media?.mimetype).toBe('image/jpeg');
    expect(photo?.body).toBe(`${LEA_SIGNATURE} : le flyer de samedi`);

    const voice = Buffer.from('OggS educator voice');
    app.server.userSendsKind(lea, 'voice', { chatId: STAFF_CHAT, threadId: thread, file: { bytes: voice } });
    const sent = await app.wa.waitForSent(3, JID);
    expect(sent[1]?.body).toBe(LEA_SIGNATURE);
    expect(sent[1]?.media).toBeUndefined();
    expect(sent[2]?.media?.data).toEqual(voice);
    expect(sent[2]?.options?.sendAudioAsVoice).toBe(true);

    const pdf = Buffer.from('%PDF-1.7 horaires');
    app.server.userSendsKind(lea, 'document', { chatId: STAFF_CHAT, threadId: thread, caption: 'les horaires', file: { bytes: pdf, fileName: 'horaires centre.pdf' } });
    const [, , , document] = await app.wa.waitForSent(4, JID);
    expect(document?.media).toEqual({ mimetype: 'application/pdf', data: pdf, filename: 'horaires centre.pdf' });
    expect(document?.options).toMatchObject({ sendMediaAsDocument: true, caption: `${LEA_SIGNATURE} : les horaires` });
  });

  it("refuses a file from someone who does not own the conversation, and stickers; tells when a file is too large or WhatsApp is away", async () => {
    const app = await start();
    const { thread } = await ask(app, { channel: 'whatsapp', userId: JID });
    const photo = app.server.userSendsKind(lea, 'photo', { chatId: STAFF_CHAT, threadId: thread });
    expect(await replyTo(app, photo.message.message_id)).toBe(t('fr', 'promeneurs.staff.not_owner'));
    await take(app, lea, thread);
    const other = app.server.userSendsKind(sami, 'document', { chatId: STAFF_CHAT, threadId: thread });
    expect(await replyTo(app, other.message.message_id)).toBe(t('fr', 'promeneurs.staff.owned_by_other', { name: 'Léa' }));
    const sticker = app.server.userSendsKind(lea, 'sticker', { chatId: STAFF_CHAT, threadId: thread });
    expect(await replyTo(app, sticker.message.message_id)).toBe(t('fr', 'promeneurs.staff.kind_not_relayed'));
    const big = app.server.userSendsKind(lea, 'document', { chatId: STAFF_CHAT, threadId: thread, file: { bytes: Buffer.alloc(21 * MB, 1), fileName: 'gros.pdf' } });
    expect(await replyTo(app, big.message.message_id)).toBe(t('fr', 'promeneurs.staff.media_too_big'));
    expect(app.wa.sentTo(JID)).toEqual([]);

    // WhatsApp away: the file is not kept in the Redis outbox (it never holds files): the educator is told.
    const down = app.channel.status.next('disconnected');
    app.wa.offline = true;
    app.wa.disconnect();
    await down;
    const late = app.server.userSendsKind(lea, 'photo', { chatId: STAFF_CHAT, threadId: thread, caption: 'tiens' });
    expect(await replyTo(app, late.message.message_id)).toBe(t('fr', 'promeneurs.staff.not_delivered'));
    expect(await app.channel.outboxLength()).toBe(0);
  });
});
