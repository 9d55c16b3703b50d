// Reads labelled messages for `npm run eval:crisis`: a folder or files of
//  - TSV: `category<TAB>message` per line ("#" comments), the language from the file name (fr.tsv);
//  - JSON Lines / JSON arrays / YAML lists of { text|message, category|label, lang|language|locale }.
// Category names of other corpora are mapped to ours (abuse → sexual-violence, benign → none…).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export interface LabelledMessage {
  text: string;
  /** One of our categories, 'none' (harmless) or 'unclear' (a gentle check is right). */
  category: string;
  lang: string;
  /** Where it comes from, for the list of misses: file:line. */
  origin: string;
}

const ALIASES: Record<string, string> = {
  harmless: 'none', benign: 'none', ok: 'none', negative: 'none', safe: 'none', 'no-crisis': 'none', neutral: 'none',
  ambiguous: 'unclear', check: 'unclear', distress: 'unclear',
  selfharm: 'self-harm', 'self_harm': 'self-harm', 'self-injury': 'self-harm', scarification: 'self-harm',
  abuse: 'sexual-violence', sexual: 'sexual-violence', 'sexual_violence': 'sexual-violence', 'sexual-abuse': 'sexual-violence', rape: 'sexual-violence',
  bullying: 'harassment', cyberbullying: 'harassment', 'cyber-harassment': 'harassment', cyberharassment: 'harassment', sextortion: 'harassment', cyber: 'harassment',
  'domestic-violence': 'violence', 'physical-violence': 'violence', 'child-danger': 'violence', danger: 'violence', threats: 'violence',
  suicidal: 'suicide', 'suicidal-ideation': 'suicide',
};

export function canonicalCategory(raw: string): string {
  const c = raw.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return ALIASES[c] ?? ALIASES[c.replace(/-/g, '')] ?? c;
}

const record = z.looseObject({
  text: z.string().optional(),
  message: z.string().optional(),
  category: z.string().optional(),
  label: z.string().optional(),
  lang: z.string().optional(),
  language: z.string().optional(),
  locale: z.string().optional(),
});

function fromRecords(items: unknown[], file: string, lang: string): LabelledMessage[] {
  return items.flatMap((item, i) => {
    const r = record.safeParse(item);
    const text = r.success ? (r.data.text ?? r.data.message) : undefined;
    const category = r.success ? (r.data.category ?? r.data.label) : undefined;
    if (!r.success || !text || !category) throw new Error(`${file}: item ${i + 1}: needs "text" and "category"`);
    return [{ text, category: canonicalCategory(category), lang: (r.data.lang ?? r.data.language ?? r.data.locale ?? lang).slice(0, 2), origin: `${file}:${i + 1}` }];
  });
}

function readFile(file: string): LabelledMessage[] {
  const raw = readFileSync(file, 'utf8');
  const lang = basename(file, extname(file)).slice(0, 2);
  switch (extname(file)) {
    case '.tsv':
    case '.txt':
      return raw.split(/\r?\n/).flatMap((line, i) => {
        if (!line.trim() || line.startsWith('#')) return [];
        const tab = line.indexOf('\t');
        if (tab < 0) throw new Error(`${file}:${i + 1}: expected "category<TAB>message"`);
        return [{ category: canonicalCategory(line.slice(0, tab)), text: line.slice(tab + 1), lang, origin: `${file}:${i + 1}` }];
      });
    case '.jsonl':
      return fromRecords(raw.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown), file, lang);
    case '.json':
    case '.yaml':
    case '.yml': {
      const parsed: unknown = extname(file) === '.json' ? JSON.parse(raw) : parseYaml(raw);
      if (!Array.isArray(parsed)) throw new Error(`${file}: expected a list of messages`);
      return fromRecords(parsed, file, lang);
    }
    default:
      return [];
  }
}

/** Every labelled message under `path` (a file or a folder, read in name order). */
export function readCorpus(path: string): LabelledMessage[] {
  if (!statSync(path).isDirectory()) return readFile(path);
  return readdirSync(path)
    .sort()
    .flatMap((name) => readCorpus(join(path, name)));
}
