// Two first-in-first-out lines, the urgent one served first: how channels let help numbers pass
// ahead of a chat's queued messages (Outbound.priority) while keeping each line in order.
export type Priority = 'urgent' | 'normal';

export class Lanes<T> {
  private readonly urgent: T[] = [];
  private readonly normal: T[] = [];

  push(priority: Priority, item: T): void {
    (priority === 'urgent' ? this.urgent : this.normal).push(item);
  }

  shift(): T | undefined {
    return this.urgent.shift() ?? this.normal.shift();
  }

  get size(): number {
    return this.urgent.length + this.normal.length;
  }
}
