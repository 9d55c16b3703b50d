// Runs tasks one after another per key (one person's messages in order) while different keys
// run concurrently. Keys are forgotten when idle, so memory follows the active people only.
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly counts = new Map<string, number>();

  /** How many keys have tasks, and how many tasks in all (for a stop that runs out of time). */
  totals(): { keys: number; tasks: number } {
    let tasks = 0;
    for (const n of this.counts.values()) tasks += n;
    return { keys: this.counts.size, tasks };
  }

  /** Tasks of `key` queued or running. */
  size(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.counts.set(key, this.size(key) + 1);
    const result = previous.then(task).finally(() => {
      const left = this.size(key) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when every task queued so far has finished (for graceful shutdown). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
