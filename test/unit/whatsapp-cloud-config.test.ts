// WHATSAPP_MODE=cloud: the Cloud API settings are required, named when missing, never shown.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const CLOUD = {
  WHATSAPP_ENABLED: 'true',
  WHATSAPP_MODE: 'cloud',
  WHATSAPP_CLOUD_VERIFY_TOKEN: 'verify-token-0123456789',
  WHATSAPP_CLOUD_APP_SECRET: 'app-secret-0123456789abcdef',
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_CLOUD_TOKEN: 'EAAG-system-user-token-0123456789',
};

describe('WhatsApp Cloud settings', () => {
  it('keeps web the default, with the documented defaults', () => {
    const config = loadConfig({});
    expect(config.WHATSAPP_MODE).toBe('web');
    expect(config.WHATSAPP_CLOUD_WEBHOOK_PATH).toBe('/whatsapp');
    expect(config.WHATSAPP_CLOUD_API_ROOT).toBe('https://graph.facebook.com');
    expect(config.WHATSAPP_CLOUD_RATE_PER_SECOND).toBe(80);
  });

  it('accepts a complete cloud configuration', () => {
    expect(loadConfig(CLOUD).WHATSAPP_MODE).toBe('cloud');
  });

  it('names each missing setting in cloud mode', () => {
    const { WHATSAPP_CLOUD_TOKEN: _token, WHATSAPP_CLOUD_APP_SECRET: _secret, ...rest } = CLOUD;
    expect(() => loadConfig(rest)).toThrow(/WHATSAPP_CLOUD_APP_SECRET: is required with WHATSAPP_MODE=cloud[\s\S]*WHATSAPP_CLOUD_TOKEN: is required/);
  });

  it('never prints a wrong token or secret', () => {
    let message = '';
    try {
      loadConfig({ ...CLOUD, WHATSAPP_CLOUD_TOKEN: 'short', WHATSAPP_CLOUD_APP_SECRET: 'tiny-secret' });
    } catch (err) {
      message = String(err);
    }
    expect(message).toContain('WHATSAPP_CLOUD_TOKEN');
    expect(message).not.toContain('short');
    expect(message).not.toContain('tiny-secret');
  });
});
