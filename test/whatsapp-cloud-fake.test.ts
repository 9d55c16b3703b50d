// The fake Graph API behaves as Meta documents it, so tests of the cloud adapter against it mean something:
// signed webhooks, the 24-hour window, validation and error codes, throughput, the media round trip.
// A tiny HTTP receiver stands in for the app's webhook route.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, startFakeGraphApi, type FakeGraphApi } from './support/fake-graph-api.js';

interface Received {
  raw: string;
  signature: string | undefined;
  body: any;
}

let fake: FakeGraphApi;
let receiver: Server;
let received: Received[];

async function startReceiver(): Promise<string> {
  received = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ raw, signature: req.headers['x-hub-signature-256'] as string | undefined, body: JSON.parse(raw) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/whatsapp`;
}

function api(path: string, body: unknown, token = fake.token): Promise<Response> {
  return fetch(`${fake.url}/v21.0/${fake.phoneNumberId}/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const text = (to: string, body: string) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } });
// Response bodies are checked field by field below.
const json = (res: Response): Promise<any> => res.json() as Promise<any>;
const statuses = () => received.flatMap((r) => r.body.entry[0].changes[0].value.statuses ?? []);

beforeEach(async () => {
  fake = await startFakeGraphApi({ webhookUrl: await startReceiver() });
});

