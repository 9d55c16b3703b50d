// The benchmark's other side, in its own process (as Telegram is): the local Bot API server and the
// simulated people. Driven over IPC by bench/telegram.ts; see there.
import { startBotApiServer, type BotHandle, type SimUser } from '../test/support/bot-api-server.js';

export interface DriveRequest {
  type: 'drive';
  token: string;
  /** First user id; users are userBase … userBase+users-1 (fresh people each run). */
  userBase: number;
  users: number;
  messages: number;
  /** 'echo': m0, m1…; 'menu': "1" then "menu", alternately (one reply each on the full path). */
  pattern: 'echo' | 'menu';
  /** Sent first by everyone, not measured; `warmReplies` replies per person are awaited. */
  warm: string;
  warmReplies: number;
}

export interface DriveResult {
  messages: number;
  seconds: number;
  /** Update → reply, ms, sorted. */
  latencies: number[];
}

export type DriverMessage = { type: 'ready'; apiRoot: string; token: string } | { type: 'result'; result: DriveResult } | { type: 'failed'; error: string };

/** Closed loop: each person sends the next message once the reply to the previous one arrived. */
async function drive(handle: BotHandle, req: DriveRequest): Promise<DriveResult> {
  const users: SimUser[] = Array.from({ length: req.users }, (_, i) => ({ id: req.userBase + i, first_name: `P${i}`, language_code: 'fr' }));
  const before = handle.sent().length;
  for (const user of users) handle.userSends(user, req.warm);
  await handle.waitUntil(() => handle.sent().length >= before + users.length * req.warmReplies || undefined, { timeoutMs: 60_000, what: 'warm-up replies' });
  let seen = handle.sent().length;
  const base = seen;

  const text = (i: number): string => (req.pattern === 'echo' ? `m${i}` : i % 2 === 0 ? '1' : 'menu');
  const sentAt = new Map<number, number>();
  const count = new Map<number, number>();
  const latencies: number[] = [];
  const send = (user: SimUser): void => {
    const i = count.get(user.id) ?? 0;
    count.set(user.id, i + 1);
    sentAt.set(user.id, Date.now());
    handle.userSends(user, text(i));
  };
  const byId = new Map(users.map((u) => [u.id, u]));
  const started = Date.now();
  for (const user of users) send(user);
  const total = users.length * req.messages;
  while (latencies.length < total) {
    await handle.waitUntil(() => handle.sent().length > seen || undefined, { timeoutMs: 60_000, what: 'a reply' });
    const fresh = handle.sent().slice(seen);
    seen += fresh.length;
    for (const reply of fresh) {
      const user = byId.get(reply.chat_id);
      const askedAt = sentAt.get(reply.chat_id);
      // Exactly one reply per message, or the figures would mean nothing.
      if (!user || askedAt === undefined) throw new Error(`unexpected reply in chat ${reply.chat_id}`);
      sentAt.delete(reply.chat_id);
      latencies.push(reply.at - askedAt);
      if ((count.get(user.id) ?? 0) < req.messages) send(user);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  if (handle.sent().length - base !== total) throw new Error(`expected ${total} replies, got ${handle.sent().length - base}`);
  return { messages: total, seconds, latencies: latencies.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const server = await startBotApiServer();
  const post = (m: DriverMessage): void => void process.send?.(m);
  process.on('message', (raw: unknown) => {
    const req = raw as DriveRequest | { type: 'close' };
    if (req.type === 'close') {
      void server.close().then(() => process.exit(0));
      return;
    }
    drive(server.bot(req.token), req).then(
      (result) => post({ type: 'result', result }),
      (err: unknown) => post({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
    );
  });
  post({ type: 'ready', apiRoot: server.apiRoot, token: server.token });
}

void main();
