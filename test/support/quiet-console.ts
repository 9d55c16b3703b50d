// A staff group that accepts everything and shows nothing: a person can always be reached. For
// tests about something else than the staff side (metrics, the digits-only walker).
import type { StaffConsole } from '../../src/core/staff-console.js';

export class QuietConsole implements StaffConsole {
  private topics = 0;
  async openTopic(): Promise<string> {
    this.topics += 1;
    return `topic-${this.topics}`;
  }
  async renameTopic(): Promise<void> {}
  async post(): Promise<void> {}
  async relayOriginal(): Promise<boolean> {
    return false;
  }
  async closeTopic(): Promise<void> {}
  async eraseTopic(): Promise<void> {}
  async showDuty(): Promise<void> {}
}
