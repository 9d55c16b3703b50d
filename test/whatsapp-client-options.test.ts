// Start-up check: the real whatsapp-web.js Client is built with the configured Chromium and the
// LocalAuth folder under DATA_DIR. Building a Client launches nothing (only initialize() would).
import { join, resolve } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ClientOptions } from 'whatsapp-web.js';
import { loadWwebjs, sessionDir, webClientFactory, webClientOptions } from '../src/channels/whatsapp/client.js';
import { createWhatsAppFeature } from '../src/channels/whatsapp/feature.js';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';
import { connectRedis } from './support/redis.js';
import { realContent } from './support/whatsapp-channel.js';
import { createTestApp } from './support/test-app.js';

const settings = { chromiumPath: '/opt/test/chromium', dataDir: '/var/lib/passerelle' };

/** What whatsapp-web.js keeps on the Client it built (not in its typings). */
interface BuiltClient {
  options: ClientOptions & { puppeteer: { executablePath?: string; headless?: boolean; args?: string[] } };
  authStrategy: { dataPath: string; constructor: { name: string } };
}

describe('WhatsApp client construction', () => {
  it('builds the real Client on the configured Chromium with LocalAuth under DATA_DIR, without launching it', async () => {
    const client = (await webClientFactory(settings)()) as unknown as BuiltClient;
    expect(client.options.puppeteer.executablePath).toBe('/opt/test/chromium');
    expect(client.options.puppeteer.headless).toBe(true);
    expect(client.authStrategy.constructor.name).toBe('LocalAuth');
    expect(client.authStrategy.dataPath).toBe(join(resolve('/var/lib/passerelle'), 'whatsapp', 'auth'));
    expect(client.options.webVersionCache).toEqual({ type: 'local', path: join(sessionDir('/var/lib/passerelle'), 'web-cache') });
  });

  it('adds --no-sandbox only when running as root, and the pairing phone only when set', async () => {
    const lib = await loadWwebjs();
    const asUser = webClientOptions(settings, lib);
    const asRoot = webClientOptions({ ...settings, runningAsRoot: true, pairingPhone: '33612345678' }, lib);
    expect(asUser.puppeteer?.args).not.toContain('--no-sandbox');
    expect(asUser.pairWithPhoneNumber).toBeUndefined();
    expect(asRoot.puppeteer?.args).toContain('--no-sandbox');
    expect(asRoot.pairWithPhoneNumber?.phoneNumber).toBe('33612345678');
  });

  it('refuses to start when CHROMIUM_PATH does not exist, naming the variable', () => {
    const config = loadConfig({ WHATSAPP_ENABLED: 'true', CHROMIUM_PATH: '/nonexistent/chromium', LOG_LEVEL: 'silent' });
    const log = pino({ level: 'silent' });
    const redis = connectRedis();
    try {
      const build = () => createTestApp({ config, content: realContent(), redis, log, features: [createWhatsAppFeature()] });
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(/CHROMIUM_PATH: \/nonexistent\/chromium/);
    } finally {
      redis.disconnect();
    }
  });

  it('reads the WhatsApp variables with their defaults', () => {
    const config = loadConfig({});
    expect(config.WHATSAPP_ENABLED).toBe(false);
    expect(config.CHROMIUM_PATH).toBe('/usr/bin/chromium');
    expect(config.WHATSAPP_RATE_PER_MINUTE).toBeGreaterThan(0);
    expect(() => loadConfig({ WHATSAPP_PAIRING_PHONE: '+33 6 12' })).toThrow(/WHATSAPP_PAIRING_PHONE/);
  });
});
