// The files a bot token knows, as Telegram keeps them: a file_id (any number of them may name the same
// file), a file_unique_id, a size and a path under which getFile lets the bot download the bytes
// (GET {apiRoot}/file/bot{token}/{path}). Users' files get plausible bytes made on first download.

export interface StoredFile {
  fileId: string;
  uniqueId: string;
  /** As getFile gives it, e.g. "photos/file_3.jpg". */
  path: string;
  size: number;
  bytes(): Buffer;
}

/** Telegram's folders per kind of file, as getFile shows them. */
const FOLDERS: Readonly<Record<string, string>> = {
  photo: 'photos',
  voice: 'voice',
  audio: 'music',
  video: 'videos',
  video_note: 'video_notes',
  animation: 'animations',
  sticker: 'stickers',
  document: 'documents',
  thumbnail: 'thumbnails',
};

export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private serial = 0;

  /** Keeps a file under the given ids; `bytes` is given (an upload) or made on demand (a user's file). */
  add(kind: string, ids: { file_id: string; file_unique_id: string }, content: { bytes: Buffer } | { size: number }, extension: string): StoredFile {
    this.serial += 1;
    const size = 'bytes' in content ? content.bytes.length : content.size;
    let made: Buffer | undefined = 'bytes' in content ? content.bytes : undefined;
    const seed = this.serial;
    const file: StoredFile = {
      fileId: ids.file_id,
      uniqueId: ids.file_unique_id,
      path: `${FOLDERS[kind] ?? 'documents'}/file_${this.serial}.${extension}`,
      size,
      bytes: () => (made ??= Buffer.alloc(size, seed % 251)),
    };
    this.byId.set(file.fileId, file);
    this.byPath.set(file.path, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  atPath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? 'dat' : fileName.slice(dot + 1).toLowerCase();
}

/** Telegram guesses a file's type from its name. */
export function mimeOf(fileName: string): string {
  return MIME_BY_EXTENSION[extensionOf(fileName)] ?? 'application/octet-stream';
}
