// `npm run flows:graph`: one SVG per flow and an index page in the folder given, drawn without any
// outside resource; when the flows have problems, they are printed like flows:check and nothing is drawn.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realContent } from './support/real-content.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string; out: string } {
  const out = mkdtempSync(join(tmpdir(), 'flows-graph-'));
  dirs.push(out);
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/flows-graph.ts', '--out', out, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, out };
}

/** Anything a browser would fetch from another host. */
const OUTSIDE = /(?:src|href)\s*=\s*["']?(?:https?:)?\/\/|url\(\s*["']?(?:https?:)?\/\/|@import/;

// Each test starts the command (loading every flow and Graphviz): slower than most.
describe('npm run flows:graph', { timeout: 60_000 }, () => {
  it('writes one SVG per flow and an index linking them all, with no outside resource', () => {
    const { status, stdout, out } = run(['--lang', 'en']);
    expect(status).toBe(0);
    const ids = [...realContent().flows.keys()].sort();
    expect(readdirSync(out).sort()).toEqual([...ids.map((id) => `${id}.svg`), 'index.html'].sort());
    expect(stdout).toContain(`${ids.length} flow(s) drawn in ${out}`);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const id of ids) expect(index).toContain(`<a href="${id}.svg">`);
    expect(index).toContain('<html lang="en">');
    expect(index).not.toMatch(OUTSIDE);
    expect(index).not.toMatch(/<script|<link/);
    const droits = readFileSync(join(out, 'droits.svg'), 'utf8');
    expect(droits).toMatch(/^<\?xml[^>]*>\n<svg/);
    expect(droits).toContain('>How old are you?</text>');
    expect(droits).toContain('xlink:href="rappels.svg"'); // a jump to another flow links its drawing
    expect(droits).not.toMatch(OUTSIDE);
  });

  it('draws one flow with --flow', () => {
    const { status, out } = run(['--flow', 'droits']);
    expect(status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['droits.svg', 'index.html']);
    expect(readFileSync(join(out, 'droits.svg'), 'utf8')).toContain('>Quel âge avez&#45;vous ?</text>');
  });

  it('prints the problems like flows:check and draws nothing when the flows are broken', () => {
    const fixture = 'test/fixtures/flows-graph';
    const { status, stderr, out } = run([], { FLOWS_DIR: `${fixture}/flows`, LOCALES_DIR: `${fixture}/locales` });
    expect(status).toBe(1);
    expect(stderr).toMatch(/test\/fixtures\/flows-graph\/flows\/tout\.yaml:\d+: steps\[\d+\]\.id: step "oubliee" can never be reached/);
    expect(stderr).toContain('Nothing was drawn.');
    expect(existsSync(join(out, 'index.html'))).toBe(false);
  });

  it('refuses an unknown flow or language', () => {
    const flow = run(['--flow', 'nope']);
    expect(flow.status).toBe(1);
    expect(flow.stderr).toContain('no flow "nope"');
    const lang = run(['--lang', 'de']);
    expect(lang.status).toBe(1);
    expect(lang.stderr).toContain('--lang: one of fr, en, ar');
  });
});
