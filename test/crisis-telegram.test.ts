// Numbers first, staff second, on the Telegram test server: help numbers reach a person within a
// second of their message whatever the staff chat does (400, 403, no answer) and while five other
// people flood the bot; the staff alert is retried until the staff chat works again.
import { afterEach, describe, expect, it } from 'vitest';
import type { SimUser } from './support/bot-api-server.js';
import { STAFF_CHAT, startHandoffApp, t, type HandoffApp } from './support/handoff-app.js';

// Monday 30 November 2026, 15:00 in Paris: every help line is open.
const MONDAY_AFTERNOON = new Date('2026-11-30T14:00:00Z');
const TARGET_MS = 1000;

let h: HandoffApp | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(env: Record<string, string> = {}): Promise<HandoffApp> {
  h = await startHandoffApp({ now: MONDAY_AFTERNOON, env });
  return h;
}

/** Sends `text` as `who` and resolves with the ms until the crisis reply's first message arrives. */
async function timeToNumbers(app: HandoffApp, who: SimUser, text: string, intro: string): Promise<number> {
  const started = performance.now();
  app.server.userSends(who, text);
  await app.server.waitForSent((m) => m.chat_id === who.id && (m.text ?? '').includes(intro), { timeoutMs: 10_000 });
  return performance.now() - started;
}

const staffFaults = [
  { name: 'a 400 (topic or chat gone)', fault: { code: 400 } },
  { name: 'a 403 (bot removed from the staff group)', fault: { code: 403 } },
  { name: 'no answer (time-out)', fault: { delayMs: 4000 } },
];

describe('crisis words when the staff chat misbehaves', () => {
  it.each(staffFaults)('the person gets the numbers within a second with $name, and the alert arrives once the staff chat works', async ({ fault }) => {
    const app = await start();
    const youth: SimUser = { id: 4101, first_name: 'Sam', language_code: 'fr' };
    app.server.failNext('createForumTopic', fault, 2);
    const ms = await timeToNumbers(app, youth, 'jveux mourir ce soir', t('fr', 'crisis.vous.intro.suicide'));
    expect(ms).toBeLessThan(TARGET_MS);
    const help = app.server.sent(youth.id).map((m) => m.text ?? '').join('\n');
    expect(help).toContain(t('fr', 'crisis.numbers.n3114'));
    expect(help).not.toContain(t('fr', 'core.error'));
    // The staff chat answers again: the retried alert opens the urgent topic with the message.
    await app.server.waitForSent((m) => m.chat_id === STAFF_CHAT && (m.text ?? '').includes('jveux mourir ce soir'), { timeoutMs: 15_000 });
    await app.server.waitForSent((m) => m.chat_id === STAFF_CHAT && (m.text ?? '').includes(t('fr', 'promeneurs.staff.categories.suicide')));
    console.log(`[crisis] staff fault ${JSON.stringify(fault)}: numbers after ${ms.toFixed(0)} ms`);
  }, 30_000);

  it('the bot answers no error message and no "call now" for a closed line when everything staff-side fails', async () => {
    const app = await start();
    const youth: SimUser = { id: 4102, first_name: 'Noa', language_code: 'fr' };
    app.server.failNext('createForumTopic', { code: 403 }, 50);
    await timeToNumbers(app, youth, 'mon beau pere me frappe', t('fr', 'crisis.vous.intro.violence'));
    const texts = app.server.sent(youth.id).map((m) => m.text ?? '');
    for (const id of ['n17', 'n119', 'n3919', 'n114']) expect(texts.join('\n')).toContain(t('fr', `crisis.numbers.${id}`));
    expect(texts.join('\n')).not.toContain(t('fr', 'core.error'));
  });
});

const CRISES: Array<[string, string]> = [
  ['jveux mourir', 'suicide'],
  ['il me tape', 'violence'],
  ['on m insulte sur snap tous les jours', 'harassment'],
  ['je me scarifie', 'self-harm'],
  ['il m a violée', 'sexual-violence'],
];

describe('crisis words while five other people flood the bot', () => {
  it('sends every crisis reply within a second (p99) with the staff chat failing', async () => {
    // Real pacing for all chats together (30 messages/s): the numbers must pass ahead of the flood.
    const app = await start({ TELEGRAM_MAX_PER_SECOND: '30', TELEGRAM_MAX_PER_CHAT_PER_SECOND: '0' });
    app.server.failNext('createForumTopic', { code: 403 }, 1000);
    const flooders: SimUser[] = [1, 2, 3, 4, 5].map((i) => ({ id: 5000 + i, first_name: `F${i}`, language_code: 'fr' }));
    const times: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (const f of flooders) for (let k = 0; k < 20; k++) app.server.userSends(f, k % 2 === 0 ? 'aide' : 'menu');
      const person: SimUser = { id: 6000 + round, first_name: `P${round}`, language_code: 'fr' };
      const [text, category] = CRISES[round % CRISES.length] ?? ['', ''];
      times.push(await timeToNumbers(app, person, text, t('fr', `crisis.vous.intro.${category}`)));
    }
    const sorted = [...times].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
    console.log(`[crisis] 5 flooders × 200 messages, staff failing: crisis reply p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (${times.length} replies)`);
    expect(p99).toBeLessThan(TARGET_MS);
  }, 60_000);
});
