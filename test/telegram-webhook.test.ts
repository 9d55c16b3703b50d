// Webhook mode: Telegram (the local server) POSTs updates to the service's HTTP port with the secret
// header (grammY's webhookCallback on the channel's bot); a call without it is refused. And the config
// refuses a webhook without a secret.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';
import { startTelegramApp, t, type TelegramApp } from './support/telegram-app.js';

const SECRET = 'test-secret-0123456789abcdef';
const amina = { id: 2201, first_name: 'Amina', language_code: 'fr' };

/** A port free right now (the app must know its webhook URL before it listens). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

let tg: TelegramApp | undefined;
afterEach(async () => {
  await tg?.close();
  tg = undefined;
});

async function startWebhookApp(): Promise<{ app: TelegramApp; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/telegram/hook`;
  tg = await startTelegramApp({ HTTP_PORT: String(port), TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: SECRET });
  return { app: tg, url };
}

function post(url: string, body: unknown, secret?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('Telegram webhook mode', () => {
  it('sets the webhook with its secret and answers the updates Telegram delivers', async () => {
    const { app, url } = await startWebhookApp();
    expect(app.server.webhookInfo().url).toBe(url);
    app.server.userSends(amina, '/start');
    await app.server.waitForSent({ chatId: amina.id, text: t('fr', 'core.menu.prompt') });
    app.server.userSends(amina, '1');
    await app.server.waitForSent({ chatId: amina.id, text: t('fr', 'core.language.prompt') });
    expect(app.server.webhookInfo().last_error_message).toBeUndefined();
  });

  it('refuses a call without the secret, or with another one (401), and delivers the right one', async () => {
    const { app, url } = await startWebhookApp();
    const update = {
      update_id: 900001,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: 2202, type: 'private', first_name: 'Bruno' }, from: { id: 2202, is_bot: false, first_name: 'Bruno' }, text: '/start' },
    };
    app.server.createPrivateChat({ id: 2202, first_name: 'Bruno' });
    for (const secret of [undefined, 'another-secret-0123456789', SECRET.slice(0, -1), `${SECRET}x`]) {
      const refused = await post(url, update, secret);
      expect(refused.status, String(secret)).toBe(401);
      expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await post(url, '{"update_id": 9000', SECRET)).status).toBe(400);
    expect(app.server.sent(2202)).toEqual([]);

    // The local server knows the chat (created above) though the update did not come from it: the
    // reply proves the update went through the channel's bot.
    expect((await post(url, update, SECRET)).status).toBe(200);
    await app.server.waitForSent({ chatId: 2202, text: t('fr', 'core.menu.prompt') });
  });

  it('answers 200 to an update whose handling fails, so Telegram does not send it again', async () => {
    const { app, url } = await startWebhookApp();
    const staffChat = -1001234567890;
    app.channel.onStaffUpdate(staffChat, () => {
      throw new Error('staff console failed');
    });
    const update = {
      update_id: 900002,
      message: { message_id: 2, date: Math.floor(Date.now() / 1000), chat: { id: staffChat, type: 'supergroup', title: 'Staff' }, from: { id: 2203, is_bot: false, first_name: 'Léa' }, text: 'hello' },
    };
    expect((await post(url, update, SECRET)).status).toBe(200);
    app.server.userSends(amina, '/start');
    await app.server.waitForSent({ chatId: amina.id, text: t('fr', 'core.menu.prompt') });
  });

  it('will not start a webhook without a secret', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram' })).toThrow(ConfigError);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram', TELEGRAM_WEBHOOK_SECRET: 'short' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
  });
});
