// What the MULTI_INSTANCE inbox keeps in Redis for one person (src/sessions/redis-inbox.ts), as tests
// look at it, and a wait for a condition on it.
import type { Redis } from 'ioredis';

export interface InboxKeys {
  inbox: string;
  processing: string;
  lock: string;
  people: string;
  session: string;
}

/** `personKey` is `{channel}:{userId}`. */
export function inboxKeys(prefix: string, personKey: string): InboxKeys {
  return {
    inbox: `${prefix}:inbox:${personKey}`,
    processing: `${prefix}:inbox-processing:${personKey}`,
    lock: `${prefix}:lock:${personKey}`,
    people: `${prefix}:inbox-people`,
    session: `${prefix}:session:${personKey}`,
  };
}

export interface InboxState {
  /** Messages waiting in the inbox. */
  queued: number;
  /** Messages taken by a turn that has not finished. */
  inProgress: number;
  /** The token of the process holding the person, if any. */
  holder: string | null;
  /** Listed among the people with work (what the sweep looks at). */
  listed: boolean;
}

export async function inboxState(redis: Redis, keys: InboxKeys, personKey: string): Promise<InboxState> {
  const [queued, inProgress, holder, listed] = await Promise.all([redis.llen(keys.inbox), redis.llen(keys.processing), redis.get(keys.lock), redis.sismember(keys.people, personKey)]);
  return { queued, inProgress, holder, listed: listed === 1 };
}

/** Re-checks every 20 ms until `check` holds; fails after `timeoutMs` naming `what`. */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
