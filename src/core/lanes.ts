// Three first-in-first-out lines served in order: urgent (help numbers after crisis words), then high
// (reminder deliveries: due at a moment, and many at once at 10:00), then normal (replies). How
// channels let a message pass ahead of a chat's queued ones (Outbound.priority), each line in order.
export type Priority = 'urgent' | 'high' | 'normal';

export class Lanes<T> {
  private readonly urgent: T[] = [];
  private readonly high: T[] = [];
  private readonly normal: T[] = [];

  push(priority: Priority, item: T): void {
    (priority === 'urgent' ? this.urgent : priority === 'high' ? this.high : this.normal).push(item);
  }

  shift(): T | undefined {
    return this.urgent.shift() ?? this.high.shift() ?? this.normal.shift();
  }

  get size(): number {
    return this.urgent.length + this.high.length + this.normal.length;
  }
}
