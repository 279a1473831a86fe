import type { CanonicalOrder } from '../core/order';
import { ajv, validator } from '../core/validation';
import type { Hub } from '../hub';
import type { DeliveryRecord, OrderRecord } from '../store/types';
import { evaluate, type Decision, type NoDelivery, type Target } from './evaluate';
import type { RuleSet } from './rules';
import { splitOrder } from './split';
import { activeRuleSet } from './store';

/** Documents of this feature besides the rule set versions. */
export const DOC = {
  /** Per delivery key of a split: the lines that destination takes. */
  lines: 'route-lines',
  /** Per (order, revision): the hold rules a person released, and extra destinations they chose. */
  release: 'hold-release',
  /** Per order: cancelled by a person; never sent, whatever revision comes later. */
  cancel: 'hold-cancel',
  /** Per (order, revision): a `noDelivery` rule sent it nowhere, so that the order's timeline can say why. */
  noDelivery: 'route-no-delivery',
} as const;

export const releaseDocId = (orderId: string, revision: number) => `${orderId}:${revision}`;

const readRelease = validator<{ ruleIds: string[]; destinations: string[] }>(
  ajv.compile({
    type: 'object',
    required: ['ruleIds', 'destinations'],
    properties: {
      ruleIds: { type: 'array', items: { type: 'string' } },
      destinations: { type: 'array', items: { type: 'string' } },
    },
  }),
);

const readLines = validator<{ lineIds: string[]; part: { index: number; of: number } }>(
  ajv.compile({
    type: 'object',
    required: ['lineIds', 'part'],
    properties: {
      lineIds: { type: 'array', items: { type: 'string' } },
      part: {
        type: 'object',
        required: ['index', 'of'],
        properties: { index: { type: 'integer' }, of: { type: 'integer' } },
      },
    },
  }),
);

export interface Plan {
  /** Active rule set version (0: none saved). */
  version: number;
  decision: Decision;
  cancelled: boolean;
}

/** Evaluates an order against a rule set (null: none saved) with the hub's destinations and tables. */
export async function decide(
  hub: Hub,
  ruleSet: RuleSet | null,
  order: CanonicalOrder,
  released?: { ruleIds: readonly string[]; destinations: readonly string[] },
): Promise<Decision> {
  const destinations = ruleSet ? [] : (await hub.destinations()).map((d) => d.id);
  const decision = evaluate(ruleSet, order, {
    destinations,
    tables: hub.tables,
    released: new Set(released?.ruleIds ?? []),
  });
  for (const d of released?.destinations ?? []) {
    const t = decision.targets.find((x) => x.destinationId === d);
    if (t) t.lineIds = null;
    else decision.targets.push({ destinationId: d, lineIds: null, ruleIds: ['release'] });
  }
  return decision;
}

/** What routing does with one order revision now: the active rules, releases and cancellation applied. */
export async function planOrder(hub: Hub, order: OrderRecord): Promise<Plan> {
  const [active, cancelled, releaseDoc] = await Promise.all([
    activeRuleSet(hub),
    hub.store.getDoc(DOC.cancel, order.id),
    hub.store.getDoc(DOC.release, releaseDocId(order.id, order.revision)),
  ]);
  const release = releaseDoc ? readRelease(releaseDoc.value) : undefined;
  if (release && !release.ok) throw new Error(`release document of ${order.id} does not match its schema`);
  const decision = await decide(hub, active?.ruleSet ?? null, order.order, release?.value);
  return { version: active?.version ?? 0, decision, cancelled: cancelled !== null };
}

/**
 * Records which lines each split destination takes, keyed by its delivery key, before the delivery row exists
 * (so a delivery never runs without its lines). The first plan of a key wins, like the delivery row itself.
 */
export async function recordLinePlans(
  hub: Hub,
  order: OrderRecord,
  targets: readonly (Target & { deliveryId: string })[],
  version: number,
): Promise<void> {
  const split = targets
    .filter((t): t is Target & { deliveryId: string; lineIds: string[] } => t.lineIds !== null)
    .map((t) => ({ t, first: order.order.lines.findIndex((l) => l.id === t.lineIds[0]) }))
    .sort((a, b) => a.first - b.first || a.t.destinationId.localeCompare(b.t.destinationId));
  const at = hub.now().toISOString();
  await Promise.all(
    split.map(({ t }, i) =>
      hub.store.insertDoc(
        DOC.lines,
        t.deliveryId,
        {
          orderId: order.id,
          revision: order.revision,
          destinationId: t.destinationId,
          lineIds: t.lineIds,
          part: { index: i + 1, of: split.length },
          ruleIds: t.ruleIds,
          ruleSetVersion: version,
        },
        at,
      ),
    ),
  );
}

/**
 * Records that a rule sent an order revision nowhere (with the destinations `always` rules still chose), keyed
 * like a release: (order, revision). No delivery row says so, and the order timeline has to. The first record
 * of a revision wins: routing it again writes nothing.
 */
export async function recordNoDelivery(
  hub: Hub,
  order: OrderRecord,
  noDelivery: NoDelivery,
  targets: readonly Target[],
  version: number,
): Promise<void> {
  const at = hub.now().toISOString();
  await hub.store.insertDoc(
    DOC.noDelivery,
    releaseDocId(order.id, order.revision),
    {
      orderId: order.id,
      revision: order.revision,
      ruleId: noDelivery.ruleId,
      reason: noDelivery.reason,
      destinations: targets.map((t) => t.destinationId),
      ruleSetVersion: version,
      at,
    },
    at,
  );
}

const readNoDelivery = validator<{
  revision: number;
  ruleId: string;
  reason: string;
  destinations: string[];
  ruleSetVersion: number;
  at: string;
}>(
  ajv.compile({
    type: 'object',
    required: ['revision', 'ruleId', 'reason', 'destinations', 'ruleSetVersion', 'at'],
    properties: {
      revision: { type: 'integer' },
      ruleId: { type: 'string' },
      reason: { type: 'string' },
      destinations: { type: 'array', items: { type: 'string' } },
      ruleSetVersion: { type: 'integer' },
      at: { type: 'string' },
    },
  }),
);

/** Timeline events (`not-sent`) of the revisions a `noDelivery` rule sent nowhere. */
export async function noDeliveryEvents(hub: Hub, orderId: string, revisions: readonly number[]) {
  const docs = await Promise.all(
    revisions.map((r) => hub.store.getDoc(DOC.noDelivery, releaseDocId(orderId, r))),
  );
  return docs.flatMap((doc) => {
    if (!doc) return [];
    const v = readNoDelivery(doc.value);
    // A record this version cannot read leaves the event out; the order page must still open.
    if (!v.ok) return [];
    const { at, revision, ruleId, reason, destinations, ruleSetVersion } = v.value;
    return [
      { at, event: 'not-sent' as const, detail: { revision, ruleId, reason, destinations, ruleSetVersion } },
    ];
  });
}

/** The order a delivery sends: the whole revision, or only the destination's lines when routing split it. */
export async function orderForDelivery(
  hub: Hub,
  row: Pick<DeliveryRecord, 'id'>,
  order: CanonicalOrder,
): Promise<CanonicalOrder> {
  const doc = await hub.store.getDoc(DOC.lines, row.id);
  if (!doc) return order;
  const plan = readLines(doc.value);
  if (!plan.ok) throw new Error(`line plan of delivery ${row.id} does not match its schema`);
  return splitOrder(order, plan.value.lineIds, plan.value.part);
}