afterEach(async () => {
  await fake.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe('fake Graph API', () => {
  it('signs every webhook with HMAC-SHA256 of the raw body and the app secret', async () => {
    await fake.userSendsText('33612340001', 'Bonjour');
    const [r] = received;
    const expected = Buffer.from(`sha256=${createHmac('sha256', fake.appSecret).update(r!.raw).digest('hex')}`);
    expect(timingSafeEqual(Buffer.from(r!.signature ?? ''), expected)).toBe(true);
    const other = `sha256=${createHmac('sha256', 'wrong-secret').update(r!.raw).digest('hex')}`;
    expect(r!.signature).not.toBe(other);
    const value = r!.body.entry[0].changes[0].value;
    expect(value.metadata.phone_number_id).toBe(fake.phoneNumberId);
    expect(value.messages[0]).toMatchObject({ from: '33612340001', type: 'text', text: { body: 'Bonjour' } });
    expect(value.messages[0].id).toMatch(/^wamid\./);
  });

  it('refuses a wrong token with OAuth error 190', async () => {
    const res = await api('messages', text('33612340001', 'x'), 'bad');
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe(190);
  });

  it('delivers text inside the 24-hour window, with sent and delivered statuses', async () => {
    await fake.userSendsText('33612340001', 'Salut');
    const res = await api('messages', text('+33 6 12 34 00 01', 'Bonjour'));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.contacts[0].wa_id).toBe('33612340001');
    expect(body.messages[0].id).toMatch(/^wamid\./);
    expect((await fake.waitForSent('33612340001', 1))[0]!.text).toBe('Bonjour');
    await fake.idle();
    expect(statuses().map((s: any) => s.status)).toEqual(['sent', 'delivered']);
  });

  it('fails free-form messages outside the window with a 131047 status, but lets templates through', async () => {
    await fake.userSendsText('33612340001', 'Salut');
    fake.advance(DAY_MS + 1000);
    const res = await api('messages', text('33612340001', 'Rappel'));
    expect(res.status).toBe(200); // Meta accepts, then reports the failure by webhook
    await fake.idle();
    const failed = statuses().find((s: any) => s.status === 'failed');
    expect(failed.errors[0].code).toBe(131047);
    expect(fake.sentTo('33612340001')).toHaveLength(0);

    const tpl = await api('messages', {
      messaging_product: 'whatsapp',
      to: '33612340001',
      type: 'template',
      template: { name: 'rappel_rdv', language: { code: 'fr' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'mardi 10 h' }] }] },
    });
    expect(tpl.status).toBe(200);
    expect(fake.sentTo('33612340001')[0]!.text).toBe('rappel_rdv | mardi 10 h');

    // A new message from the person reopens the window.
    await fake.userSendsText('33612340001', 'OK');
    expect((await api('messages', text('33612340001', 'Merci'))).status).toBe(200);
    expect(fake.sentTo('33612340001').map((s) => s.text)).toContain('Merci');
  });

  it('can answer 131047 at once instead (windowMode sync)', async () => {
    const strict = await startFakeGraphApi({ windowMode: 'sync' });
    const res = await fetch(`${strict.url}/v21.0/${strict.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${strict.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(text('33612340009', 'x')),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe(131047);
    await strict.close();
  });

  it('validates interactive messages like Meta (error 100)', async () => {
    await fake.userSendsText('33612340001', 'Salut');
    const buttons = (titles: string[]) => ({
      messaging_product: 'whatsapp',
      to: '33612340001',
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Choisissez' }, action: { buttons: titles.map((t, i) => ({ type: 'reply', reply: { id: `c${i}`, title: t } })) } },
    });
    const long = await api('messages', buttons(['Un titre bien trop long pour un bouton']));
    expect(long.status).toBe(400);
    const err = (await json(long)).error;
    expect(err.code).toBe(100);
    expect(err.message).toContain('title');
    expect((await api('messages', buttons(['1', '2', '3', '4']))).status).toBe(400);
    expect((await api('messages', buttons(['Oui', 'Non']))).status).toBe(200);
    expect(fake.sentTo('33612340001')[0]!.choices.map((c) => c.id)).toEqual(['c0', 'c1']);

    const rows = (n: number) => ({
      messaging_product: 'whatsapp',
      to: '33612340001',
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Choisissez' }, action: { button: 'Voir', sections: [{ rows: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `Choix ${i}` })) }] } },
    });
    expect((await api('messages', rows(11))).status).toBe(400);
    expect((await api('messages', rows(10))).status).toBe(200);
  });

  it('accepts read receipts with a typing indicator', async () => {
    const { id } = await fake.userSendsText('33612340001', 'Salut');
    const res = await api('messages', { messaging_product: 'whatsapp', status: 'read', message_id: id, typing_indicator: { type: 'text' } });
    expect(await json(res)).toEqual({ success: true });
    expect(fake.reads).toEqual([{ messageId: id, typing: true }]);
  });

  it('limits throughput with error 130429 and injects failures', async () => {
    await fake.userSendsText('33612340001', 'Salut');
    fake.setRate(2);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await api('messages', text('33612340001', `m${i}`))).status);
    expect(codes).toEqual([200, 200, 400]);
    fake.setRate(0);
    fake.failNext(130429);
    const limited = await api('messages', text('33612340001', 'x'));
    expect((await json(limited)).error.code).toBe(130429);
    fake.failNext(503);
    expect((await api('messages', text('33612340001', 'x'))).status).toBe(503);
    fake.failNext(131026);
    expect((await api('messages', text('33612340001', 'x'))).status).toBe(200);
    await fake.idle();
    expect(statuses().find((s: any) => s.status === 'failed').errors[0].code).toBe(131026);
  });

  it('round-trips media: upload, URL lookup, authenticated download', async () => {
    const bytes = Buffer.from('OggS fake voice note');
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'audio/ogg');
    form.set('file', new Blob([bytes], { type: 'audio/ogg' }), 'voice.ogg');
    const up = await fetch(`${fake.url}/v21.0/${fake.phoneNumberId}/media`, { method: 'POST', headers: { authorization: `Bearer ${fake.token}` }, body: form });
    const { id } = await json(up);
    const info = await json(await fetch(`${fake.url}/v21.0/${id}`, { headers: { authorization: `Bearer ${fake.token}` } }));
    expect(info).toMatchObject({ id, mime_type: 'audio/ogg', file_size: bytes.length });
    expect((await fetch(info.url)).status).toBe(401);
    const dl = await fetch(info.url, { headers: { authorization: `Bearer ${fake.token}` } });
    expect(Buffer.from(await dl.arrayBuffer())).toEqual(bytes);

    // A voice note from a person carries a media id the app can fetch the same way.
    await fake.userSendsVoice('33612340001', Buffer.from('voice'));
    const audio = received.at(-1)!.body.entry[0].changes[0].value.messages[0].audio;
    expect(audio.voice).toBe(true);
    const meta = await json(await fetch(`${fake.url}/v21.0/${audio.id}`, { headers: { authorization: `Bearer ${fake.token}` } }));
    const voice = await fetch(meta.url, { headers: { authorization: `Bearer ${fake.token}` } });
    expect(Buffer.from(await voice.arrayBuffer()).toString()).toBe('voice');
  });
});
