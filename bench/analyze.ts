import { verifyStandardWebhook } from '../connectors/webhook/signature';
import type { Ack } from './load';
import type { Arrival } from './sink';
import { summarize, type Summary } from './stats';

/** What one phase's orders did at the sink. */
export interface PhaseDeliveries {
  orders: number;
  /** Deliveries expected: orders × destinations. */
  expected: number;
  /** Order × destination pairs that never arrived. */
  missing: number;
  /** Extra arrivals of an order at a destination it had already reached (any webhook-id). */
  duplicates: number;
  /** Arrival at the sink − send of the webhook, per delivery (both destinations), ms. */
  latency: Summary;
  /** Orders per second from the first send to the last delivery; NaN when something is missing. */
  ordersPerSecond: number;
  /** ms from the first send to the last delivery. */
  spanMs: number;
}

/** Everything the sink saw, indexed by order and destination. */
export interface SinkIndex {
  /** externalId → path → arrival times. */
  byOrder: Map<string, Map<string, number[]>>;
  /** Arrivals whose body was not a delivery of a bench order. */
  foreign: number;
  /** Arrivals that repeated a webhook-id already seen. */
  repeatedIds: number;
  /** Signature spot check: the first arrival at each destination verified with its secret. */
  signatures: Record<string, boolean>;
}

function externalIdOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || !('data' in parsed)) return null;
    const data: unknown = parsed.data;
    if (typeof data !== 'object' || data === null || !('channel' in data)) return null;
    const channel: unknown = data.channel;
    if (typeof channel !== 'object' || channel === null || !('externalId' in channel)) return null;
    return typeof channel.externalId === 'string' ? channel.externalId : null;
  } catch {
    return null;
  }
}

/** Parses the recorded bodies (after the run, so the sink stays cheap while measuring). */
export function indexArrivals(arrivals: readonly Arrival[], secrets: Record<string, string>): SinkIndex {
  const byOrder = new Map<string, Map<string, number[]>>();
  const seen = new Set<string>();
  const signatures: Record<string, boolean> = {};
  let foreign = 0;
  let repeatedIds = 0;
  for (const a of arrivals) {
    if (seen.has(a.webhookId)) repeatedIds++;
    seen.add(a.webhookId);
    const secret = secrets[a.path];
    if (secret !== undefined && !(a.path in signatures)) {
      signatures[a.path] = verifyStandardWebhook(secret, a.headers, a.body).ok;
    }
    const id = externalIdOf(a.body);
    if (id === null || secret === undefined) {
      foreign++;
      continue;
    }
    let perPath = byOrder.get(id);
    if (!perPath) byOrder.set(id, (perPath = new Map()));
    const times = perPath.get(a.path);
    if (times) times.push(a.at);
    else perPath.set(a.path, [a.at]);
  }
  return { byOrder, foreign, repeatedIds, signatures };
}

/** Matches one phase's acknowledged sends with their arrivals at every destination. */
export function phaseDeliveries(
  index: SinkIndex,
  acks: readonly Ack[],
  paths: readonly string[],
): PhaseDeliveries {
  const latencies: number[] = [];
  let missing = 0;
  let duplicates = 0;
  let firstSend = Number.POSITIVE_INFINITY;
  let lastArrival = Number.NEGATIVE_INFINITY;
  for (const ack of acks) {
    firstSend = Math.min(firstSend, ack.sentAt);
    const perPath = index.byOrder.get(ack.externalId);
    for (const path of paths) {
      const times = perPath?.get(path);
      const first = times?.reduce((a, b) => Math.min(a, b));
      if (!times || first === undefined) {
        missing++;
        continue;
      }
      duplicates += times.length - 1;
      latencies.push(first - ack.sentAt);
      lastArrival = Math.max(lastArrival, first);
    }
  }
  const spanMs = lastArrival - firstSend;
  return {
    orders: acks.length,
    expected: acks.length * paths.length,
    missing,
    duplicates,
    latency: summarize(latencies),
    ordersPerSecond: missing === 0 && spanMs > 0 ? (acks.length * 1000) / spanMs : Number.NaN,
    spanMs,
  };
}

/** Bench orders that reached the sink but belong to no phase (should not happen). */
export function unknownOrders(index: SinkIndex, phases: readonly (readonly Ack[])[]): number {
  const known = new Set<string>();
  for (const acks of phases) for (const a of acks) known.add(a.externalId);
  let n = 0;
  for (const id of index.byOrder.keys()) if (!known.has(id)) n++;
  return n;
}
