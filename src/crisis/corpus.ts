// Reads labelled messages for `npm run eval:crisis`: a folder or files of
//  - TSV: `category<TAB>message` per line ("#" comments), the language from the file name (fr.tsv);
//  - CSV (RFC 4180 quoting): a header naming the columns (text|message, category|label,
//    lang|language|locale), or no header and `category,message`;
//  - JSON Lines / JSON arrays / YAML lists of { text|message, category|label, lang|language|locale }.
// Category names of other corpora are mapped to ours (abuse → sexual-violence, benign → none,
// harcèlement → harassment…); a name we do not know is kept, and any crisis reply counts for it.
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
  suicidal: 'suicide', 'suicidal-ideation': 'suicide', 'suicide-ideation': 'suicide', suicidaire: 'suicide', 'idees-suicidaires': 'suicide',
  // French names
  automutilation: 'self-harm', 'auto-mutilation': 'self-harm',
  violences: 'violence', 'violences-conjugales': 'violence', 'violence-conjugale': 'violence', 'enfance-en-danger': 'violence', 'enfant-en-danger': 'violence', maltraitance: 'violence', menaces: 'violence',
  'violences-sexuelles': 'sexual-violence', 'violence-sexuelle': 'sexual-violence', viol: 'sexual-violence', inceste: 'sexual-violence', 'abus-sexuel': 'sexual-violence', 'agression-sexuelle': 'sexual-violence',
  harcelement: 'harassment', cyberharcelement: 'harassment', 'cyber-harcelement': 'harassment', sextorsion: 'harassment', chantage: 'harassment',
  aucun: 'none', aucune: 'none', rien: 'none', neutre: 'none', benin: 'none', inoffensif: 'none', normal: 'none', 'faux-ami': 'none', 'false-friend': 'none',
  ambigu: 'unclear', flou: 'unclear',
};

export function canonicalCategory(raw: string): string {
  const c = raw
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s_]+/g, '-');
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
    case '.csv':
      return fromCsv(raw, file, lang);
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

/** RFC 4180 rows: fields separated by commas, quoted with "…" when they hold commas, quotes or newlines. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim())) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim())) rows.push(row);
  return rows;
}

function fromCsv(raw: string, file: string, lang: string): LabelledMessage[] {
  const rows = csvRows(raw.replace(/^\uFEFF/, ''));
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const textAt = header.findIndex((h) => h === 'text' || h === 'message');
  const categoryAt = header.findIndex((h) => h === 'category' || h === 'label');
  if (textAt >= 0 && categoryAt >= 0) {
    const langAt = header.findIndex((h) => h === 'lang' || h === 'language' || h === 'locale');
    return rows.slice(1).map((r, i) => ({
      text: r[textAt] ?? '',
      category: canonicalCategory(r[categoryAt] ?? ''),
      lang: ((langAt >= 0 ? r[langAt] : undefined) || lang).slice(0, 2),
      origin: `${file}:${i + 2}`,
    }));
  }
  return rows.map((r, i) => ({ category: canonicalCategory(r[0] ?? ''), text: r.slice(1).join(','), lang, origin: `${file}:${i + 1}` }));
}

/** Every labelled message under `path` (a file or a folder, read in name order). */
export function readCorpus(path: string): LabelledMessage[] {
  if (!statSync(path).isDirectory()) return readFile(path);
  return readdirSync(path)
    .sort()
    .flatMap((name) => readCorpus(join(path, name)));
}
