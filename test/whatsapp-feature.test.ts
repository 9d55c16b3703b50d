// The WhatsApp feature inside the real app: a conversation through the fake client, the admin QR
// page behind ADMIN_TOKEN, operator notices, and the staff chat told when the session is logged out.
import pino from 'pino';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { WhatsAppChannel } from '../src/channels/whatsapp/channel.js';
import { createWhatsAppFeature } from '../src/channels/whatsapp/feature.js';
import { escapeHtml } from '../src/channels/whatsapp/qr-page.js';
import { whatsappStatus } from '../src/channels/whatsapp/status.js';
import { loadConfig } from '../src/config.js';
import { translate } from '../src/i18n/locales.js';
import { FakeWhatsApp } from './support/fake-whatsapp.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { waitUntil } from './support/reminders-app.js';
import { NO_PACING, realContent } from './support/whatsapp-channel.js';
import { signIn } from './support/admin-session.js';
import { createTestApp } from './support/test-app.js';

const TOKEN = 'admin-token-for-tests-0123456789';
const STAFF_CHAT = '-1001234567890';
const USER = '33612345678@c.us';

interface Running {
  app: App;
  wa: FakeWhatsApp;
  channel: WhatsAppChannel;
  staff: RecordingChannel;
  printed: string[];
  /** Resolves once connected and the outbox checked (subscribed before start). */
  drained: Promise<unknown>;
  url(path: string): string;
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function startApp(wa: FakeWhatsApp, env: Record<string, string> = {}): Promise<Running> {
  const redis = connectRedis();
  const prefix = newPrefix();
  const config = loadConfig({
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    HTTP_PORT: '0',
    ADMIN_TOKEN: TOKEN,
    WHATSAPP_ENABLED: 'true',
    TELEGRAM_STAFF_CHAT_ID: STAFF_CHAT,
    WHATSAPP_RATE_PER_MINUTE: String(NO_PACING.perMinute),
    WHATSAPP_CHAT_GAP_MS: '0',
    WHATSAPP_TYPING_MS: '0',
    ...env,
  });
  const printed: string[] = [];
  const feature = createWhatsAppFeature({ clientFactory: () => wa.factory, print: (line) => printed.push(line), pause: async () => undefined });
  const app = createTestApp({ config, content: realContent(), redis, log: pino({ level: 'silent' }), features: [feature] });
  const staff = new RecordingChannel('telegram');
  const channel = app.platformChannels.find((c) => c.id === 'whatsapp') as WhatsAppChannel | undefined;
  if (!channel) throw new Error('the WhatsApp channel was not provided');
  const drained = channel.status.next('outbox-empty');
  await app.start([...app.platformChannels, staff]);
  cleanup = async () => {
    await app.stop();
    await deletePrefix(redis, prefix);
    await redis.quit();
  };
  return { app, wa, channel, staff, printed, drained, url: (path) => `http://127.0.0.1:${app.http.port}${path}` };
}

const fr = (key: string, args: Record<string, unknown> = {}): string => translate(realContent().texts, 'fr', key, args);

describe('WhatsApp feature', () => {
  it('provides no channel unless WHATSAPP_ENABLED=true', () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const redis = connectRedis();
    const app = createTestApp({ config, content: realContent(), redis, log: pino({ level: 'silent' }), features: [createWhatsAppFeature({ clientFactory: () => new FakeWhatsApp().factory })] });
    expect(app.platformChannels).toEqual([]);
    redis.disconnect();
  });

  it('runs a conversation: numbered choices, and a kind answer to a voice note', async () => {
    const wa = new FakeWhatsApp({ sessionStored: true });
    const { drained } = await startApp(wa);
    await drained;
    wa.userSends(USER, 'bonjour');
    const [welcome, ...rest] = await wa.waitForSent(2, USER);
    const all = [welcome, ...rest].map((s) => s?.body ?? '').join('\n');
    expect(all).toMatch(/\n1\. /);
    expect(all).toMatch(/ Répondez 1, 2.* ou \d+\.\n\n1\. /);

    wa.userSendsMedia(USER, 'ptt');
    const before = wa.sentTo(USER).length;
    await wa.waitForSent(before + 1, USER);
    expect(wa.sentTo(USER).at(-1)).toContain(fr('core.unsupported'));
  });

  it('serves the QR on the admin page (sign-in required) and prints it for the terminal', async () => {
    const wa = new FakeWhatsApp({ sessionStored: false });
    const qr = new Promise<string>((resolve) => wa.waitForClient(1).then((c) => c.once('qr', resolve)));
    const { printed, url, channel } = await startApp(wa);
    const code = await qr;

    const unsigned = await fetch(url('/admin/whatsapp/qr'), { redirect: 'manual' });
    expect(unsigned.status).toBe(302);
    expect(unsigned.headers.get('location') ?? '').toContain('/admin/login');
    const cookie = await signIn(url(''), TOKEN);
    const page = await fetch(url('/admin/whatsapp/qr'), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await page.text();
    expect(html).toContain('Scannez ce code');
    // An image of this very code (the same drawing qrcode makes of it), not its text.
    const svg = /<svg[^]*?<\/svg>/.exec(html)?.[0];
    expect(svg).toBe((await QRCode.toString(code, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })).trim());
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(html).not.toContain(`>${code}<`);
    // The terminal gets the same code as block characters (drawn asynchronously after the notice).
    await waitUntil(() => printed.some((line) => line.includes('▄')), 'the terminal QR');
    expect(printed).toContain(await QRCode.toString(code, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }));
    expect(printed.join('\n')).toContain('/admin/whatsapp/qr');
    expect(printed.join('\n')).not.toContain('token=');
    expect(printed.join('\n')).not.toContain(TOKEN);
    expect(printed.join('\n')).not.toContain(code);

    const ready = channel.status.next('ready');
    wa.scan();
    await ready;
    const after = await (await fetch(url('/admin/whatsapp/qr'), { headers: { cookie } })).text();
    expect(after).toContain(escapeHtml(fr('whatsapp.admin.connected')));
    expect(after).not.toContain(code);
  });

  it('tells the staff chat and any subscriber when the session is logged out', async () => {
    const wa = new FakeWhatsApp({ sessionStored: true });
    const { app, staff, printed, drained } = await startApp(wa);
    await drained;
    const status = whatsappStatus(app.router);
    expect(status).toBeDefined();
    const hooked = status?.next('logged-out');
    wa.logout();
    await hooked;
    await staff.waitFor((sent) => sent.length > 0);
    expect(staff.sent[0]?.to).toEqual({ channel: 'telegram', userId: STAFF_CHAT });
    expect(staff.sent[0]?.message.text).toBe(fr('whatsapp.operator.logged_out', { url: `http://HOST:0/admin/whatsapp/qr` }));
    expect(printed).toContain(staff.sent[0]?.message.text);
  });
});
