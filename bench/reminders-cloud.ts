// `npm run bench:reminders -- --channel whatsapp-cloud`: N reminders for distinct people, all due in the
// same second, delivered by the real worker through the WhatsApp Cloud adapter to the fake Graph API
// (test/support/fake-graph-api.ts) limited to RATE messages per second, status webhooks signed and
// posted back to the adapter's route. Prints the span against its floor, lost and duplicate counts,
// and how often the API refused for throughput (130429). Not a test: figures vary with the machine.
// Env: BENCH_N (default 10000), BENCH_RATE (messages per second, default 80), BENCH_WINDOW=open|closed
// (default closed: people last wrote more than 24 h ago, so reminders go as templates), REDIS_URL.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pino from 'pino';
import { WhatsAppCloudChannel } from '../src/channels/whatsapp-cloud/channel.js';
import { loadTemplates } from '../src/channels/whatsapp-cloud/templates.js';
import { loadConfig } from '../src/config.js';
import { ContentError, loadContent } from '../src/content.js';
import { FEATURE_ACTIONS } from '../src/features.js';
import { loadCatalogue } from '../src/reminders/catalogue.js';
import { benchRedis, remindersOnlyApp } from './reminders-app.js';
import { startFakeGraphApi, type SentMessage } from '../test/support/fake-graph-api.js';
import { approvedTemplates } from '../test/support/whatsapp-cloud-channel.js';

const N = Number(process.env.BENCH_N ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 80);
const WINDOW_OPEN = process.env.BENCH_WINDOW === 'open';
const SCHEDULE_CONCURRENCY = 100;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const waId = (i: number): string => `3361${String(i).padStart(7, '0')}`;
const isReminder = (s: SentMessage): boolean => (s.type === 'template' ? s.text.startsWith('passerelle_rappel') : s.text.startsWith('⏰'));
/** A reminder with its three buttons: quick replies on the template, reply buttons on a free message. */
const hasButtons = (s: SentMessage): boolean => s.choices.length === 3 && s.choices.every((c) => c.id.startsWith('rappels-recu:delivered:'));

async function main(): Promise<void> {
  const { redis, prefix, close } = await benchRedis();
  // The worker's own limiter is set above the number's rate: the adapter's shared limiter paces.
  const config = loadConfig({ REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', HTTP_PORT: '0', QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00', REMINDER_SEND_RATE: String(RATE * 4) });
  const { content, errors } = loadContent({ flowsDir: 'flows', localesDir: 'locales', actions: FEATURE_ACTIONS });
  if (errors.length > 0) throw new ContentError(errors);
  const catalogue = loadCatalogue();
  const other = catalogue.ok ? catalogue.value.procedures.find((p) => p.id === 'other') : undefined;
  if (!other) throw new Error('no "other" procedure in the catalogue');

  const templates = loadTemplates('flows/data/whatsapp-templates.yaml');
  const fake = await startFakeGraphApi({ rate: RATE, templates: approvedTemplates(templates, content.texts) });
  const channel = new WhatsAppCloudChannel({
    apiRoot: fake.url,
    apiVersion: fake.version,
    phoneNumberId: fake.phoneNumberId,
    token: fake.token,
    appSecret: fake.appSecret,
    verifyToken: 'bench',
    redis,
    prefix,
    templates,
    ratePerSecond: RATE,
    texts: content.texts,
    defaultLocale: 'fr',
    log: pino({ level: 'silent' }),
    readReceipts: false,
  });
  const web = new Hono();
  web.post('/whatsapp', channel.webhookHandler());
  const http = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: web.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  fake.setWebhook(`http://127.0.0.1:${(http.address() as AddressInfo).port}/whatsapp`);

  const { app, service } = remindersOnlyApp(config, content, redis);

  console.log(`Scheduling ${fmt(N)} reminders for distinct people (WhatsApp Cloud, fake Graph API at ${RATE} messages/s, window ${WINDOW_OPEN ? 'open' : 'closed'})…`);
  const dueAt = Math.ceil((Date.now() + 20_000) / 1000) * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: SCHEDULE_CONCURRENCY }, async () => {
      for (let i = next++; i < N; i = next++) {
        if (WINDOW_OPEN) {
          fake.openWindow(waId(i));
          await channel.window.opened(waId(i), new Date());
        }
        await service.create({ address: { channel: 'whatsapp', userId: waId(i) }, locale: 'fr', procedure: other, words: `démarche ${i}`, rule: { kind: 'once', at: new Date(dueAt + (i % 1000)) }, now: new Date() });
      }
    }),
  );

  const startedAt = Date.now();
  await app.start([channel]);
  const reminders = (): SentMessage[] => fake.sent.filter(isReminder);
  const floorSeconds = N / RATE;
  const deadline = Math.max(0, dueAt - Date.now()) + (floorSeconds * 4 + 60) * 1000;
  const t0 = Date.now();
  while (reminders().length < N && Date.now() - t0 < deadline) await new Promise((r) => setTimeout(r, 250));
  const queue = service.queue.queue;
  for (let i = 0; i < 200 && (await queue.getJobCountByTypes('active', 'wait', 'delayed', 'prioritized')) > 0; i++) await new Promise((r) => setTimeout(r, 100));
  await app.conversations.idle();
  await channel.stop();
  await fake.idle();

  const got = reminders();
  const from = Math.max(dueAt, startedAt);
  const first = Math.min(...got.map((s) => s.at));
  const last = Math.max(...got.map((s) => s.at));
  const perPerson = new Map<string, number>();
  for (const s of got) perPerson.set(s.to, (perPerson.get(s.to) ?? 0) + 1);
  let lost = 0;
  let duplicates = 0;
  for (let i = 0; i < N; i++) {
    const n = perPerson.get(waId(i)) ?? 0;
    if (n === 0) lost += 1;
    if (n > 1) duplicates += n - 1;
  }
  const spanSeconds = (last - from) / 1000;
  const allFloor = fake.sent.length / RATE;
  const ratio = spanSeconds / floorSeconds;
  console.log(`Delivery: ${fmt(got.length)} reminders (${got[0]?.type ?? '-'}), ${fmt(fake.sent.length)} Graph API messages in all, ${fmt(fake.failed.length)} failed by status webhook`);
  console.log(`  span ${fmt(spanSeconds, 1)} s from the due time (first at +${fmt((first - from) / 1000, 2)} s); floor N ÷ rate = ${fmt(floorSeconds, 1)} s; ratio ${fmt(ratio, 3)} (target ≤ 1.1)`);
  console.log(`  all messages ÷ rate = ${fmt(allFloor, 1)} s; reminders with their three buttons in the same message: ${fmt(got.filter(hasButtons).length)}`);
  console.log(`  refused for throughput (130429, then retried): ${fmt(fake.rejectedForRate)}`);
  console.log(`  lost ${lost}, duplicates ${duplicates} (targets 0 and 0)`);
  console.log(`Targets: span ${ratio <= 1.1 ? 'OK' : 'MISSED'} · lost ${lost === 0 ? 'OK' : 'MISSED'} · duplicates ${duplicates === 0 ? 'OK' : 'MISSED'} · buttons ${got.every(hasButtons) ? 'OK' : 'MISSED'}`);

  await app.stop();
  await fake.close();
  await new Promise<void>((r) => http.close(() => r()));
  await close();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
