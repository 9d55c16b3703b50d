// A wrong setting stops the bot with a message naming the variable; a secret's value never appears.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('configuration errors', () => {
  it('names the variable and shows a plain value', () => {
    expect(() => loadConfig({ FLOOD_MAX_MESSAGES: 'lots' })).toThrow(/FLOOD_MAX_MESSAGES: .*\(got "lots"\)/);
  });

  it('never prints a secret, even a wrong one', () => {
    const secret = 'short-secret';
    let message = '';
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram', TELEGRAM_WEBHOOK_SECRET: secret, ADMIN_TOKEN: 'tiny' });
    } catch (err) {
      message = String(err);
    }
    expect(message).toContain('TELEGRAM_WEBHOOK_SECRET');
    expect(message).toContain('ADMIN_TOKEN');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('tiny');
  });
});
