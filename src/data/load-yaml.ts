// Loads a YAML data file and validates it with a zod schema, reporting every problem
// as file:line plus the field path, so a non-developer editing the file can find it.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';

export interface DataError {
  file: string;
  line: number;
  path: string;
  message: string;
}

export type LoadResult<T> = { ok: true; value: T; lines: LineLocator } | { ok: false; errors: DataError[] };

/** Finds the line of a field path in the parsed document (1-based; 1 when unknown). */
export type LineLocator = (path: ReadonlyArray<PropertyKey>) => number;

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export function formatDataError(e: DataError): string {
  return `${e.file}:${e.line}: ${e.path}: ${e.message}`;
}

export function parseYamlText<S extends z.ZodType>(file: string, text: string, schema: S): LoadResult<z.output<S>> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((err) => ({
        file,
        line: counter.linePos(err.pos[0]).line,
        path: '(syntax)',
        message: err.message.split('\n')[0] ?? err.message,
      })),
    };
  }
  const lines: LineLocator = (path) => {
    // Walk up the path until a node with a known position is found.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        file,
        line: lines(issue.path),
        path: formatPath(issue.path),
        message: issue.message,
      })),
    };
  }
  return { ok: true, value: parsed.data, lines };
}

export function loadYamlFile<S extends z.ZodType>(file: string, schema: S): LoadResult<z.output<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, errors: [{ file, line: 1, path: '(file)', message: `cannot read: ${(err as Error).message}` }] };
  }
  return parseYamlText(file, text, schema);
}
