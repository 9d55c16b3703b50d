// One set of expectations for every channel adapter (the Channel port): each adapter gets a harness
// that plays its platform (the fake whatsapp-web.js client; the local Telegram Bot API server).
// Add an adapter by adding a harness factory to HARNESSES.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../src/channels/telegram/telegram-channel.js';
import type { Channel } from '../src/core/channel.js';
import type { Address, Choice, Inbound, UnsupportedKind } from '../src/core/message.js';
import { matchChoice } from '../src/engine/match.js';
import { startBotApiServer, DEFAULT_GROUP_ID } from './support/bot-api-server.js';
import { startWhatsAppChannel } from './support/whatsapp-channel.js';
import { startCloudChannel } from './support/whatsapp-cloud-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { realContent } from './support/whatsapp-channel.js';

type MediaKind = 'voice' | 'photo' | 'sticker' | 'location';

/** A message the adapter sent, as the person sees it. */
interface Seen {
  text: string;
  /** Platform handle to answer it (Telegram message id). */
  ref: number;
}

interface ChannelHarness {
  channel: Channel;
  /** The userId of simulated person n (n ≥ 1); the person has opened a chat with the bot. */
  person(n: number): string;
  waitForInbound(count: number): Promise<Inbound[]>;
  userSendsText(userId: string, text: string): void;
  userSendsMedia(userId: string, kind: MediaKind): void;
  /** The person picks choice `index` (0-based) of a sent question, the platform's way. */
  userChooses(userId: string, question: Seen, index: number, choice: Choice): void;
  waitForSent(userId: string, count: number): Promise<Seen[]>;
  /** The first file the person received: its caption and bytes. */
  waitForFile(userId: string): Promise<{ caption: string; bytes: Buffer | undefined }>;
  /** Present when the adapter fetches a person's files itself (Channel.fetchMedia): the person sends a photo. */
  userSendsPhoto?(userId: string, bytes: Buffer, caption: string): void;
  /** A message in a group the bot belongs to. */
  groupMessage(text: string): void;
  /** A status update (WhatsApp only). */
  statusUpdate?(text: string): void;
  /** A message written from the bot's own account (WhatsApp only). */
  ownMessage?(toUserId: string, text: string): void;
  /** Present when the adapter accepts messages while disconnected and sends them on reconnection. */
  offline?: { disconnect(): Promise<void>; reconnect(): Promise<void>; sentCount(userId: string): number };
  close(): Promise<void>;
}

interface HarnessFactory {
  name: string;
  create(): Promise<ChannelHarness>;
}

const whatsapp: HarnessFactory = {
  name: 'whatsapp (fake whatsapp-web.js client)',
  async create() {
    const t = await startWhatsAppChannel();
    const { wa } = t;
    const person = (n: number): string => `3361234${String(n).padStart(4, '0')}@c.us`;
    return {
      channel: t.channel,
      person,
      waitForInbound: t.waitForInbound,
      userSendsText: (userId, text) => void wa.userSends(userId, text),
      userSendsMedia: (userId, kind) => void wa.userSendsMedia(userId, { voice: 'ptt', photo: 'image', sticker: 'sticker', location: 'location' }[kind]),
      // Numbered text: the person types the digit.
      userChooses: (userId, _question, index) => void wa.userSends(userId, String(index + 1)),
      waitForSent: async (userId, count) => (await wa.waitForSent(count, userId)).map((s, i) => ({ text: s.body, ref: i })),
      async waitForFile(userId) {
        const sent = await wa.waitForSent(1, userId);
        return { caption: sent[0]?.body ?? '', bytes: sent[0]?.media?.data };
      },
      userSendsPhoto: (userId, bytes, caption) => void wa.userSendsMedia(userId, 'image', caption, { data: bytes, mimetype: 'image/jpeg' }),
      groupMessage: (text) => void wa.groupMessage('120363000000000001@g.us', person(99), text),
      statusUpdate: (text) => void wa.statusUpdate(person(98), text),
      ownMessage: (toUserId, text) => void wa.ownMessage(toUserId, text),
      offline: {
        async disconnect() {
          const down = t.channel.status.next('disconnected');
          wa.offline = true; // the next clients cannot connect until reconnect()
          wa.disconnect('TIMEOUT');
          await down;
        },
        async reconnect() {
          const ready = t.channel.status.next('ready');
          wa.goOnline();
          await ready;
        },
        sentCount: (userId) => wa.sentTo(userId).length,
      },
      close: t.close,
    };
  },
};

