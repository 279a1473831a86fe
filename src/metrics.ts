import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The hub's Prometheus metrics, on a registry of its own (several hubs can live in one test process). */
export class Metrics {
  readonly registry = new Registry();
  readonly inbox = new Counter({
    name: 'orderhub_inbox_events_total',
    help: 'Channel records received, by connector, intake and result (stored or duplicate).',
    labelNames: ['connector', 'source', 'result'],
    registers: [this.registry],
  });
  readonly normalized = new Counter({
    name: 'orderhub_normalized_total',
    help: 'Inbox events normalized, by outcome (created, updated, unchanged, stale, held, quarantined).',
    labelNames: ['connector', 'outcome'],
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'orderhub_delivery_attempts_total',
    help: 'Delivery attempts, by destination connector and outcome (delivered, duplicate or a failure kind).',
    labelNames: ['connector', 'outcome'],
    registers: [this.registry],
  });
  readonly webhookAck = new Histogram({
    name: 'orderhub_webhook_ack_seconds',
    help: 'Time from webhook request to acknowledgement (inbox committed).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly endToEnd = new Histogram({
    name: 'orderhub_end_to_end_seconds',
    help: 'Time from receiving a channel record to its delivery being acknowledged by the destination.',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'orderhub_queue_jobs',
    help: 'Jobs per queue and state.',
    labelNames: ['queue', 'state'],
    registers: [this.registry],
  });
  readonly deliveryRows = new Gauge({
    name: 'orderhub_deliveries',
    help: 'Outbox rows per destination connection and state.',
    labelNames: ['destination', 'state'],
    registers: [this.registry],
  });
  readonly reconRecovered = new Counter({
    name: 'orderhub_reconciliation_recovered_total',
    help: 'Orders reconciliation found at the channel but not in the hub, and ingested, by source connection.',
    labelNames: ['connection'],
    registers: [this.registry],
  });
  readonly reconRedriven = new Counter({
    name: 'orderhub_reconciliation_deliveries_total',
    help: 'Unacknowledged deliveries reconciliation re-checked, by destination connection and outcome.',
    labelNames: ['destination', 'outcome'],
    registers: [this.registry],
  });
}
