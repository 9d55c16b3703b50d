// The load benchmark's other side, in its own process (as Telegram is): the local Bot API server, the
// ordinary people (closed loop: the next message once the previous one was answered), the flooders
// (as fast as they can) and a few people in crisis. Driven over IPC by bench/load.ts; see there.
import { startBotApiServer, type BotHandle, type SimUser } from '../test/support/bot-api-server.js';

export interface LoadRequest {
  type: 'drive';
  userBase: number;
  users: number;
  messages: number;
  flooders: number;
  floodMessages: number;
  crisisPeople: number;
}

export interface LoadResult {
  seconds: number;
  /** Ordinary people: message → first reply, ms, sorted. */
  latencies: number[];
  /** People in crisis: message → help numbers, ms, sorted. */
  crisis: number[];
  /** Ordinary messages that got no reply within the run. */
  unanswered: number;
  /** Replies the flooders got (one "slow down" each, plus what was admitted). */
  flooderReplies: number;
}

export type LoadMessage = { type: 'ready'; apiRoot: string; token: string } | { type: 'result'; result: LoadResult } | { type: 'failed'; error: string };

const CRISIS_TEXT = "j'ai envie de mourir";

async function drive(handle: BotHandle, req: LoadRequest): Promise<LoadResult> {
  const person = (id: number, name: string): SimUser => ({ id, first_name: name, language_code: 'fr' });
  const users = Array.from({ length: req.users }, (_, i) => person(req.userBase + i, `P${i}`));
  const flooders = Array.from({ length: req.flooders }, (_, i) => person(req.userBase + 100_000 + i, `F${i}`));
  const crisis = Array.from({ length: req.crisisPeople }, (_, i) => person(req.userBase + 200_000 + i, `C${i}`));
  const kind = new Map<number, 'user' | 'flooder' | 'crisis'>([...users.map((u) => [u.id, 'user'] as const), ...flooders.map((u) => [u.id, 'flooder'] as const), ...crisis.map((u) => [u.id, 'crisis'] as const)]);

  // Warm-up: everyone's first contact (privacy notice, welcome, menu), not measured.
  const warming = [...users, ...crisis];
  const before = handle.sentCount();
  for (const u of warming) handle.userSends(u, 'bonjour');
  // Counted from the total (a per-person count at every change would cost more than the bot).
  await handle.waitUntil(() => handle.sentCount() >= before + 3 * warming.length || undefined, { timeoutMs: 120_000, what: 'warm-up replies' });

  let seen = handle.sentCount();
  const sentAt = new Map<number, number>();
  const count = new Map<number, number>();
  const latencies: number[] = [];
  const crisisTimes: number[] = [];
  let flooderReplies = 0;
  const send = (u: SimUser): void => {
    count.set(u.id, (count.get(u.id) ?? 0) + 1);
    sentAt.set(u.id, Date.now());
    handle.userSends(u, 'menu');
  };
  const started = Date.now();
  for (const u of users) send(u);
  // The flooders: every message at once, as fast as the simulated client can post them.
  for (let i = 0; i < req.floodMessages; i++) for (const f of flooders) handle.userSends(f, `aide ${i}`);
  // People in crisis write while the load runs, one every 50 ms.
  const crisisAt = new Map<number, number>();
  crisis.forEach((c, i) =>
    setTimeout(() => {
      crisisAt.set(c.id, Date.now());
      handle.userSends(c, CRISIS_TEXT);
    }, 200 + i * 50),
  );
  const total = users.length * req.messages;
  const deadline = Date.now() + 300_000;
  while ((latencies.length < total || crisisTimes.length < crisis.length) && Date.now() < deadline) {
    await handle.waitUntil(() => handle.sentCount() > seen || undefined, { timeoutMs: 60_000, what: 'a reply' }).catch(() => undefined);
    const fresh = handle.sentFrom(seen);
    seen += fresh.length;
    for (const reply of fresh) {
      const who = kind.get(reply.chat_id);
      if (who === 'flooder') flooderReplies += 1;
      else if (who === 'crisis') {
        const at = crisisAt.get(reply.chat_id);
        if (at !== undefined && (reply.text ?? '').includes('3114')) {
          crisisTimes.push(reply.at - at);
          crisisAt.delete(reply.chat_id);
        }
      } else if (who === 'user') {
        const askedAt = sentAt.get(reply.chat_id);
        if (askedAt === undefined) continue; // a second reply to the same message: not measured
        sentAt.delete(reply.chat_id);
        latencies.push(reply.at - askedAt);
        const u = users[reply.chat_id - req.userBase];
        if (u && (count.get(u.id) ?? 0) < req.messages) send(u);
      }
    }
  }
  return {
    seconds: (Date.now() - started) / 1000,
    latencies: latencies.sort((a, b) => a - b),
    crisis: crisisTimes.sort((a, b) => a - b),
    unanswered: total - latencies.length,
    flooderReplies,
  };
}

async function main(): Promise<void> {
  const server = await startBotApiServer();
  const post = (m: LoadMessage): void => void process.send?.(m);
  process.on('message', (raw: unknown) => {
    const req = raw as LoadRequest | { type: 'close' };
    if (req.type === 'close') {
      void server.close().then(() => process.exit(0));
      return;
    }
    drive(server, req).then(
      (result) => post({ type: 'result', result }),
      (err: unknown) => post({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
    );
  });
  post({ type: 'ready', apiRoot: server.apiRoot, token: server.token });
}

void main();
