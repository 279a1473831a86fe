import type { CanonicalOrder } from '../core/order';
import type { Hub } from '../hub';
import type { OrderRecord, OrderState } from '../store/types';
import type { Decision } from './evaluate';
import { decide } from './plan';
import type { RuleSet } from './rules';
import { activeRuleSet } from './store';

export interface DryRunOutcome {
  held: boolean;
  holds: Decision['holds'];
  destinations: {
    destinationId: string;
    lines: 'all' | { id: string; sku: string | null; quantity: number }[];
    ruleIds: string[];
  }[];
  matched: string[];
  noMatch: boolean;
  /** A rule sends the order nowhere (`always` rules may still add destinations): its id and reason. */
  noDelivery: Decision['noDelivery'];
}

function outcome(d: Decision, order: CanonicalOrder): DryRunOutcome {
  return {
    held: d.holds.length > 0,
    holds: d.holds,
    destinations: d.targets
      .map((t) => ({
        destinationId: t.destinationId,
        lines:
          t.lineIds === null
            ? ('all' as const)
            : order.lines
                .filter((l) => t.lineIds?.includes(l.id))
                .map((l) => ({ id: l.id, sku: l.sku, quantity: l.quantity })),
        ruleIds: t.ruleIds,
      }))
      .sort((a, b) => a.destinationId.localeCompare(b.destinationId)),
    matched: d.matched,
    noMatch: d.noMatch,
    noDelivery: d.noDelivery,
  };
}

const linesKey = (l: DryRunOutcome['destinations'][number]['lines']) =>
  l === 'all' ? 'all' : l.map((x) => x.id).join(',');

function diff(active: DryRunOutcome, candidate: DryRunOutcome) {
  const a = new Map(active.destinations.map((d) => [d.destinationId, linesKey(d.lines)]));
  const c = new Map(candidate.destinations.map((d) => [d.destinationId, linesKey(d.lines)]));
  const aHolds = new Set(active.holds.map((h) => h.code));
  const cHolds = new Set(candidate.holds.map((h) => h.code));
  const out = {
    added: [...c.keys()].filter((d) => !a.has(d)),
    removed: [...a.keys()].filter((d) => !c.has(d)),
    linesChanged: [...c.keys()].filter((d) => a.has(d) && a.get(d) !== c.get(d)),
    holdsAdded: [...cHolds].filter((h) => !aHolds.has(h)),
    holdsRemoved: [...aHolds].filter((h) => !cHolds.has(h)),
  };
  const changed = Object.values(out).some((v) => v.length > 0);
  return { changed, diff: out };
}

export interface DryRunInput {
  /** Candidate rule set, already validated; absent means the active one. */
  ruleSet?: RuleSet;
  limit: number;
  connectionId?: string;
  state?: OrderState;
  orderIds?: string[];
}

/**
 * Evaluates a candidate rule set (or the active one) against stored orders — the most recent `limit`, a
 * connection's or a state's, or named ids — and compares each with the active rule set. Writes nothing; releases
 * recorded for a revision are not applied, so the answer is what the rules alone say.
 */
export async function dryRunRoutes(hub: Hub, input: DryRunInput) {
  const active = await activeRuleSet(hub);
  const candidate = input.ruleSet ?? active?.ruleSet ?? null;
  let orders: OrderRecord[];
  if (input.orderIds?.length) {
    const found = await Promise.all(input.orderIds.map((id) => hub.store.getOrder(id)));
    orders = found.filter((o): o is OrderRecord => o !== null);
  } else {
    const page = await hub.store.listOrders({
      limit: input.limit,
      ...(input.connectionId ? { connectionId: input.connectionId } : {}),
      ...(input.state ? { state: input.state } : {}),
    });
    orders = page.items;
  }
  const items = [];
  for (const o of orders) {
    const c = outcome(await decide(hub, candidate, o.order), o.order);
    const a = outcome(await decide(hub, active?.ruleSet ?? null, o.order), o.order);
    items.push({
      orderId: o.id,
      orderNumber: o.orderNumber,
      revision: o.revision,
      state: o.state,
      candidate: c,
      active: a,
      ...diff(a, c),
    });
  }
  return {
    activeVersion: active?.version ?? 0,
    candidate: input.ruleSet ? 'body' : 'active',
    evaluated: items.length,
    changed: items.filter((i) => i.changed).length,
    items,
  };
}
