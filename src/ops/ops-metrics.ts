import { Gauge, type Registry } from 'prom-client';
import type { Hub } from '../hub';
import { listAlertStates } from './alerts';
import { opsStatus, recoveredLastDay } from './ops-status';
import { ORDERS_STREAM } from '../pipeline/pull';

function gauges(registry: Registry) {
  const g = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  return {
    health: g('orderhub_connection_healthy', 'Connection health: 1 ok, 0 error, -1 unknown.', ['connection']),
    lag: g('orderhub_connection_lag_seconds', 'Now minus the stored pull watermark.', ['connection']),
    lastPull: g('orderhub_connection_last_pull_timestamp_seconds', 'Last successful pull, Unix time.', [
      'connection',
    ]),
    webhooks: g(
      'orderhub_webhooks_received',
      'Webhooks with a valid signature, since Redis last lost them.',
      ['connection'],
    ),
    sigFailures: g('orderhub_webhook_signature_failures', 'Webhooks refused for their signature.', [
      'connection',
    ]),
    rate: g('orderhub_rate_budget_used_ratio', 'Share of a connection rate bucket in use.', [
      'connection',
      'bucket',
    ]),
    recovered: g('orderhub_orders_recovered_24h', 'Missed orders recovered by reconciliation in 24 h.', [
      'connection',
    ]),
    stuck: g('orderhub_deliveries_stuck', 'Deliveries pending/retrying for over 15 min, plus dead ones.', [
      'destination',
    ]),
    alerts: g('orderhub_alerts_firing', 'Open alerts by kind.', ['kind']),
  };
}

const byRegistry = new WeakMap<Registry, ReturnType<typeof gauges>>();

/** Refreshes the status gauges; called when /metrics is scraped, so they cost nothing between scrapes. */
export async function updateOpsMetrics(hub: Hub): Promise<void> {
  const registry = hub.metrics.registry;
  let m = byRegistry.get(registry);
  if (!m) {
    m = gauges(registry);
    byRegistry.set(registry, m);
  }
  for (const gauge of Object.values(m)) gauge.reset();
  const now = hub.now().getTime();
  const [connections, counts, recovered, alerts] = await Promise.all([
    hub.store.listConnections(),
    hub.store.countDeliveries(),
    recoveredLastDay(hub),
    listAlertStates(hub),
  ]);
  for (const c of connections) {
    const connection = c.id;
    m.health.set({ connection }, c.health === 'ok' ? 1 : c.health === 'error' ? 0 : -1);
    const deliveries = Object.fromEntries(
      counts.filter((r) => r.destinationId === c.id).map((r) => [r.state, r.count]),
    );
    const s = await opsStatus(hub, c, recovered, deliveries);
    if (c.kind === 'source') {
      const cp = await hub.store.getCheckpoint(c.id, ORDERS_STREAM);
      if (cp) m.lag.set({ connection }, Math.round((now - Date.parse(cp.watermark)) / 1000));
    }
    if (s.lastSuccessfulPull) m.lastPull.set({ connection }, Date.parse(s.lastSuccessfulPull) / 1000);
    if (s.webhooks) {
      m.webhooks.set({ connection }, s.webhooks.received);
      m.sigFailures.set({ connection }, s.webhooks.signatureFailures);
    }
    for (const [bucket, b] of Object.entries(s.rateBudget ?? {}))
      m.rate.set({ connection, bucket }, b.usedRatio);
    m.recovered.set({ connection }, s.recoveredLast24h);
    if (s.stuckDeliveries) m.stuck.set({ destination: connection }, s.stuckDeliveries.total);
  }
  for (const a of alerts) if (a.status === 'firing') m.alerts.inc({ kind: a.kind });
}
