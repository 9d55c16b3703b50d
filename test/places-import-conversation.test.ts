// From the national file to the conversation: a 32-row file in the standard's format (Lille, Roubaix,
// Tourcoing and elsewhere, with a row without address, bad hours, an unknown service and a duplicate
// id) is imported with `npm run places:import`, then the bot, started on that data, answers "lieux"
// with a postal code, a town name and a typo, a town with no place, at fixed instants in Paris,
// including the day summer time begins.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rightsFeature } from '../src/rights/feature.js';
import { DroitsChat } from './support/droits-chat.js';

let flowsDir = '';
let printed = '';
const chats: DroitsChat[] = [];

beforeAll(() => {
  flowsDir = join(mkdtempSync(join(tmpdir(), 'passerelle-places-')), 'flows');
  cpSync('flows', flowsDir, { recursive: true });
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/places-import.ts', 'test/fixtures/places/nord-32-rows.csv', '--communes', '59350,59512,59599', '--out', join(flowsDir, 'data', 'places-imported.json')], { encoding: 'utf8' });
  printed = run.stdout;
  if (run.status !== 0) throw new Error(`import failed: ${run.stderr}`);
}, 60_000);
afterAll(() => rmSync(join(flowsDir, '..'), { recursive: true, force: true }));
afterEach(async () => {
  for (const chat of chats.splice(0)) await chat.stop();
});

async function ask(now: Date, typed: string[]): Promise<string[]> {
  const chat = await DroitsChat.start({ features: [rightsFeature], flowsDir, clock: () => now });
  chats.push(chat);
  await chat.open('u1', 'lieux');
  for (const text of typed.slice(0, -1)) await chat.say('u1', text);
  const from = chat.channel.sent.length;
  await chat.say('u1', typed.at(-1) ?? '');
  return chat.channel.sent.slice(from).map((s) => s.message.text);
}

// Tuesday 1 December 2026, 10:00 in Paris.
const TUESDAY_10H = new Date('2026-12-01T09:00:00Z');
// Sunday 29 March 2026, 10:00 in Paris: summer time began at 02:00.
const DST_SUNDAY_10H = new Date('2026-03-29T08:00:00Z');

describe('a national file, imported, then asked for', () => {
  it('the import prints what it kept and why it skipped rows', () => {
    expect(printed).toContain('Rows read: 32');
    expect(printed).toContain('Outside --communes (not checked): 3');
    expect(printed).toContain('Imported: 27');
    expect(printed).toMatch(/no street address \(adresse\): 1 \(line 30\)/);
    expect(printed).toMatch(/same id as another row .*: 1 \(line 33\)/);
    expect(printed).toMatch(/hours not in OpenStreetMap syntax: kept without hours: 1 \(line 31\)/);
    expect(printed).toMatch(/service value not in the standard: value dropped: 1 \(line 32\)/);
    expect(printed).toContain('  Roubaix (59512): 8');
    const file = JSON.parse(readFileSync(join(flowsDir, 'data', 'places-imported.json'), 'utf8')) as { places: Array<{ id: string; address: string; updatedAt: string }> };
    // The duplicate id keeps its most recent record.
    expect(file.places.find((p) => p.id === 'roubaix-01')?.updatedAt).toBe('2026-10-01');
  });

  it('"59100", "Roubaix" and a typo ("Roubaiz") give the same three places, open ones first', async () => {
    const byCode = await ask(TUESDAY_10H, ['59100']);
    expect(await ask(TUESDAY_10H, ['Roubaix'])).toEqual(byCode);
    expect(await ask(TUESDAY_10H, ['Roubaiz'])).toEqual(byCode);
    // One line a place.
    const places = byCode.flatMap((t) => t.split('\n')).filter((l) => /rue de Roubaix fictive/.test(l));
    expect(places).toHaveLength(3);
    expect(places[0]).toMatch(/^• .*Ouvert jusqu'à 1\d h/);
    expect(byCode.join('\n')).toContain('lannuaire.service-public.gouv.fr');
    expect(byCode.join('\n')).not.toContain('doublon ancien');
  });

  it('a town of the file outside the communes imported, or with no place: a kind message and the directory', async () => {
    const answer = (await ask(TUESDAY_10H, ['59150'])).join('\n');
    expect(answer).toContain('lannuaire.service-public.gouv.fr');
    expect(answer).not.toContain('rue de Wattrelos fictive');
  });

  it('on the Sunday summer time begins: "ouvre demain à 9 h", in Paris time', async () => {
    const answer = (await ask(DST_SUNDAY_10H, ['Tourcoing'])).join('\n');
    expect(answer).toMatch(/Fermé, ouvre demain à 9 h/);
    expect(answer).not.toMatch(/Ouvert jusqu/);
  });
});
