// Reading a Bot API request's parameters: query string plus a JSON, form-urlencoded or multipart body,
// the three encodings Telegram accepts. Uploaded files are kept aside for the upload methods (uploads.ts).
import type { IncomingMessage } from 'node:http';
import { badRequest } from './errors.js';
import type { Params } from './params.js';

export interface UploadedFile {
  field: string;
  filename: string;
  bytes: Buffer;
}

export interface RequestParams {
  params: Params;
  files: UploadedFile[];
}

const MAX_BODY = 60 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function readParams(req: IncomingMessage, url: URL): Promise<RequestParams> {
  const params: Params = Object.fromEntries(url.searchParams);
  const files: UploadedFile[] = [];
  const body = await readBody(req);
  if (body.length === 0) return { params, files };
  const type = (req.headers['content-type'] ?? '').toLowerCase();

  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (!isRecord(parsed)) throw badRequest("can't parse JSON object");
    return { params: { ...params, ...parsed }, files };
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
    const name = boundary?.[1] ?? boundary?.[2];
    if (name === undefined) throw badRequest('multipart boundary is missing');
    for (const part of parseMultipart(body, name.trim())) {
      if (part.filename === undefined) params[part.name] = part.data.toString('utf8');
      else files.push({ field: part.name, filename: part.filename, bytes: part.data });
    }
    return { params, files };
  }
  // Telegram treats anything else as form-urlencoded.
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v;
  return { params, files };
}

interface Part {
  name: string;
  filename?: string;
  data: Buffer;
}

function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // The part's content ends with the CRLF that precedes the next delimiter.
    const end = body.subarray(next - 2, next).toString() === '\r\n' ? next - 2 : next;
    const raw = body.subarray(start, end);
    const split = raw.indexOf('\r\n\r\n');
    if (split !== -1) {
      const head = raw.subarray(0, split).toString('utf8');
      const data = raw.subarray(split + 4);
      // grammY writes "content-disposition:form-data;name=..." without spaces, so parse leniently.
      const disposition = head.split('\r\n').find((line) => /^content-disposition\s*:/i.test(line)) ?? '';
      const name = /\bname="([^"]*)"|\bname=([^;\s]+)/i.exec(disposition);
      // grammY leaves the file name unquoted, spaces included: it runs to the end of the line.
      const filename = /\bfilename="([^"]*)"|\bfilename=([^;\r\n]+)/i.exec(disposition);
      const fieldName = name?.[1] ?? name?.[2];
      if (fieldName !== undefined) {
        const part: Part = { name: fieldName, data };
        const file = filename?.[1] ?? filename?.[2];
        if (file !== undefined) part.filename = file;
        parts.push(part);
      }
    }
    pos = next;
  }
  return parts;
}
