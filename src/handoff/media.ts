// Files between a person and the staff, both ways. Whatever fails, the fact that something was sent
// is never lost: the staff get the placeholder, the educator gets an answer. File bytes stay in memory
// only while relayed, and logs carry neither them nor any text (only the error's name and message).
import type { Logger } from 'pino';
import { MediaTooLargeError } from '../core/errors.js';
import { fileWaits } from '../core/channel.js';
import type { Address, Inbound, Outbound } from '../core/message.js';
import type { Sender } from '../core/router.js';
import type { StaffConsole, StaffMedia } from '../core/staff-console.js';

export interface MediaRelayDeps {
  /** The staff console (or a set of them: same methods, topics named their way). */
  console: Pick<StaffConsole, 'post' | 'relayOriginal'>;
  sender: Sender;
  log: Logger;
}

export interface PersonMediaTexts {
  /** The line shown with the file: the person's own caption, or what they sent, under their pseudonym. */
  caption(personCaption: string | undefined): string;
  /** What the staff read when the file cannot be shown. */
  placeholder: string;
}

/**
 * A file from a person, into their topic: copied when the console shares the person's platform,
 * else fetched from the person's channel and uploaded; the placeholder when neither works.
 */
export async function relayPersonMedia(deps: MediaRelayDeps, topic: string, inbound: Inbound, texts: PersonMediaTexts): Promise<void> {
  const messageId = inbound.messageId;
  if (messageId) {
    try {
      if (await deps.console.relayOriginal(topic, inbound.address, messageId)) return;
      const received = await deps.sender.fetchMedia?.(inbound.address, messageId);
      if (received) {
        await deps.console.post(topic, { kind: 'person', text: texts.caption(received.caption), media: received.media });
        return;
      }
    } catch (err) {
      deps.log.warn({ err: describe(err), channel: inbound.address.channel }, 'file not relayed to the staff: placeholder instead');
    }
  }
  await deps.console.post(topic, { kind: 'info', text: texts.placeholder });
}

/** 'waiting': kept for the person's next message (WhatsApp Cloud outside the 24-hour window). */
export type StaffMediaOutcome = 'sent' | 'waiting' | 'too-large' | 'failed';

/**
 * An educator's file, to the person: a copy when the console shares their platform, else downloaded
 * and sent through the person's channel like any other message (its pacing, its errors).
 * `message` is the signed caption (and the person's locale).
 */
export async function deliverStaffMedia(deps: Pick<MediaRelayDeps, 'sender' | 'log'>, to: Address, media: StaffMedia, message: Outbound): Promise<StaffMediaOutcome> {
  try {
    if (await media.copyTo(to, message.text)) return 'sent';
    return fileWaits(await deps.sender.send(to, { ...message, media: await media.download() })) ? 'waiting' : 'sent';
  } catch (err) {
    deps.log.warn({ err: describe(err), channel: to.channel, kind: media.kind }, 'file to the person not delivered');
    return err instanceof MediaTooLargeError ? 'too-large' : 'failed';
  }
}

/** An error as it may be logged: vendors' errors may carry the request (a caption) in other fields. */
function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}
