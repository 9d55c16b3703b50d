// Runs the service in a child process (src/main.ts, or test/support/service-process.ts) for tests
// that kill it, stop it with a signal, or restart Redis under it. stderr is kept (LOG_LEVEL=error
// by default) so a failing test can show what the service said.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServiceChild {
  child: ChildProcess;
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  stdout(): string;
  /** Resolves when stdout has printed `line` (rejects if the process ends first). */
  printed(line: string): Promise<void>;
  /** Resolves when stderr (the logs) contains `fragment` (rejects if the process ends first). */
  logged(fragment: string): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

export interface ServiceChildOptions {
  entry: 'src/main.ts' | 'test/support/service-process.ts' | 'test/support/inbox-process.ts';
  env: Record<string, string>;
}

/** Variables of the parent that must not leak into the service (a developer's own bot or Redis). */
const SCRUBBED = ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_URL', 'TELEGRAM_STAFF_CHAT_ID', 'WHATSAPP_ENABLED', 'TERMINAL_CHAT', 'REDIS_URL', 'REDIS_PREFIX', 'ADMIN_TOKEN'];

export function spawnService({ entry, env }: ServiceChildOptions): ServiceChild {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SCRUBBED) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...base, LOG_LEVEL: 'error', HTTP_PORT: '0', TELEGRAM_MAX_PER_SECOND: '0', TELEGRAM_MAX_PER_CHAT_PER_SECOND: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const lineWaiters: Array<() => void> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of lineWaiters.splice(0)) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const wake of lineWaiters.splice(0)) wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (done: () => boolean, what: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (done()) resolve();
        else lineWaiters.push(check);
      };
      check();
      void exited.then(({ code, signal }) => reject(new Error(`service exited (code ${code}, signal ${signal}) before ${what}:\n${err}`)));
    });
  return {
    child,
    exited,
    stderr: () => err,
    stdout: () => out,
    printed(line) {
      return waitFor(() => out.includes(`${line}\n`), `printing "${line}"`);
    },
    logged(fragment) {
      return waitFor(() => err.includes(fragment), `logging "${fragment}"`);
    },
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

export { seededRandom } from './seeded-random.js';
