// How each channel shows a file: the Bot API method Telegram gets, what a staff message's file is, how
// WhatsApp sends it (caption or a text just before), and the terminal's bracket line.
import { PassThrough } from 'node:stream';
import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { defaultFileName, fileOfMessage, uploadMethod } from '../../src/channels/telegram/media.js';
import { TerminalChannel } from '../../src/channels/terminal/terminal-channel.js';
import { sendPlan } from '../../src/channels/whatsapp/media.js';
import type { OutboundMedia } from '../../src/core/message.js';

const media = (kind: OutboundMedia['kind'], mimeType: string, size = 10): OutboundMedia => ({ kind, mimeType, data: Buffer.alloc(size) });

function message(fields: Partial<Message>): Message {
  return { message_id: 1, date: 0, chat: { id: -100, type: 'supergroup', title: 'staff' }, ...fields } as Message;
}

describe('Telegram: the upload method of a file', () => {
  it('plays what Telegram can play and sends the rest as a document', () => {
    expect(uploadMethod(media('voice', 'audio/ogg; codecs=opus'))).toBe('sendVoice');
    expect(uploadMethod(media('voice', 'audio/amr'))).toBe('sendDocument');
    expect(uploadMethod(media('audio', 'audio/mpeg'))).toBe('sendAudio');
    expect(uploadMethod(media('audio', 'audio/ogg'))).toBe('sendDocument');
    expect(uploadMethod(media('video', 'video/mp4'))).toBe('sendVideo');
    expect(uploadMethod(media('video', 'video/3gpp'))).toBe('sendDocument');
    expect(uploadMethod(media('photo', 'image/jpeg'))).toBe('sendPhoto');
    // sendPhoto stops at 10 MB.
    expect(uploadMethod(media('photo', 'image/jpeg', 10 * 1024 * 1024 + 1))).toBe('sendDocument');
  });

  it('names a file that came without a name', () => {
    expect(defaultFileName({ kind: 'voice', mimeType: 'audio/ogg; codecs=opus' })).toBe('voice.ogg');
    expect(defaultFileName({ kind: 'photo', mimeType: 'image/jpeg' })).toBe('photo.jpg');
    expect(defaultFileName({ kind: 'document', mimeType: 'application/x-unknown' })).toBe('document.bin');
  });
});

describe("Telegram: the file of a staff member's message", () => {
  it('takes the largest photo, keeps names and types, and knows which files take a caption', () => {
    const small = { file_id: 'small', file_unique_id: 's', width: 90, height: 68 };
    const large = { file_id: 'large', file_unique_id: 'l', width: 1280, height: 960, file_size: 5 };
    expect(fileOfMessage(message({ photo: [small, large] }))).toEqual({ kind: 'photo', fileId: 'large', mimeType: 'image/jpeg', size: 5, captionable: true });
    expect(fileOfMessage(message({ document: { file_id: 'd', file_unique_id: 'd', file_name: 'a.pdf', mime_type: 'application/pdf' } }))).toMatchObject({ kind: 'document', fileName: 'a.pdf', mimeType: 'application/pdf' });
    expect(fileOfMessage(message({ voice: { file_id: 'v', file_unique_id: 'v', duration: 2 } }))).toMatchObject({ kind: 'voice', mimeType: 'audio/ogg' });
    expect(fileOfMessage(message({ video_note: { file_id: 'n', file_unique_id: 'n', length: 240, duration: 3 } }))).toMatchObject({ kind: 'video', captionable: false });
  });

  it('has no file to relay for a sticker, a location or a text', () => {
    const sticker = { file_id: 'st', file_unique_id: 'st', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } as const;
    expect(fileOfMessage(message({ sticker }))).toBeUndefined();
    expect(fileOfMessage(message({ location: { latitude: 50.6, longitude: 3.05 } }))).toBeUndefined();
    expect(fileOfMessage(message({ text: 'bonjour' }))).toBeUndefined();
  });
});

describe('WhatsApp: how a file is sent', () => {
  it('puts the text under photos, videos and documents, and before voice notes and audio', () => {
    expect(sendPlan(media('photo', 'image/jpeg'), 'Léa : le flyer')).toEqual({ options: { caption: 'Léa : le flyer' } });
    expect(sendPlan(media('document', 'application/pdf'), 'Léa')).toEqual({ options: { sendMediaAsDocument: true, caption: 'Léa' } });
    expect(sendPlan(media('voice', 'audio/ogg'), 'Léa')).toEqual({ options: { sendAudioAsVoice: true }, textFirst: 'Léa' });
    expect(sendPlan(media('audio', 'audio/mpeg'), '')).toEqual({ options: {} });
  });
});

describe('terminal: a file', () => {
  it('shows as a bracket line before its text, never its bytes', async () => {
    const output = new PassThrough();
    const terminal = new TerminalChannel({ input: new PassThrough(), output, userId: 'local', interactive: false });
    await terminal.send(terminal.address, { text: 'Léa : le flyer', media: { kind: 'photo', data: Buffer.from('secret bytes'), mimeType: 'image/jpeg', fileName: 'flyer.jpg' } });
    expect(String(output.read())).toBe('[photo: flyer.jpg]\nLéa : le flyer\n');
  });
});
