// The Telegram feature: provides the Telegram channel when TELEGRAM_BOT_TOKEN is set, and in webhook
// mode (TELEGRAM_WEBHOOK_URL) registers the webhook route on the service's HTTP port.
// It offers the staff console capability (a forum supergroup, one topic per conversation) that the
// handoff asks the router for.
import type { ChannelRouter } from '../../core/router.js';
import type { Feature, FeatureFactory } from '../../core/feature.js';
import { TelegramStaffConsole } from './staff-console.js';
import { TelegramChannel } from './telegram-channel.js';
import { webhookHandler, webhookPath } from './webhook.js';

export const telegramFeature: FeatureFactory = ({ config, content, redis, log, http, router }) => {
  const feature: Feature = { name: 'telegram' };
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return feature;
  const channelLog = log.child({ module: 'telegram' });
  const webhook =
    config.TELEGRAM_WEBHOOK_URL !== undefined && config.TELEGRAM_WEBHOOK_SECRET !== undefined
      ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET }
      : undefined;
  const channel = new TelegramChannel({
    token,
    apiRoot: config.TELEGRAM_API_ROOT,
    ...(webhook ? { webhook } : {}),
    limits: {
      perSecond: config.TELEGRAM_MAX_PER_SECOND,
      perChatPerSecond: config.TELEGRAM_MAX_PER_CHAT_PER_SECOND,
      chatBurst: config.TELEGRAM_CHAT_BURST,
    },
    redis,
    redisPrefix: config.REDIS_PREFIX,
    onBlocked: (address) => router.reportBlocked(address),
    choiceTtlSeconds: Math.round(config.SESSION_TTL_DAYS * 86_400),
    texts: content.texts,
    defaultLocale: config.DEFAULT_LOCALE,
    log: channelLog,
  });
  if (webhook) {
    http.route('POST', webhookPath(webhook.url), webhookHandler({ secret: webhook.secret, bot: channel.bot, log: channelLog }));
  }
  router.provide('staffConsole', (request) => new TelegramStaffConsole({ ...request, channel, chatId: Number(request.chatId), perMinute: config.TELEGRAM_STAFF_MAX_PER_MINUTE }).install());
  return { ...feature, channels: [channel] };
};

/** The running Telegram channel, if any (for features that extend it, such as the staff console). */
export function telegramChannelOf(router: ChannelRouter): TelegramChannel | undefined {
  const channel = router.get('telegram');
  return channel instanceof TelegramChannel ? channel : undefined;
}
