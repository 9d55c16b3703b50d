// Many people at once: 30 users × 20 messages through long polling. Chats run concurrently, and each
// chat's replies come in the order of its messages (checked by content, not by timing).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramApp, t, type TelegramApp } from './support/telegram-app.js';

const USERS = 30;
const MESSAGES = 20;

let tg: TelegramApp;
beforeEach(async () => {
  // Each person sends 21 messages at once: lift the flood control, which is not under test here.
  tg = await startTelegramApp({ FLOOD_MAX_MESSAGES: '1000', FLOOD_MAX_QUEUED: '1000' });
});
afterEach(async () => {
  await tg.close();
});

describe('Telegram: many chats at once', () => {
  it(`keeps each chat's replies in order (${USERS} users × ${MESSAGES} messages)`, async () => {
    const users = Array.from({ length: USERS }, (_, i) => ({ id: 3000 + i, first_name: `U${i}`, language_code: 'fr' }));
    // Everything is queued before the bot reads it, so updates of different chats are interleaved.
    for (const user of users) tg.server.userSends(user, '/start echo');
    for (let m = 0; m < MESSAGES; m++) for (const user of users) tg.server.userSends(user, `u${user.id}-m${m}`);

    const prefix = t('fr', 'tgtest.echo_reply', { said: '' });
    await tg.server.waitForSent((msg) => (msg.text ?? '').startsWith(prefix), { count: USERS * MESSAGES, timeoutMs: 30_000 });
    for (const user of users) {
      const echoed = tg.server
        .sent(user.id)
        .map((msg) => msg.text ?? '')
        .filter((text) => text.startsWith(prefix))
        .map((text) => text.slice(prefix.length));
      expect(echoed).toEqual(Array.from({ length: MESSAGES }, (_, m) => `u${user.id}-m${m}`));
    }
  });
});
