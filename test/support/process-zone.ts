// Runs a describe block with the server process in another time zone (process.env.TZ), and puts
// the zone back after: a date typed in Lille must mean the same moment wherever the server runs.
import { afterAll, beforeAll } from 'vitest';

export function inProcessZone(zone: string): void {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
}
