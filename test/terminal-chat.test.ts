// The terminal chat as a newcomer runs it (`npm start` with piped input), and a conversation
// that survives the process stopping and starting again (real processes, real Redis).
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, deletePrefix, newPrefix, testRedisUrl } from './support/redis.js';
import { fixtureDirs } from './support/content.js';

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

function runBot(input: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, LOG_LEVEL: 'error', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

const prefixes: string[] = [];
afterEach(async () => {
  const redis = connectRedis();
  for (const p of prefixes.splice(0)) await deletePrefix(redis, p);
  redis.disconnect();
});

describe('terminal chat', () => {
  it('produces the expected transcript from piped input, then exits cleanly', async () => {
    const prefix = newPrefix();
    prefixes.push(prefix);
    const dirs = fixtureDirs(['second'], [{ flow: 'donnees', texts: 'privacy' }]);
    const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, FLOWS_DIR: dirs.flowsDir, LOCALES_DIR: dirs.localesDir, TERMINAL_USER: 'alice' };
    const run = await runBot('1\nbleu\n200\nmenu\n', env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      expect.stringContaining('Vos données : je garde seulement'),
      expect.stringContaining('Bonjour ! Je suis Passerelle'),
      'Que voulez-vous faire ?',
      '   1. Démo (fr)',
      '   2. Compteur (fr)',
      '   3. Changer de langue',
      '   4. Mes données',
      '> 1',
      'Intro (fr).',
      'Quelle couleur ? (fr)',
      '   1. Rouge',
      '   2. Bleu',
      '   3. Ailleurs',
      '> bleu',
      'Quelle taille ? (fr)',
      '> 200',
      'Grand blue de taille 200.',
      'Quand ? (fr)',
      '> menu',
      'Que voulez-vous faire ?',
      '   1. Démo (fr)',
      '   2. Compteur (fr)',
      '   3. Changer de langue',
      '   4. Mes données',
      '',
    ]);
  });

  it('resumes where the person was after the process stops and starts again', async () => {
    const prefix = newPrefix();
    prefixes.push(prefix);
    const dirs = fixtureDirs(['second'], [{ flow: 'donnees', texts: 'privacy' }]);
    const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, FLOWS_DIR: dirs.flowsDir, LOCALES_DIR: dirs.localesDir, TERMINAL_USER: 'bob' };
    const first = await runBot('1\n2\n', env);
    expect(first.code).toBe(0);
    expect(first.stdout.trimEnd().endsWith('Quelle taille ? (fr)')).toBe(true);
    const second = await runBot('3\n', env);
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n')).toEqual(['Re-bonjour !', 'Quelle taille ? (fr)', '> 3', 'Petit blue de taille 3.', 'Quand ? (fr)', '']);
  });

  it('refuses to start on a wrong setting, naming the variable', async () => {
    const run = await runBot('', { REDIS_URL: testRedisUrl(), BOT_TIMEZONE: 'Europe/Lile' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BOT_TIMEZONE: must be an IANA time zone such as Europe/Paris');
  });
});
