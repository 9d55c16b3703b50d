// Downloading a file the bot received (an educator's photo for a person on WhatsApp): getFile gives a
// path, the bytes are at {apiRoot}/file/bot{token}/{path}. The URL holds the token: it is never logged.
// (A self-hosted Bot API server in --local mode answers with a path on its own disk instead: not supported.)
import { GrammyError, type Api } from 'grammy';
import { ChannelUnavailableError, MediaTooLargeError } from '../../core/errors.js';

export interface FileSource {
  api: Api;
  /** The download URL of a getFile path. */
  fileUrl(path: string): string;
}

/** The file's bytes; MediaTooLargeError past `maxBytes` (Telegram itself refuses getFile past 20 MB). */
export async function downloadFile(source: FileSource, fileId: string, maxBytes: number): Promise<Buffer> {
  let path: string | undefined;
  try {
    const file = await source.api.getFile(fileId);
    if (file.file_size !== undefined && file.file_size > maxBytes) throw new MediaTooLargeError('telegram');
    path = file.file_path;
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 400 && /too big/i.test(err.description)) throw new MediaTooLargeError('telegram');
    throw err;
  }
  if (!path) throw new Error('getFile gave no file path');
  let response: Response;
  try {
    response = await fetch(source.fileUrl(path));
  } catch (err) {
    // Not `err` itself as the cause: nothing that may quote the URL travels further.
    throw new ChannelUnavailableError('telegram', { name: err instanceof Error ? err.name : 'Error' });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ChannelUnavailableError('telegram', { status: response.status });
  }
  const announced = Number(response.headers.get('content-length'));
  if (announced > maxBytes) {
    await response.body?.cancel();
    throw new MediaTooLargeError('telegram');
  }
  const data = Buffer.from(await response.arrayBuffer());
  if (data.length > maxBytes) throw new MediaTooLargeError('telegram');
  return data;
}
