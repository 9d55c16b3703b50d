// Who is on duty, for real: staff say /present or /absent (or press the pinned card's buttons) in
// their group. A presence lasts at most `maxHours`, so a forgotten /absent cannot make the bot claim
// that someone is there all night. Kept in Redis, shared by every process:
//   {prefix}:duty:{team}   zset: staff id → until when (ms) they are on duty
//   {prefix}:duty:names    hash: staff id → the name shown on the staff group's card
import type { Redis } from 'ioredis';

export interface OnDuty {
  id: string;
  name: string;
  until: Date;
}

export class DutyRoster {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxHours: number,
  ) {}

  private key(team: string): string {
    return `${this.prefix}:duty:${team}`;
  }
  private get namesKey(): string {
    return `${this.prefix}:duty:names`;
  }

  /** On duty for these teams from now, until `maxHours` later (saying it again extends it). */
  async present(teams: readonly string[], staff: { id: string; name: string }, now: Date): Promise<Date> {
    const until = new Date(now.getTime() + this.maxHours * 3_600_000);
    const multi = this.redis.multi().hset(this.namesKey, staff.id, staff.name);
    for (const team of teams) multi.zadd(this.key(team), until.getTime(), staff.id).zremrangebyscore(this.key(team), '-inf', now.getTime());
    await multi.exec();
    return until;
  }

  async absent(teams: readonly string[], staffId: string): Promise<void> {
    const multi = this.redis.multi();
    for (const team of teams) multi.zrem(this.key(team), staffId);
    await multi.exec();
  }

  async count(team: string, now: Date): Promise<number> {
    return this.redis.zcount(this.key(team), `(${now.getTime()}`, '+inf');
  }

  async onDuty(team: string, now: Date): Promise<OnDuty[]> {
    const raw = await this.redis.zrangebyscore(this.key(team), `(${now.getTime()}`, '+inf', 'WITHSCORES');
    const ids: Array<{ id: string; until: Date }> = [];
    for (let i = 0; i + 1 < raw.length; i += 2) ids.push({ id: raw[i] ?? '', until: new Date(Number(raw[i + 1])) });
    if (ids.length === 0) return [];
    const names = await this.redis.hmget(this.namesKey, ...ids.map((x) => x.id));
    return ids.map((x, i) => ({ ...x, name: names[i] ?? '?' }));
  }
}
