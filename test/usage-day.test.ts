// Anonymous usage counts over a scripted day: a few people on WhatsApp and Telegram, a fixed clock,
// the real app (privacy, rights, reminders, handoff with a quiet staff group), real Redis. The
// counts read back with readMonth are exactly what happened; no key or value under the usage
// prefix holds a user id, a name or a word anyone typed; every key expires within the retention;
// and a Redis error in the counter leaves the conversation untouched.
import type { Redis } from 'ioredis';
import pino from 'pino';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { FeatureFactory } from '../src/features.js';
import { createHandoffFeature } from '../src/handoff/feature.js';
import type { HandoffService } from '../src/handoff/service.js';
import { privacyFeature } from '../src/privacy/feature.js';
import { createRemindersFeature, type RemindersFeature } from '../src/reminders/feature.js';
import { QUESTIONS } from '../src/rights/eligibility.js';
import { rightsFeature } from '../src/rights/feature.js';
import { RIGHT_IDS } from '../src/rights/schema.js';
import { scanKeys } from '../src/redis/scan.js';
import { UsageReader } from '../src/usage/reader.js';
import { QuietConsole } from './support/quiet-console.js';
import { RecordingChannel } from './support/recording-channel.js';
import { connectRedis, deletePrefix, newPrefix } from './support/redis.js';
import { procedureById, realContent, text as t } from './support/real-content.js';
import { waitUntil } from './support/reminders-app.js';
import { createTestApp } from './support/test-app.js';

// Wednesday 2 December 2026, 10:00 in Paris.
const MORNING = new Date('2026-12-02T09:00:00Z');
const RETENTION = 24;

let redis: Redis;
let prefix: string;
let app: App;
let handoff: HandoffService;
let reminders: RemindersFeature;
let whatsapp: RecordingChannel;
let telegram: RecordingChannel;
let logged: string[];
const clock = { now: MORNING };

async function start(env: Record<string, string> = {}): Promise<void> {
  const config = loadConfig({ REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', FLOOD_MAX_MESSAGES: '1000', QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00', USAGE_RETENTION_MONTHS: String(RETENTION), ...env });
  const remindersFactory: FeatureFactory = (deps) => (reminders = createRemindersFeature(deps, { resync: false, worker: { retryBaseMs: 50 } }));
  const handoffFactory = createHandoffFeature({ consoles: async () => [{ chatId: '-1001', console: new QuietConsole(), teams: ['promeneurs', 'accueil'] }], onService: (s) => (handoff = s), clock: () => clock.now });
  // Every log line, to check that a failed count is a warning that names nobody.
  const sink = new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) });
  const log = pino({ level: 'warn' }, sink);
  app = createTestApp({ config, content: realContent(), redis, log, clock: () => clock.now, features: [privacyFeature, rightsFeature, remindersFactory, handoffFactory] });
  whatsapp = new RecordingChannel('whatsapp');
  telegram = new RecordingChannel('telegram');
  await app.start([whatsapp, telegram]);
}

beforeEach(async () => {
  redis = connectRedis();
  prefix = newPrefix();
  logged = [];
  clock.now = MORNING;
});

afterEach(async () => {
  await app.stop();
  await deletePrefix(redis, prefix);
  await redis.quit();
});

/** What the person reads after sending `text`: texts, and choices as "1. label". */
async function say(channel: RecordingChannel, user: string, text: string, languageCode?: string): Promise<string[]> {
  const from = channel.sent.length;
  await channel.receive(user, { kind: 'text', text }, languageCode);
  return channel.sent
    .slice(from)
    .filter((s) => s.to.userId === user)
    .flatMap((s) => [...s.message.text.split('\n'), ...(s.message.choices ?? []).map((c, i) => `${c.number ?? i + 1}. ${c.label}`)]);
}

/** The number shown before `label` ("2. Vos droits"). */
function numberOf(shown: readonly string[], label: string): string {
  const line = shown.find((l) => l.replace(/^\d+\. /, '') === label);
  if (!line) throw new Error(`no choice "${label}" in ${JSON.stringify(shown)}`);
  return line.split('.')[0] ?? '';
}

