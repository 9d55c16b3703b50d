// The cloud adapter's webhook reading (signature check, payload schema, translation to Inbound) against
// the deliveries the fake Graph API posts in Meta's documented shapes: what a person sends arrives as
// the core expects, a bad signature is caught, another number's deliveries are left alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWebhook, webhookSchema, type WebhookContents } from '../src/channels/whatsapp-cloud/payload.js';
import { validSignature } from '../src/channels/whatsapp-cloud/signature.js';
import { DAY_MS, startFakeGraphApi, type FakeGraphApi } from './support/fake-graph-api.js';

let fake: FakeGraphApi;
let receiver: Server;
let read: WebhookContents[];
let refused: number;

beforeEach(async () => {
  read = [];
  refused = 0;
  fake = await startFakeGraphApi();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!validSignature(raw, req.headers['x-hub-signature-256'] as string | undefined, fake.appSecret)) {
        refused++;
        return void res.writeHead(401).end();
      }
      read.push(readWebhook(webhookSchema.parse(JSON.parse(raw.toString('utf8'))), fake.phoneNumberId));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  fake.setWebhook(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/whatsapp`);
});

afterEach(async () => {
  await fake.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const messages = () => read.flatMap((r) => r.messages);

describe('cloud webhook reading against the fake Graph API', () => {
  it('reads texts, button and list replies as the core expects', async () => {
    const { id } = await fake.userSendsText('33612340001', 'bonjour', 'Amina Benali');
    await fake.userChooses('33612340001', 'conf:ask:no', 'Non');
    await fake.userChooses('33612340001', 'conf:ask:later', 'Plus tard', 'list');
    await fake.userTapsTemplateButton('33612340001', 'rem:done:1', 'Fait');
    const [text, button, list, templateButton] = messages().map((m) => m.inbound);
    expect(text).toMatchObject({ address: { channel: 'whatsapp', userId: '33612340001' }, content: { kind: 'text', text: 'bonjour' }, messageId: id, firstName: 'Amina' });
    expect(button?.content).toEqual({ kind: 'choice', choiceId: 'conf:ask:no' });
    expect(list?.content).toEqual({ kind: 'choice', choiceId: 'conf:ask:later' });
    expect(templateButton?.content).toEqual({ kind: 'choice', choiceId: 'rem:done:1' });
  });

  it('gives the media id of voice notes, photos and documents, and marks stickers and locations unsupported', async () => {
    await fake.userSendsVoice('33612340001', Buffer.from('ogg'));
    await fake.userSendsImage('33612340001', Buffer.from('jpeg'), 'ma facture');
    await fake.userSendsDocument('33612340001', Buffer.from('%PDF'), 'caf.pdf');
    await fake.userSendsSticker('33612340001');
    await fake.userSendsLocation('33612340001');
    const [voice, photo, doc, sticker, location] = messages();
    expect(voice?.media).toMatchObject({ kind: 'voice', mimeType: 'audio/ogg; codecs=opus' });
    expect(fake.media.get(voice?.media?.id ?? '')?.bytes.toString()).toBe('ogg');
    expect(photo?.media).toMatchObject({ kind: 'photo', caption: 'ma facture' });
    expect(doc?.media).toMatchObject({ kind: 'document', fileName: 'caf.pdf' });
    expect(sticker?.inbound.content).toEqual({ kind: 'unsupported', what: 'sticker' });
    expect(location?.inbound.content).toEqual({ kind: 'unsupported', what: 'location' });
  });

  it('refuses a delivery signed with another secret or unsigned', async () => {
    const payload = (await fake.userSendsText('33612340001', 'vrai')).payload;
    expect((await fake.postWebhook(payload, { signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await fake.postWebhook(payload, { signature: null })).status).toBe(401);
    expect(refused).toBe(2);
    expect(messages()).toHaveLength(1);
  });

  it("leaves another number's deliveries alone", async () => {
    await fake.otherNumberMessage('33612340001', 'pas pour nous');
    expect(messages()).toHaveLength(0);
  });

  it('reads delivery statuses and the 131047 failure of a message outside the window', async () => {
    fake.advance(2 * DAY_MS);
    const res = await fetch(`${fake.url}/v21.0/${fake.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '33612340002', type: 'text', text: { body: 'Rappel' } }),
    });
    const { messages: [{ id }] } = (await res.json()) as { messages: [{ id: string }] };
    await fake.idle();
    const statuses = read.flatMap((r) => r.statuses);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ id, status: 'failed', recipient_id: '33612340002' });
    expect(statuses[0]?.errors?.[0]?.code).toBe(131047);
  });
});
