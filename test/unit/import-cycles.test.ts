// No import circle in src/: a file never reaches itself through its imports (type imports count:
// they tie the files together for a reader as much as for the compiler).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of a file, as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/gms)].map((m) => resolve(dirname(file), (m[1] ?? '').replace(/\.js$/, '.ts')));
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (file: string): void => {
    done.add(file);
    onPath.add(file);
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (onPath.has(next)) found.push([...path.slice(path.indexOf(next)), next]);
      else if (!done.has(next) && graph.has(next)) visit(next);
    }
    onPath.delete(file);
    path.pop();
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return found;
}

describe('import graph of src/', () => {
  const files = sourceFiles(ROOT);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));

  it('reads the imports it checks (the test itself would notice a circle)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(cycles(new Map([['a', ['b']], ['b', ['a']]]))).toEqual([['a', 'b', 'a']]);
  });

  it('has no circle', () => {
    const found = cycles(graph).map((c) => c.map((f) => relative(ROOT, f)).join(' → '));
    expect(found).toEqual([]);
  });
});
