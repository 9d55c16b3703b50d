// Errors named for what failed, so callers can decide what to retry.

/** The person blocked the bot or deleted their account: never retry. */
export class RecipientBlockedError extends Error {
  constructor(readonly channel: string, cause?: unknown) {
    super(`recipient blocked the bot on ${channel}`, { cause });
    this.name = 'RecipientBlockedError';
  }
}

/** The channel cannot send right now (disconnected, network): retry later. */
export class ChannelUnavailableError extends Error {
  constructor(readonly channel: string, cause?: unknown) {
    super(`channel ${channel} is unavailable`, { cause });
    this.name = 'ChannelUnavailableError';
  }
}

/** Invalid configuration or data, found at start-up: the process must not start. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A file is larger than a platform lets the bot download or upload (MAX_MEDIA_BYTES): not relayed. */
export class MediaTooLargeError extends Error {
  constructor(readonly channel: string) {
    super(`file too large to relay on ${channel}`);
    this.name = 'MediaTooLargeError';
  }
}
