// The droits texts in every language, `npm run flows:check` on the rights data (errors fail
// with file:line, stale facts and empty place fields are warnings), and start-up refusing
// broken data.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { LOCALES, loadLocales, placeholders } from '../src/i18n/locales.js';
import { rightsFeature, RightsDataError } from '../src/rights/feature.js';
import { ESERVICES_FILE, PLACES_FILE, RIGHTS_FILE } from '../src/rights/load.js';
import { fixtureContent, fixtureDirs } from './support/content.js';
import { connectRedis } from './support/redis.js';
import { createTestApp } from './support/test-app.js';

const run = promisify(execFile);
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the three rights data files only (other features' data files are not ours to test). */
function ownData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'droits-data-'));
  temps.push(dir);
  for (const file of [RIGHTS_FILE, ESERVICES_FILE, PLACES_FILE]) cpSync(join('flows/data', file), join(dir, file));
  return dir;
}

/** A copy with the `source:` line of the apl right removed; returns dir and line. */
function brokenData(): { dir: string; line: number } {
  const dir = ownData();
  const lines = readFileSync(join(dir, RIGHTS_FILE), 'utf8').split('\n');
  const entry = lines.indexOf('  - id: apl');
  const source = lines.findIndex((l, i) => i > entry && l.startsWith('    source: '));
  writeFileSync(join(dir, RIGHTS_FILE), lines.filter((_, i) => i !== source).join('\n'));
  return { dir, line: entry + 1 };
}

async function flowsCheck(dataDir: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  // Only the fixture menu and langue flows (always valid), so that the data alone decides.
  const { flowsDir, localesDir } = fixtureDirs();
  temps.push(join(flowsDir, '..'));
  for (const file of readdirSync(flowsDir)) if (file.endsWith('.yaml') && !['menu.yaml', 'langue.yaml'].includes(file)) rmSync(join(flowsDir, file));
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['src/cli/flows-check.ts', flowsDir, localesDir, dataDir], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('droits texts', () => {
  it('every droits key exists in fr, en and ar, not empty, with the same placeholders', () => {
    const { texts } = loadLocales('locales');
    const keys = [...texts.fr.keys()].filter((k) => k.startsWith('droits.'));
    expect(keys.length).toBeGreaterThan(150);
    for (const locale of LOCALES) {
      for (const key of keys) {
        const entry = texts[locale].get(key);
        expect(entry?.text.trim(), `${locale}: ${key}`).toBeTruthy();
        expect(placeholders(entry?.text ?? ''), `${locale}: ${key}`).toEqual(placeholders(texts.fr.get(key)?.text ?? ''));
      }
      expect([...texts[locale].keys()].filter((k) => k.startsWith('droits.')).sort()).toEqual([...keys].sort());
    }
  });

  it('every key the droits flows and actions name is written', () => {
    const { texts } = loadLocales('locales');
    const sources = [
      ...['droits', 'lieux', 'demarches'].map((f) => readFileSync(join('flows', `${f}.yaml`), 'utf8')),
      ...readdirSync('src/rights').map((f) => readFileSync(join('src/rights', f), 'utf8')),
    ].join('\n');
    // Literal keys only (not followed by `.${id}`); keys built from data ids are covered by rights-data.test.ts.
    const used = [
      ...new Set(
        [...sources.matchAll(/\bdroits(?:\.[a-z0-9_]+)+/g)].filter((m) => sources[(m.index ?? 0) + m[0].length] !== '.' && !m[0].endsWith('.yaml')).map((m) => m[0]),
      ),
    ];
    expect(used.length).toBeGreaterThan(30);
    for (const locale of LOCALES) expect(used.filter((k) => !texts[locale].has(k)), locale).toEqual([]);
  });
});

describe('flows:check and start-up with the rights data', () => {
  it('refuses a data file with a missing source, with file and line, and exits 1', async () => {
    const { dir, line } = brokenData();
    const { code, stderr } = await flowsCheck(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, RIGHTS_FILE)}:${line}: rights[2].source:`);
  });

  it('prints stale facts and empty place fields as warnings without failing', async () => {
    const dir = ownData();
    const strict = await flowsCheck(dir, { RIGHTS_MAX_AGE_DAYS: '365' });
    expect(strict.code).toBe(0);
    expect(strict.stderr).toBe('');
    expect(strict.stdout).toContain('rights data OK');
    const lines = strict.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith(`warning: ${join(dir, RIGHTS_FILE)}:`)).find((l) => /: rights\[\d+\]: apl: verified 2021-05-01, \d+ days ago \(limit 365\)/.test(l))).toBeDefined();
    expect(lines.filter((l) => l.startsWith(`warning: ${join(dir, PLACES_FILE)}:`)).find((l) => l.includes("cs_arbrisseau (Centre social de l'Arbrisseau): no verified address, phone, hours, website, services yet"))).toBeDefined();
    // A longer limit: no stale fact is listed (the empty fields still are).
    const lenient = await flowsCheck(dir, { RIGHTS_MAX_AGE_DAYS: '36500' });
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).not.toMatch(/^warning: .* days ago/m);
    expect(lenient.stdout).toContain('cs_arbrisseau');
  });

  it('stops start-up when the data is broken, naming the file and the line', () => {
    const { dir, line } = brokenData();
    const flowsDir = mkdtempSync(join(tmpdir(), 'droits-flows-'));
    temps.push(flowsDir);
    cpSync(dir, join(flowsDir, 'data'), { recursive: true });
    const redis = connectRedis();
    try {
      const build = () =>
        createTestApp({
          config: loadConfig({ FLOWS_DIR: flowsDir, LOG_LEVEL: 'silent' }),
          content: fixtureContent(),
          redis,
          log: pino({ level: 'silent' }),
          features: [rightsFeature],
        });
      expect(build).toThrow(RightsDataError);
      expect(build).toThrow(`${join(flowsDir, 'data', RIGHTS_FILE)}:${line}: rights[2].source`);
    } finally {
      redis.disconnect();
    }
  });
});
