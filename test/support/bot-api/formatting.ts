// parse_mode handling: turns HTML / MarkdownV2 / Markdown into plain text plus entities, and rejects
// malformed markup with Telegram's "can't parse entities" errors, the usual way such bugs show up in production.
import type { MessageEntity } from 'grammy/types';
import { badRequest } from './errors.js';

export interface Formatted {
  text: string;
  entities?: MessageEntity[];
}

type EntitySpec =
  | { type: MessageEntity.CommonMessageEntity['type'] }
  | { type: 'pre'; language?: string }
  | { type: 'text_link'; url: string }
  | { type: 'custom_emoji'; custom_emoji_id: string };

const byteOffset = (source: string, index: number): number => Buffer.byteLength(source.slice(0, index), 'utf8');
const cantParse = (what: string) => badRequest(`can't parse entities: ${what}`);

function entity(spec: EntitySpec, offset: number, length: number): MessageEntity {
  switch (spec.type) {
    case 'pre':
      return spec.language === undefined ? { type: 'pre', offset, length } : { ...spec, offset, length };
    case 'text_link':
    case 'custom_emoji':
      return { ...spec, offset, length };
    default:
      return { type: spec.type, offset, length };
  }
}

function done(text: string, entities: MessageEntity[]): Formatted {
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return entities.length === 0 ? { text } : { text, entities };
}

/** Plain text when parse_mode is absent; unknown modes are refused like Telegram does. */
export function formatText(source: string, parseMode: string | undefined): Formatted {
  if (parseMode === undefined || parseMode === '') return { text: source };
  switch (parseMode.toLowerCase()) {
    case 'html':
      return parseHtml(source);
    case 'markdownv2':
      return parseMarkdown(source, true);
    case 'markdown':
      return parseMarkdown(source, false);
    default:
      throw badRequest(`unsupported parse_mode`);
  }
}

// ---- HTML ---------------------------------------------------------------------------------------

const SIMPLE_TAGS: Record<string, MessageEntity.CommonMessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  code: 'code',
};
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  const raw = m?.[1] ?? m?.[2] ?? m?.[3];
  return raw?.replace(/&(lt|gt|amp|quot);/g, (_, n: string) => NAMED_ENTITIES[n] ?? _);
}

function parseHtml(source: string): Formatted {
  let out = '';
  const entities: MessageEntity[] = [];
  const open: { tag: string; spec: EntitySpec | undefined; offset: number }[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === '&') {
      const m = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(source.slice(i));
      const name = m?.[1];
      if (m !== null && name !== undefined) {
        const hex = /^#x/i.test(name);
        const code = hex ? parseInt(name.slice(2), 16) : name.startsWith('#') ? Number(name.slice(1)) : undefined;
        const valid = code !== undefined && Number.isInteger(code) && code >= 0 && code <= 0x10ffff;
        const decoded = valid ? String.fromCodePoint(code) : code === undefined ? NAMED_ENTITIES[name.toLowerCase()] : undefined;
        out += decoded ?? m[0]; // unknown named entities stay as written
        i += m[0].length;
        continue;
      }
      out += ch;
      i += 1;
      continue;
    }
    if (ch !== '<') {
      out += ch;
      i += 1;
      continue;
    }
    const end = source.indexOf('>', i);
    if (end === -1) throw cantParse(`Unclosed start tag at byte offset ${byteOffset(source, i)}`);
    const inner = source.slice(i + 1, end);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (top === undefined || top.tag !== name) {
        const expected = top === undefined ? 'no end tag' : `"</${top.tag}>"`;
        throw cantParse(`Unmatched end tag at byte offset ${byteOffset(source, i)}, expected ${expected}, found "</${name}>"`);
      }
      if (top.spec !== undefined && out.length > top.offset) entities.push(entity(top.spec, top.offset, out.length - top.offset));
      i = end + 1;
      continue;
    }
    const name = (/^[a-z][a-z0-9-]*/i.exec(inner)?.[0] ?? '').toLowerCase();
    const attrs = inner.slice(name.length);
    let spec: EntitySpec | undefined;
    const simple = SIMPLE_TAGS[name];
    if (simple !== undefined) spec = { type: simple };
    else if (name === 'span' && attribute(attrs, 'class') === 'tg-spoiler') spec = { type: 'spoiler' };
    else if (name === 'a') {
      const href = attribute(attrs, 'href');
      if (href === undefined || href === '') spec = undefined; // Telegram renders a bare <a> as plain text
      else spec = { type: 'text_link', url: href };
    } else if (name === 'pre') spec = { type: 'pre' };
    else if (name === 'blockquote') spec = { type: /\bexpandable\b/i.test(attrs) ? 'expandable_blockquote' : 'blockquote' };
    else if (name === 'tg-emoji') spec = { type: 'custom_emoji', custom_emoji_id: attribute(attrs, 'emoji-id') ?? '' };
    else throw cantParse(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, i)}`);
    // <pre><code class="language-x"> gives the pre block its language instead of a nested code entity.
    const parent = open[open.length - 1];
    const language = attribute(attrs, 'class')?.replace(/^language-/, '');
    if (name === 'code' && parent?.tag === 'pre' && parent.offset === out.length && language !== undefined) {
      parent.spec = { type: 'pre', language };
      spec = undefined;
    }
    open.push({ tag: name, spec, offset: out.length });
    i = end + 1;
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) throw cantParse(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return done(out, entities);
}

// ---- Markdown / MarkdownV2 ------------------------------------------------------------------------

const V2_RESERVED = new Set([..."_*[]()~`>#+-=|{}.!"]);
const V2_MARKERS: Record<string, MessageEntity.CommonMessageEntity['type']> = {
  '*': 'bold',
  _: 'italic',
  __: 'underline',
  '~': 'strikethrough',
  '||': 'spoiler',
};
const V1_MARKERS: Record<string, MessageEntity.CommonMessageEntity['type']> = { '*': 'bold', _: 'italic' };
const ENTITY_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  text_link: 'TextUrl',
  custom_emoji: 'CustomEmoji',
};

