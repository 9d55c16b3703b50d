// Prometheus metrics (prom-client) with a registry per app, so tests and several apps in one
// process do not share counters. Features get it through FeatureDeps and add their own.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly messagesIn = new Counter({ name: 'passerelle_messages_in_total', help: 'Messages received from people', labelNames: ['channel'] as const, registers: [this.registry] });
  readonly messagesOut = new Counter({ name: 'passerelle_messages_out_total', help: 'Messages sent to people', labelNames: ['channel'] as const, registers: [this.registry] });
  readonly messagesDropped = new Counter({ name: 'passerelle_messages_dropped_total', help: 'Messages dropped at the door (one person sending too many at once)', labelNames: ['channel'] as const, registers: [this.registry] });
  readonly sendFailures = new Counter({ name: 'passerelle_send_failures_total', help: 'Messages that could not be sent', labelNames: ['channel', 'reason'] as const, registers: [this.registry] });
  readonly flowCompletions = new Counter({ name: 'passerelle_flow_completions_total', help: 'Flows that reached their end', labelNames: ['flow'] as const, registers: [this.registry] });
  readonly remindersScheduled = new Counter({ name: 'passerelle_reminders_scheduled_total', help: 'Reminder occurrences scheduled', registers: [this.registry] });
  readonly remindersSent = new Counter({ name: 'passerelle_reminders_sent_total', help: 'Reminder occurrences delivered', registers: [this.registry] });
  readonly remindersFailed = new Counter({ name: 'passerelle_reminders_failed_total', help: 'Reminder deliveries that failed (after retries, or blocked)', registers: [this.registry] });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'passerelle_' });
  }

  /** A gauge with one label, computed when /metrics is read (e.g. people on duty per team). */
  labelledGaugeOnScrape(name: string, help: string, label: string, read: () => Promise<Record<string, number>>): void {
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [value, n] of Object.entries(await read())) this.set({ [label]: value }, n);
      },
    });
  }

  /** A gauge computed when /metrics is read (queue sizes, conversations waiting…). */
  gaugeOnScrape(name: string, help: string, read: () => Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }
}