const COUPLE_TWO_CHILDREN: Record<string, string> = { age: 'from30to59', household: 'couple', children: 'two', youngest: 'from6to15', work: 'employed', housing: 'tenant', disability: 'no', income: 'from1200to1800' };

/** Opens "droits" from the menu and answers every question; returns the rights listed. */
async function rightsOf(user: string): Promise<string[]> {
  let shown = await say(whatsapp, user, numberOf(await say(whatsapp, user, 'menu'), t('fr', 'droits.title')));
  for (let turn = 0; turn <= QUESTIONS.length; turn++) {
    const question = QUESTIONS.find((q) => shown.includes(t('fr', `droits.question.${q.id}.text`)));
    if (!question) throw new Error(`no question in ${JSON.stringify(shown)}`);
    const answer = COUPLE_TWO_CHILDREN[question.id];
    shown = await say(whatsapp, user, numberOf(shown, answer ? t('fr', `droits.question.${question.id}.option.${answer}`) : t('fr', 'droits.skip')));
    if (shown.includes(t('fr', 'droits.next.prompt'))) {
      const prefixOf = (id: string) => t('fr', 'droits.result.line', { name: t('fr', `droits.right.${id}.name`), note: '' }).trimEnd();
      return RIGHT_IDS.filter((id) => shown.some((l) => l.startsWith(prefixOf(id))));
    }
  }
  throw new Error('the questionnaire did not end');
}

async function usageKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of scanKeys(redis, `${prefix}:usage:*`)) keys.push(...batch);
  return keys.sort();
}

const NADIA = '33611110001';
const KARIM = '33611110002';
const INES = '5550003';
const AMINE = '424242';
/** Everything the people of the day are or wrote: none of it may appear in a usage key or value. */
const PERSONAL = [NADIA, KARIM, INES, AMINE, 'Léa', 'Ameli', 'mairie', 'envie de vivre', 'مرحبا', 'caf du jeudi'];

/** A one-off reminder due in half a second ("another procedure", in the person's words). */
function soon(userId: string, locale: 'fr' | 'en', words: string) {
  return { address: { channel: 'whatsapp' as const, userId }, locale, procedure: procedureById('other'), words, rule: { kind: 'once' as const, at: new Date(Date.now() + 500) }, now: new Date() };
}

/** The rights Nadia read in her result. */
let listedRights: string[] = [];

