// `npm run flows:check` on broken files: each problem names the file, the line and the field,
// so a person editing a flow can find it.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content.js';
import { formatDataError } from '../src/data/load-yaml.js';
import { fixtureDirs } from './support/content.js';

const ACTIONS = new Set(['locale.set', 'test.echo']);

/** Writes `yaml` as flows/<name>.yaml in a fresh copy of the fixtures and returns the report. */
function check(name: string, yaml: string): { lines: string[]; file: string } {
  const dirs = fixtureDirs();
  const file = join(dirs.flowsDir, `${name}.yaml`);
  writeFileSync(file, yaml);
  const { errors } = loadContent({ ...dirs, actions: ACTIONS });
  return { lines: errors.map(formatDataError), file };
}

const GOOD = `id: broken
version: 1
steps:
  - id: first
    type: ask-choice
    text: demo.ask_color
    options:
      - id: a
        label: demo.red
    next: second
  - id: second
    type: say
    text: demo.done
`;

describe('flows:check reports each broken file with file and line', () => {
  it('accepts the good one', () => {
    expect(check('broken', GOOD).lines).toEqual([]);
  });

  it('a `next` pointing at a step that does not exist', () => {
    const { lines, file } = check('broken', GOOD.replace('next: second', 'next: secnod'));
    expect(lines).toContain(`${file}:10: steps[0].next: step "secnod" does not exist in flow "broken"`);
  });

  it('a text key missing from the locales', () => {
    const { lines, file } = check('broken', GOOD.replace('text: demo.done', 'text: demo.finished'));
    expect(lines).toContain(`${file}:13: steps[1].text: text "demo.finished" is missing in locale "fr"`);
    expect(lines).toContain(`${file}:13: steps[1].text: text "demo.finished" is missing in locale "ar"`);
  });

  it('a duplicate step id', () => {
    const { lines, file } = check('broken', `${GOOD}  - id: second\n    type: end\n`);
    expect(lines).toContain(`${file}:14: steps[2].id: duplicate step id "second"`);
  });

  it('a validator that does not exist', () => {
    const yaml = GOOD.replace('  - id: second\n    type: say\n    text: demo.done\n', '  - id: second\n    type: ask-text\n    text: demo.done\n    var: mail\n    validate: email\n');
    const { lines, file } = check('broken', yaml);
    expect(lines.some((l) => l.startsWith(`${file}:15: steps[1].validate:`))).toBe(true);
  });

  it('a YAML syntax error', () => {
    const { lines, file } = check('broken', GOOD.replace('    text: demo.done', '    text: [demo.done'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1[34]: \\(syntax\\): `));
  });

  it('a flow target that does not exist', () => {
    const { lines, file } = check('broken', GOOD.replace('        label: demo.red', '        label: demo.red\n        flow: nowhere'));
    expect(lines).toContain(`${file}:10: steps[0].options[0].flow: flow "nowhere" does not exist`);
  });

  it('a step nobody can reach', () => {
    const { lines, file } = check('broken', `${GOOD}  - id: orphan\n    type: end\n`);
    expect(lines).toContain(`${file}:14: steps[2].id: step "orphan" can never be reached`);
  });

  it('an action that is not registered', () => {
    const { lines, file } = check('broken', GOOD.replace('    type: say\n    text: demo.done\n', '    type: action\n    action: reminders.shedule\n'));
    expect(lines).toContain(`${file}:13: steps[1].action: unknown action "reminders.shedule" (known: locale.set, test.echo)`);
  });

  it('a misspelt field', () => {
    const { lines, file } = check('broken', GOOD.replace('    next: second', '    nxt: second'));
    expect(lines.some((l) => l.startsWith(`${file}:4: steps[0]: `) && l.includes('nxt'))).toBe(true);
  });

  it('a flow whose id is not its file name', () => {
    const { lines, file } = check('broken', GOOD.replace('id: broken', 'id: other'));
    expect(lines).toContain(`${file}:1: id: flow id "other" must match the file name "broken"`);
  });

  it('the same key twice in a step', () => {
    const { lines, file } = check('broken', GOOD.replace('    text: demo.done', '    text: demo.done\n    text: demo.intro'));
    expect(lines.some((l) => l.startsWith(`${file}:14: (syntax): `))).toBe(true);
  });

  it('a locale that lacks a key the reference has, or changes a placeholder', () => {
    const dirs = fixtureDirs();
    const ar = join(dirs.localesDir, 'ar', 'demo.yaml');
    writeFileSync(ar, readFileSync(ar, 'utf8').replace(/^done: .*$/m, '').replace('{size}', '{taille}'));
    const lines = loadContent({ ...dirs, actions: ACTIONS }).errors.map(formatDataError);
    expect(lines).toContain(`${join(dirs.localesDir, 'fr', 'demo.yaml')}:12: demo.done: missing in locale "ar"`);
    expect(lines.some((l) => l.includes('demo.small: placeholders {color,taille} differ from "fr" {color,size}'))).toBe(true);
  });

  it('the menu flow missing', () => {
    const dirs = fixtureDirs();
    unlinkSync(join(dirs.flowsDir, 'menu.yaml'));
    const lines = loadContent({ ...dirs, actions: ACTIONS }).errors.map(formatDataError);
    expect(lines.some((l) => l.includes('the "menu" flow is required by the engine'))).toBe(true);
  });
});

describe('npm run flows:check', () => {
  it('exits 1 and prints the problems; exits 0 on the real flows', () => {
    const dirs = fixtureDirs();
    writeFileSync(join(dirs.flowsDir, 'broken.yaml'), GOOD.replace('next: second', 'next: secnod'));
    const bad = spawnSync('npx', ['tsx', 'src/cli/flows-check.ts', dirs.flowsDir, dirs.localesDir], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('broken.yaml:10: steps[0].next: step "secnod" does not exist');
    const good = spawnSync('npx', ['tsx', 'src/cli/flows-check.ts'], { encoding: 'utf8' });
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('flows OK');
  });
});
