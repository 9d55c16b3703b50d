// The staff groups in use, one console each, and which teams each serves (one group may serve
// several). A topic is named by its group and its thread ("{chatId}:{thread}"): a record made in
// another group (the staff group changed) is never taken for a topic of the new one.
import type { Address } from '../core/message.js';
import type { StaffConsole, StaffPost } from '../core/staff-console.js';

export interface StaffGroup {
  chatId: string;
  console: StaffConsole;
  teams: readonly string[];
}

export function topicRef(chatId: string, thread: string): string {
  return `${chatId}:${thread}`;
}

export class ConsoleSet {
  constructor(readonly groups: readonly StaffGroup[]) {}

  serves(team: string): boolean {
    return this.forTeam(team) !== undefined;
  }

  forTeam(team: string): StaffGroup | undefined {
    return this.groups.find((g) => g.teams.includes(team));
  }

  /** The group and thread of a topic, when the topic belongs to one of today's groups. */
  locate(ref: string): { group: StaffGroup; thread: string } | undefined {
    const i = ref.lastIndexOf(':');
    if (i <= 0) return undefined;
    const group = this.groups.find((g) => g.chatId === ref.slice(0, i));
    return group ? { group, thread: ref.slice(i + 1) } : undefined;
  }

  async openTopic(team: string, title: string): Promise<string> {
    const group = this.forTeam(team);
    if (!group) throw new Error(`no staff group serves the team "${team}"`);
    return topicRef(group.chatId, await group.console.openTopic(title));
  }

  async renameTopic(ref: string, title: string, opts?: { reopen?: boolean }): Promise<void> {
    const at = this.locate(ref);
    if (at) await at.group.console.renameTopic(at.thread, title, opts);
  }

  async post(ref: string, post: StaffPost): Promise<void> {
    const at = this.locate(ref);
    if (at) await at.group.console.post(at.thread, post);
  }

  async relayOriginal(ref: string, from: Address, messageId: string): Promise<boolean> {
    const at = this.locate(ref);
    return at ? at.group.console.relayOriginal(at.thread, from, messageId) : false;
  }

  async closeTopic(ref: string): Promise<void> {
    const at = this.locate(ref);
    if (at) await at.group.console.closeTopic(at.thread);
  }

  /** Deletes a topic; a topic of a group no longer in use cannot be reached and counts as failed. */
  async eraseTopic(ref: string): Promise<void> {
    const at = this.locate(ref);
    if (!at) throw new Error('the topic belongs to a staff group that is no longer in use');
    await at.group.console.eraseTopic(at.thread);
  }
}