/** The day: who does what, in order, on WhatsApp and Telegram. */
async function scriptedDay(): Promise<void> {
  // Nadia (WhatsApp, French): the places in Lille, then the flow's own "back to the menu".
  await say(whatsapp, NADIA, 'bonjour');
  const town = await say(whatsapp, NADIA, numberOf(await say(whatsapp, NADIA, 'menu'), t('fr', 'droits.places.title')));
  const after = await say(whatsapp, NADIA, numberOf(town, t('fr', 'droits.places.town.lille')));
  await say(whatsapp, NADIA, numberOf(after, t('fr', 'droits.next.menu')));
  // Three hours later (the same conversation of the day), her rights.
  clock.now = new Date(MORNING.getTime() + 3 * 3_600_000);
  listedRights = await rightsOf(NADIA);
  expect(listedRights.length).toBeGreaterThan(0);
  // A reminder of hers ("another procedure") arrives over the question she was at: "c'est fait".
  await reminders.service.create(soon(NADIA, 'fr', 'caf du jeudi'));
  await whatsapp.waitFor((sent) => sent.some((m) => m.to.userId === NADIA && m.message.text.endsWith(`\n${t('fr', 'rappels.delivered.prompt')}`)));
  await say(whatsapp, NADIA, '1');

  // Karim (WhatsApp, phone in Arabic): crisis words; the numbers, then the staff alert opens a request.
  await say(whatsapp, KARIM, 'مرحبا', 'ar');
  const crisis = await say(whatsapp, KARIM, "j'ai plus envie de vivre");
  expect(crisis[0]).toBe(t('ar', 'crisis.vous.intro.suicide').split('\n')[0]);
  await waitUntil(async () => (await handoff.record({ channel: 'whatsapp', userId: KARIM }))?.status === 'waiting', 'the crisis alert to reach the staff');

  // Inès (Telegram): the reception; an educator takes the conversation 7 minutes later.
  await say(telegram, INES, 'bonjour');
  const who = await say(telegram, INES, numberOf(await say(telegram, INES, 'menu'), t('fr', 'parler.menu')));
  await say(telegram, INES, numberOf(who, t('fr', 'parler.who.adult')));
  await say(telegram, INES, "Je n'arrive pas à ouvrir mon compte Ameli");
  clock.now = new Date(clock.now.getTime() + 7 * 60_000);
  await handoff.take((await handoff.record({ channel: 'telegram', userId: INES }))?.topic ?? '', { id: '77', firstName: 'Léa' });

  // Amine (WhatsApp, English): the places, then "stop" at the town question; a reminder he stops; "oubli".
  await say(whatsapp, AMINE, 'hello', 'en');
  await say(whatsapp, AMINE, numberOf(await say(whatsapp, AMINE, 'menu'), t('en', 'droits.places.title')));
  await say(whatsapp, AMINE, 'stop');
  await reminders.service.create(soon(AMINE, 'en', 'mairie'));
  await whatsapp.waitFor((sent) => sent.some((m) => m.to.userId === AMINE && m.message.text.endsWith(`\n${t('en', 'rappels.delivered.prompt')}`)));
  await say(whatsapp, AMINE, '3');
  const confirm = await say(whatsapp, AMINE, 'oubli');
  expect(confirm.join('\n')).toContain(t('en', 'privacy.confirm_forget').split('\n')[0]);
  await say(whatsapp, AMINE, '1');

  // The next morning Nadia writes again: a new conversation, on the new day.
  clock.now = new Date('2026-12-03T07:30:00Z');
  await say(whatsapp, NADIA, 'bonjour');
  await app.usage.flush();
}