function parseMarkdown(source: string, v2: boolean): Formatted {
  let out = '';
  const entities: MessageEntity[] = [];
  const open: { marker: string; type: string; offset: number; at: number }[] = [];
  const markers = v2 ? V2_MARKERS : V1_MARKERS;
  let quoteStart: number | undefined;
  let i = 0;

  // Reads up to an unescaped `close`, honouring '\' escapes (code, pre and link URLs).
  const readUntil = (from: number, close: string, what: string): { value: string; next: number } => {
    let value = '';
    let j = from;
    while (j < source.length) {
      if (v2 && source[j] === '\\' && j + 1 < source.length) {
        value += source[j + 1] ?? '';
        j += 2;
        continue;
      }
      if (source.startsWith(close, j)) return { value, next: j + close.length };
      value += source[j] ?? '';
      j += 1;
    }
    throw cantParse(`Can't find end of ${what} entity at byte offset ${byteOffset(source, from)}`);
  };

  while (i < source.length) {
    const ch = source[i] ?? '';
    const lineStart = i === 0 || source[i - 1] === '\n';
    if (v2 && lineStart) {
      if (ch === '>') {
        quoteStart ??= out.length;
        i += 1;
        continue;
      }
      if (quoteStart !== undefined) {
        // The quote ended with the previous line; its final newline is not part of it.
        const end = out.endsWith('\n') ? out.length - 1 : out.length;
        if (end > quoteStart) entities.push(entity({ type: 'blockquote' }, quoteStart, end - quoteStart));
        quoteStart = undefined;
      }
    }
    if (ch === '\\' && (v2 || /[_*`[]/.test(source[i + 1] ?? ''))) {
      const next = source[i + 1];
      if (next === undefined) throw cantParse(`Character '\\' is reserved and must be escaped with the preceding '\\'`);
      out += next;
      i += 2;
      continue;
    }
    if (ch === '`') {
      if (source.startsWith('```', i)) {
        const { value, next } = readUntil(i + 3, '```', 'Pre');
        const newline = value.indexOf('\n');
        const first = newline === -1 ? '' : value.slice(0, newline);
        const language = /^[\w+#-]+$/.test(first) ? first : undefined;
        const body = language === undefined ? value : value.slice(newline + 1);
        const spec: EntitySpec = language === undefined ? { type: 'pre' } : { type: 'pre', language };
        if (body.length > 0) entities.push(entity(spec, out.length, body.length));
        out += body;
        i = next;
        continue;
      }
      const { value, next } = readUntil(i + 1, '`', 'Code');
      if (value.length > 0) entities.push(entity({ type: 'code' }, out.length, value.length));
      out += value;
      i = next;
      continue;
    }
    const marker = v2 && (source.startsWith('__', i) || source.startsWith('||', i)) ? source.slice(i, i + 2) : ch;
    const markerType = markers[marker];
    if (markerType !== undefined) {
      const top = open[open.length - 1];
      if (top !== undefined && top.marker === marker) {
        open.pop();
        if (out.length > top.offset) entities.push(entity({ type: markerType }, top.offset, out.length - top.offset));
      } else if (open.some((o) => o.marker === marker)) {
        throw cantParse(`Can't find end of ${ENTITY_NAMES[markerType] ?? markerType} entity at byte offset ${byteOffset(source, i)}`);
      } else {
        open.push({ marker, type: markerType, offset: out.length, at: i });
      }
      i += marker.length;
      continue;
    }
    if (ch === '[' || (v2 && ch === '!' && source[i + 1] === '[')) {
      const emoji = ch === '!';
      open.push({ marker: '[', type: emoji ? 'custom_emoji' : 'text_link', offset: out.length, at: i });
      i += emoji ? 2 : 1;
      continue;
    }
    if (ch === ']' && open[open.length - 1]?.marker === '[') {
      const link = open.pop();
      if (link === undefined || source[i + 1] !== '(') {
        if (v2) throw cantParse(`Character ']' is reserved and must be escaped with the preceding '\\'`);
        out += ch;
        i += 1;
        continue;
      }
      const { value: url, next } = readUntil(i + 2, ')', 'TextUrl');
      if (out.length > link.offset) {
        const spec: EntitySpec =
          link.type === 'custom_emoji'
            ? { type: 'custom_emoji', custom_emoji_id: /id=(\d+)/.exec(url)?.[1] ?? '' }
            : { type: 'text_link', url };
        entities.push(entity(spec, link.offset, out.length - link.offset));
      }
      i = next;
      continue;
    }
    if (v2 && V2_RESERVED.has(ch)) {
      throw cantParse(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    }
    out += ch;
    i += 1;
  }
  if (quoteStart !== undefined && out.length > quoteStart) {
    entities.push(entity({ type: 'blockquote' }, quoteStart, out.length - quoteStart));
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) {
    const name = ENTITY_NAMES[unclosed.type] ?? unclosed.type;
    throw cantParse(
      v2
        ? `Can't find end of ${name} entity at byte offset ${byteOffset(source, unclosed.at)}`
        : `Can't find end of the entity starting at byte offset ${byteOffset(source, unclosed.at)}`,
    );
  }
  return done(out, entities);
}