const telegram: HarnessFactory = {
  name: 'telegram (local Bot API server)',
  async create() {
    const server = await startBotApiServer();
    const redis = connectRedis();
    const prefix = newPrefix();
    const channel = new TelegramChannel({
      token: server.token,
      apiRoot: server.apiRoot,
      limits: { perSecond: 0, perChatPerSecond: 0, chatBurst: 1 },
      redis,
      redisPrefix: prefix,
      choiceTtlSeconds: 3600,
      texts: realContent().texts,
      defaultLocale: 'fr',
      log: pino({ level: 'silent' }),
      maxRetries: 0,
    });
    const inbound: Inbound[] = [];
    const waiters: Array<() => void> = [];
    await channel.start(async (message) => {
      inbound.push(message);
      for (const wake of waiters.splice(0)) wake();
    });
    const user = (userId: string): { id: number; first_name: string; language_code: string } => ({ id: Number(userId), first_name: 'Test', language_code: 'fr' });
    return {
      channel,
      person: (n) => {
        // A bot can only write to someone who opened the chat first.
        server.createPrivateChat(user(String(5000 + n)));
        return String(5000 + n);
      },
      async waitForInbound(count) {
        while (inbound.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
        return inbound.slice(0, count);
      },
      userSendsText: (userId, text) => void server.userSends(user(userId), text),
      userSendsMedia: (userId, kind) => void server.userSendsKind(user(userId), kind),
      userChooses: (userId, question, _index, choice) => void server.userPressesButton(user(userId), question.ref, choice.label),
      async waitForSent(userId, count) {
        const sent = await server.waitForSent({ chatId: Number(userId), method: 'sendMessage', count });
        return sent.slice(0, count).map((m) => ({ text: m.text ?? '', ref: m.message_id }));
      },
      async waitForFile(userId) {
        const [sent] = await server.waitForSent({ chatId: Number(userId), method: 'sendPhoto' });
        const fileId = sent?.message.photo?.at(-1)?.file_id;
        return { caption: sent?.caption ?? '', bytes: fileId === undefined ? undefined : server.fileBytes(fileId) };
      },
      groupMessage: (text) => void server.userSends(user('5099'), text, { chatId: DEFAULT_GROUP_ID, chatType: 'group' }),
      async close() {
        await channel.stop();
        await server.close();
        await deletePrefix(redis, prefix);
        await redis.quit();
      },
    };
  },
};

const whatsappCloud: HarnessFactory = {
  name: 'whatsapp-cloud (fake Graph API)',
  async create() {
    const t = await startCloudChannel();
    const { fake } = t;
    const person = (n: number): string => `3361235${String(n).padStart(4, '0')}`;
    // Like a chat opened on Telegram: each person wrote recently, so free-form messages may go.
    for (let n = 1; n <= 20; n++) {
      fake.openWindow(person(n));
      await t.channel.window.opened(person(n), new Date(fake.now()));
    }
    const fileBytes = (s: { type: string; body: Record<string, unknown> } | undefined): Buffer | undefined => {
      const ref = s ? (s.body[s.type] as { id?: string } | undefined) : undefined;
      return ref?.id ? fake.media.get(ref.id)?.bytes : undefined;
    };
    return {
      channel: t.channel,
      person,
      waitForInbound: (count) => t.waitForInbound(count),
      userSendsText: (userId, text) => void fake.userSendsText(userId, text),
      userSendsMedia: (userId, kind) =>
        void { voice: () => fake.userSendsVoice(userId, Buffer.from('ogg')), photo: () => fake.userSendsImage(userId, Buffer.from('jpeg')), sticker: () => fake.userSendsSticker(userId), location: () => fake.userSendsLocation(userId) }[kind](),
      // A reply button: its id comes back.
      userChooses: (userId, _question, _index, choice) => void fake.userChooses(userId, choice.id, choice.label),
      waitForSent: async (userId, count) => (await fake.waitForSent(userId, count)).map((s, i) => ({ text: s.text, ref: i })),
      async waitForFile(userId) {
        const [sent] = await fake.waitForSent(userId, 1);
        return { caption: sent?.text ?? '', bytes: fileBytes(sent) };
      },
      userSendsPhoto: (userId, bytes, caption) => void fake.userSendsImage(userId, bytes, caption),
      // The Cloud API sends no group messages; the nearest: a delivery for another number of the app.
      groupMessage: (text) => void fake.otherNumberMessage(person(99), text),
      close: () => t.close(),
    };
  },
};

const HARNESSES: HarnessFactory[] = [whatsapp, telegram, whatsappCloud];

/** What the engine will make of an inbound answer to `choices` (a button id, or typed text). */
function chosenId(inbound: Inbound, choices: Choice[]): string | undefined {
  const c = inbound.content;
  if (c.kind === 'choice') return c.choiceId;
  if (c.kind !== 'text') return undefined;
  const index = matchChoice(c.text, choices.map((x) => x.label), choices.map((x) => x.id.split(':')[2] ?? ''));
  return choices[index]?.id;
}

const CHOICES: Choice[] = [
  { id: 'conf:ask:yes', label: 'Oui' },
  { id: 'conf:ask:no', label: 'Non' },
  { id: 'conf:ask:later', label: 'Plus tard' },
];

describe.each(HARNESSES)('channel conformance: $name', (factory) => {
  let h: ChannelHarness;
  beforeEach(async () => {
    h = await factory.create();
  });
  afterEach(async () => {
    await h.close();
  });

  const address = (userId: string): Address => ({ channel: h.channel.id, userId });

  it('turns a text into an Inbound text from that person', async () => {
    h.userSendsText(h.person(1), 'bonjour');
    const [got] = await h.waitForInbound(1);
    expect(got?.address).toEqual(address(h.person(1)));
    expect(got?.content).toEqual({ kind: 'text', text: 'bonjour' });
    expect(got?.receivedAt).toBeInstanceOf(Date);
  });

  it('sends a question with choices and gets the chosen option back', async () => {
    const user = h.person(2);
    await h.channel.send(address(user), { text: 'Voulez-vous un rappel ?', choices: CHOICES, locale: 'fr' });
    const [question] = await h.waitForSent(user, 1);
    expect(question?.text).toContain('Voulez-vous un rappel ?');
    if (!h.channel.capabilities.buttons) for (const [i, c] of CHOICES.entries()) expect(question?.text).toContain(`${i + 1}. ${c.label}`);
    h.userChooses(user, question ?? { text: '', ref: 0 }, 1, CHOICES[1] as Choice);
    const [answer] = await h.waitForInbound(1);
    expect(answer?.address).toEqual(address(user));
    expect(chosenId(answer as Inbound, CHOICES)).toBe('conf:ask:no');
  });

  it('reports voice notes, photos, stickers and locations as unsupported', async () => {
    const user = h.person(3);
    const kinds: Array<[MediaKind, UnsupportedKind]> = [
      ['voice', 'voice'],
      ['photo', 'photo'],
      ['sticker', 'sticker'],
      ['location', 'location'],
    ];
    for (const [kind] of kinds) h.userSendsMedia(user, kind);
    const got = await h.waitForInbound(kinds.length);
    expect(got.map((m) => m.content)).toEqual(kinds.map(([, what]) => ({ kind: 'unsupported', what })));
  });

  it('sends a file with its text as the caption', async () => {
    const user = h.person(8);
    const data = Buffer.from('jpeg bytes of the flyer');
    await h.channel.send(address(user), { text: 'Le flyer de samedi', media: { kind: 'photo', data, mimeType: 'image/jpeg', fileName: 'flyer.jpg' } });
    expect(await h.waitForFile(user)).toEqual({ caption: 'Le flyer de samedi', bytes: data });
  });

  it('gives back the file of a message the person sent (adapters that fetch files)', async (ctx) => {
    const sendPhoto = h.userSendsPhoto;
    if (!sendPhoto || !h.channel.fetchMedia) {
      // Telegram's files are copied by the staff console itself (copyMessage): nothing to fetch.
      ctx.skip();
      return;
    }
    const user = h.person(9);
    sendPhoto(user, Buffer.from('a photo'), 'ma facture');
    const [got] = await h.waitForInbound(1);
    const fetched = await h.channel.fetchMedia(address(user), got?.messageId ?? '');
    expect(fetched).toEqual({ media: { kind: 'photo', data: Buffer.from('a photo'), mimeType: 'image/jpeg' }, caption: 'ma facture' });
    // Another person's message id gives nothing.
    expect(await h.channel.fetchMedia(address(h.person(10)), got?.messageId ?? '')).toBeUndefined();
  });

  it("keeps one chat's messages in order, both ways", async () => {
    const user = h.person(4);
    const texts = Array.from({ length: 8 }, (_, i) => `message ${i + 1}`);
    for (const text of texts) h.userSendsText(user, text);
    const got = await h.waitForInbound(texts.length);
    expect(got.map((m) => (m.content.kind === 'text' ? m.content.text : m.content.kind))).toEqual(texts);

    // Sent without waiting for each other, as concurrent turns and reminders would.
    await Promise.all(texts.map((text) => h.channel.send(address(user), { text })));
    const sent = await h.waitForSent(user, texts.length);
    expect(sent.map((s) => s.text)).toEqual(texts);
  });

  it('ignores group chats, status updates and its own messages', async () => {
    const user = h.person(5);
    h.groupMessage('hello group');
    h.statusUpdate?.('my status');
    h.ownMessage?.(user, 'written from the phone');
    h.userSendsText(user, 'after the others'); // a marker: everything before it has been seen
    const [first] = await h.waitForInbound(1);
    expect(first?.content).toEqual({ kind: 'text', text: 'after the others' });
    expect(first?.address).toEqual(address(user));
  });

  it('accepts messages while disconnected and sends them in order after reconnection', async (ctx) => {
    const offline = h.offline;
    if (!offline) {
      // Telegram has no session to lose: a failed call throws ChannelUnavailableError for the caller to retry.
      ctx.skip();
      return;
    }
    const [a, b] = [h.person(6), h.person(7)];
    await offline.disconnect();
    await h.channel.send(address(a), { text: 'a1' });
    await h.channel.send(address(b), { text: 'b1' });
    await h.channel.send(address(a), { text: 'a2' });
    expect(offline.sentCount(a) + offline.sentCount(b)).toBe(0);
    await offline.reconnect();
    const sentA = await h.waitForSent(a, 2);
    const sentB = await h.waitForSent(b, 1);
    expect(sentA.map((s) => s.text)).toEqual(['a1', 'a2']);
    expect(sentB.map((s) => s.text)).toEqual(['b1']);
  });
});