describe('a scripted day of conversations', () => {
  it('is counted exactly, by channel, language, flow, step, right, town, procedure, team and category', async () => {
    await start();
    await scriptedDay();
    const usage = await new UsageReader(redis, prefix).readMonth('2026-12');
    expect(usage.people).toBe(4);
    expect(usage.days.find((d) => d.date === '2026-12-02')).toEqual({ date: '2026-12-02', people: 4, conversations: 4 });
    expect(usage.days.find((d) => d.date === '2026-12-03')).toEqual({ date: '2026-12-03', people: 1, conversations: 1 });
    expect(usage.days.filter((d) => d.people > 0 || d.conversations > 0)).toHaveLength(2);
    expect(usage.takeSeconds).toEqual({ accueil: [420] });
    expect(usage.totals).toEqual({
      // Nadia twice (two days), Karim's phone in Arabic, Amine's in English, Inès on Telegram.
      'conversation.started': { 'whatsapp/fr': 2, 'whatsapp/ar': 1, 'whatsapp/en': 1, 'telegram/fr': 1 },
      // "Parler à une personne" leads on to the reception: the flow's own path, neither finished nor left.
      'flow.started': { lieux: 2, droits: 1, 'rappels-recu': 2, parler: 1, accueil: 1, donnees: 1 },
      'flow.finished': { 'rappels-recu': 2, accueil: 1, donnees: 1 },
      'flow.left': { 'lieux/town': 1 },
      // Where people stopped (questions and actions); back at droits/what-next after the reminder is not a new step.
      'flow.step': {
        'lieux/town': 2,
        'lieux/list': 1,
        'lieux/after': 1,
        ...Object.fromEntries(['age', 'household', 'children', 'youngest', 'work', 'housing', 'disability', 'income', 'suggest', 'what-next'].map((s) => [`droits/${s}`, 1])),
        'rappels-recu/delivered': 2,
        'rappels-recu/mark-done': 1,
        'rappels-recu/stop-reminder': 1,
        'parler/who': 1,
        'accueil/prepare': 1,
        'accueil/write': 1,
        'accueil/send': 1,
        'donnees/forget': 1,
        'donnees/erase': 1,
      },
      'places.shown': { lille: 1 },
      'rights.shown': Object.fromEntries(listedRights.map((id) => [id, 1])),
      'reminder.delivered': { other: 2 },
      'reminder.done': { other: 1 },
      'reminder.stopped': { other: 1 },
      'crisis.reply': { suicide: 1 },
      // Inès's request, and Karim's crisis alert (an adult: the reception).
      'handoff.requested': { accueil: 2 },
      'handoff.taken': { accueil: 1 },
      'privacy.forget': { '': 1 },
    });
    // The month before is empty: the report's change figures start from nothing.
    const { previous } = await new UsageReader(redis, prefix).readWithPrevious('2026-12');
    expect(previous.month).toBe('2026-11');
    expect(previous.people).toBe(0);
    expect(previous.totals).toEqual({});
  });

  it('keeps no user id, name or typed word in any usage key or value, and every key expires within the retention', async () => {
    await start();
    await scriptedDay();
    const keys = await usageKeys();
    expect(keys.length).toBeGreaterThan(5);
    const stored: string[] = [];
    for (const key of keys) {
      stored.push(key);
      const type = await redis.type(key);
      if (type === 'hash') stored.push(...Object.entries(await redis.hgetall(key)).flat());
      else if (type === 'list') stored.push(...(await redis.lrange(key, 0, -1)));
      // HyperLogLogs and the salt: their raw bytes.
      const dumped = await redis.dumpBuffer(key);
      stored.push(dumped?.toString('latin1') ?? '', dumped?.toString('utf8') ?? '');
    }
    const all = stored.join('\n');
    for (const personal of PERSONAL) expect(all, personal).not.toContain(personal);
    // The keys name days, months, kinds and teams, nothing else.
    for (const key of keys) expect(key.slice(prefix.length)).toMatch(/^:usage:(day:2026-12-0[23]|people:(day:2026-12-0[23]|month:2026-12)|take:2026-12:accueil|salt:2026-12)$/);

    // Every key expires, at the latest RETENTION months from now (the salt once its month is over).
    const latest = new Date();
    latest.setMonth(latest.getMonth() + RETENTION);
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(Date.now() + ttl, key).toBeLessThanOrEqual(latest.getTime());
    }
    const saltTtl = await redis.pttl(`${prefix}:usage:salt:2026-12`);
    expect(Date.now() + saltTtl).toBeLessThanOrEqual(new Date('2027-01-03T00:00:00Z').getTime());
    // A month's counts go at the start of the month RETENTION months later (Paris time).
    expect((await redis.pexpiretime(`${prefix}:usage:day:2026-12-02`)) ?? 0).toBe(new Date('2028-12-01T00:00:00+01:00').getTime());
  });
});

describe('a counter that fails', () => {
  it('never breaks the conversation: the person reads the same, a warning names nobody', async () => {
    await start();
    // Today's keys hold the wrong kind of value: every HINCRBY and PFADD fails with WRONGTYPE.
    await redis.set(`${prefix}:usage:day:2026-12-02`, 'not a hash');
    await redis.set(`${prefix}:usage:people:day:2026-12-02`, 'not a HyperLogLog');
    const first = await say(whatsapp, NADIA, 'bonjour');
    expect(first).toContain(t('fr', 'core.menu.prompt'));
    const town = await say(whatsapp, NADIA, numberOf(first, t('fr', 'droits.places.title')));
    expect(town).toContain(t('fr', 'droits.places.ask_town'));
    const places = await say(whatsapp, NADIA, numberOf(town, t('fr', 'droits.places.town.lille')));
    expect(places.join('\n')).toContain(t('fr', 'droits.places.after').split('\n')[0]);
    await app.usage.flush();
    const warnings = logged.filter((l) => l.includes('usage not counted'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).toContain('WRONGTYPE');
    for (const personal of [NADIA, 'bonjour']) expect(logged.join('\n')).not.toContain(personal);
    // The turn did not fail (no "sorry, an error" message), and the session was saved.
    expect(whatsapp.textsTo(NADIA)).not.toContain(t('fr', 'core.error'));
    expect((await app.sessions.load({ channel: 'whatsapp', userId: NADIA }))?.position?.stepId).toBe('after');
  });
});
