import type { CanonicalOrder } from '../core/order';
import { dec } from '../core/money';
import type { LookupTables } from '../sdk/context';
import type { Conditions, HoldRule, RuleSet, SplitAction } from './rules';

/** Why an order waits for a person: the hold rule (or `no-match`), its code and a reason without customer data. */
export interface HoldReason {
  ruleId: string;
  code: HoldCode;
  reason: string;
}

export type HoldCode =
  | 'HOLD_UNPAID'
  | 'HOLD_HIGH_VALUE'
  | 'HOLD_ADDRESS_INCOMPLETE'
  | 'HOLD_BLOCKED_CUSTOMER'
  | 'HOLD_TAG'
  | 'ROUTING_NO_MATCH';

/** One destination and what it gets: `lineIds: null` is the whole order, else only those lines. */
export interface Target {
  destinationId: string;
  lineIds: string[] | null;
  ruleIds: string[];
}

/** A rule decided that the order goes nowhere, and why. */
export interface NoDelivery {
  ruleId: string;
  reason: string;
}

export interface Decision {
  holds: HoldReason[];
  targets: Target[];
  /** Rules that applied, in evaluation order. */
  matched: string[];
  /** No non-always rule matched, or lines were left without a destination. */
  noMatch: boolean;
  /**
   * The first matching `noDelivery` rule: the order is sent nowhere, except to what `always` rules (and a
   * person's release) add. Null when no such rule matched.
   */
  noDelivery: NoDelivery | null;
}

export interface EvaluationEnv {
  /** Enabled destinations: where orders go when no rule set is saved (today's behaviour). */
  destinations: readonly string[];
  tables: LookupTables;
  /** Hold rule ids a person released for this order revision: not judged again. */
  released?: ReadonlySet<string>;
}

/** The rule id under which an order held for not matching any rule is released. */
export const NO_MATCH_RULE = 'no-match';

const globCache = new Map<string, RegExp>();
function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`);
    if (globCache.size < 10_000) globCache.set(pattern, re);
  }
  return re;
}

const skuMatches = (sku: string | null, patterns: readonly string[]) =>
  sku !== null && patterns.some((p) => glob(p).test(sku));

const lower = (values: readonly string[]) => new Set(values.map((v) => v.trim().toLowerCase()));

/** Whether an order satisfies every given condition (AND); each list matches on any of its values (OR). */
export function matches(order: CanonicalOrder, when: Conditions | undefined): boolean {
  if (!when) return true;
  const ship = order.shippingAddress;
  if (when.connector && !when.connector.includes(order.channel.connector)) return false;
  if (when.connectionId && !when.connectionId.includes(order.channel.connectionId)) return false;
  if (when.sourceType && !when.sourceType.includes(order.channel.sourceType)) return false;
  if (when.shipToCountry && !(ship && when.shipToCountry.includes(ship.countryCode.toUpperCase())))
    return false;
  if (when.shipToRegion) {
    const wanted = lower(when.shipToRegion);
    const have = [ship?.provinceCode, ship?.province].filter((v): v is string => typeof v === 'string');
    if (!have.some((v) => wanted.has(v.trim().toLowerCase()))) return false;
  }
  if (when.sku && !order.lines.some((l) => skuMatches(l.sku, when.sku ?? []))) return false;
  if (when.tag) {
    const wanted = lower(when.tag);
    if (!(order.tags ?? []).some((t) => wanted.has(t.trim().toLowerCase()))) return false;
  }
  if (when.total) {
    const total = dec(order.totals.total);
    const { gt, gte, lt, lte } = when.total;
    if (gt !== undefined && !total.gt(gt)) return false;
    if (gte !== undefined && !total.gte(gte)) return false;
    if (lt !== undefined && !total.lt(lt)) return false;
    if (lte !== undefined && !total.lte(lte)) return false;
  }
  if (when.currency && !when.currency.includes(order.currency)) return false;
  if (when.financialStatus && !when.financialStatus.includes(order.status.payment)) return false;
  return true;
}

/** Whether a rule or hold takes the order: its `when` matches and its `unless` (if given) does not. */
export function applies(order: CanonicalOrder, item: { when?: Conditions; unless?: Conditions }): boolean {
  return matches(order, item.when) && !(item.unless && matches(order, item.unless));
}

/** E-mails compare trimmed and lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
/** Phones compare by their digits; a leading `00` is the same as `+`. */
export const normalizePhone = (phone: string) => phone.replace(/\D/g, '').replace(/^00/, '');

const DEFAULT_UNPAID: readonly string[] = ['pending', 'expired', 'voided'];

function requiresShipping(order: CanonicalOrder): boolean {
  return order.lines.some((l) => l.requiresShipping !== false);
}

function holdApplies(hold: HoldRule, order: CanonicalOrder, rs: RuleSet): string | undefined {
  switch (hold.kind) {
    case 'unpaid':
      return (hold.paymentStatuses ?? DEFAULT_UNPAID).includes(order.status.payment)
        ? `payment is ${order.status.payment}`
        : undefined;
    case 'high-value': {
      const limit = hold.above?.[order.currency];
      return limit !== undefined && dec(order.totals.total).gt(limit)
        ? `total ${order.totals.total} ${order.currency} is above ${limit}`
        : undefined;
    }
    case 'address-incomplete': {
      if (!requiresShipping(order)) return undefined;
      const a = order.shippingAddress;
      const missing = a
        ? (['line1', 'city', 'countryCode'] as const).filter((k) => !a[k] || !String(a[k]).trim())
        : ['shippingAddress'];
      return missing.length ? `shipping address lacks ${missing.join(', ')}` : undefined;
    }
    case 'blocked-customer': {
      const emails = new Set((rs.blockList?.emails ?? []).map(normalizeEmail));
      const phones = new Set((rs.blockList?.phones ?? []).map(normalizePhone).filter((p) => p.length > 0));
      const email = order.customer.email;
      if (email && emails.has(normalizeEmail(email))) return 'customer e-mail is on the block list';
      const orderPhones = [order.customer.phone, order.shippingAddress?.phone, order.billingAddress?.phone];
      for (const p of orderPhones)
        if (p && normalizePhone(p).length > 0 && phones.has(normalizePhone(p)))
          return 'customer phone is on the block list';
      return undefined;
    }
    case 'tag': {
      const wanted = lower(hold.tags ?? []);
      const hit = (order.tags ?? []).find((t) => wanted.has(t.trim().toLowerCase()));
      return hit === undefined ? undefined : `tagged "${hit}"`;
    }
  }
}

const HOLD_CODES: Record<HoldRule['kind'], HoldCode> = {
  unpaid: 'HOLD_UNPAID',
  'high-value': 'HOLD_HIGH_VALUE',
  'address-incomplete': 'HOLD_ADDRESS_INCOMPLETE',
  'blocked-customer': 'HOLD_BLOCKED_CUSTOMER',
  tag: 'HOLD_TAG',
};

/** Every hold rule that applies (all of them, in order), except those released for this revision. */
export function evaluateHolds(rs: RuleSet, order: CanonicalOrder, released?: ReadonlySet<string>) {
  const out: HoldReason[] = [];
  for (const hold of rs.holds ?? []) {
    if (hold.enabled === false || released?.has(hold.id) || !applies(order, hold)) continue;
    const why = holdApplies(hold, order, rs);
    if (why) out.push({ ruleId: hold.id, code: HOLD_CODES[hold.kind], reason: hold.reason ?? why });
  }
  return out;
}

/** Assigns each line to the destinations of a split; lines with no place are returned as `left`. */
function splitLines(order: CanonicalOrder, split: SplitAction, rs: RuleSet, tables: LookupTables) {
  const assigned = new Map<string, string[]>();
  const left: string[] = [];
  const table = split.lookup ? (rs.lookups?.[split.lookup] ?? tables[split.lookup]) : undefined;
  for (const line of order.lines) {
    const route = split.routes?.find((r) => skuMatches(line.sku, r.sku));
    const looked = line.sku !== null && table && Object.hasOwn(table, line.sku) ? table[line.sku] : undefined;
    const to = route?.destinations ?? (looked ? [looked] : split.rest);
    if (!to) left.push(line.id);
    for (const d of to ?? []) assigned.set(d, [...(assigned.get(d) ?? []), line.id]);
  }
  return { assigned, left };
}

/** What one applied rule gives: destinations with their lines (null: all), and lines its split could not place. */
interface Applied {
  ruleId: string;
  always: boolean;
  gives: [string, readonly string[] | null][];
  left: readonly string[];
}

/**
 * Decides what happens to one order revision under a rule set (null: no rule set saved, so every enabled
 * destination gets the whole order). Pure: the same inputs always give the same decision.
 */
export function evaluate(rs: RuleSet | null, order: CanonicalOrder, env: EvaluationEnv): Decision {
  if (!rs) {
    return {
      holds: [],
      targets: env.destinations.map((d) => ({ destinationId: d, lineIds: null, ruleIds: [] })),
      matched: [],
      noMatch: false,
      noDelivery: null,
    };
  }
  const holds = evaluateHolds(rs, order, env.released);
  const matched: string[] = [];
  const applied: Applied[] = [];
  let noDelivery: NoDelivery | null = null;
  let decided = false;
  for (const rule of rs.rules) {
    if (rule.enabled === false) continue;
    if (!rule.always && decided && rs.mode === 'first-match') continue;
    if (!applies(order, rule)) continue;
    matched.push(rule.id);
    if (!rule.always) decided = true;
    // Validation keeps `noDelivery` out of always rules, where it would decide nothing: such a rule gives nothing.
    if (rule.then.noDelivery) {
      if (!rule.always) noDelivery ??= { ruleId: rule.id, reason: rule.then.noDelivery.reason };
      continue;
    }
    const gives: Applied['gives'] = (rule.then.destinations ?? []).map((d) => [d, null]);
    let left: readonly string[] = [];
    if (rule.then.split) {
      const s = splitLines(order, rule.then.split, rs, env.tables);
      gives.push(...s.assigned);
      left = s.left;
    }
    applied.push({ ruleId: rule.id, always: rule.always === true, gives, left });
  }
  // "Nowhere" overrules every rule that is not always, in all-match mode too; always rules stand outside the
  // decision (the ERP still books a counter sale).
  const kept = noDelivery ? applied.filter((a) => a.always) : applied;
  const lines = new Map<string, { all: boolean; ids: Set<string>; rules: string[] }>();
  const give = (d: string, ruleId: string, ids: readonly string[] | null) => {
    const t = lines.get(d) ?? { all: false, ids: new Set<string>(), rules: [] };
    if (ids === null) t.all = true;
    else for (const id of ids) t.ids.add(id);
    if (!t.rules.includes(ruleId)) t.rules.push(ruleId);
    lines.set(d, t);
  };
  const left = new Set<string>();
  for (const a of kept) {
    for (const [d, ids] of a.gives) give(d, a.ruleId, ids);
    if (!a.always) for (const id of a.left) left.add(id);
  }
  // A line some applied rule placed is not "left", even if another split had no place for it.
  for (const t of lines.values())
    for (const id of t.all ? order.lines.map((l) => l.id) : t.ids) left.delete(id);
  const nonAlwaysTargets = [...lines.values()].some((t) => t.rules.some((r) => !isAlways(rs, r)));
  const noMatch = !noDelivery && (!decided || left.size > 0 || !nonAlwaysTargets);
  if (noMatch && !env.released?.has(NO_MATCH_RULE)) {
    if (rs.noMatch.action === 'hold') {
      holds.push({
        ruleId: NO_MATCH_RULE,
        code: 'ROUTING_NO_MATCH',
        reason: left.size && decided ? `${left.size} line(s) have no destination` : 'no routing rule matched',
      });
    } else {
      const rest = decided && left.size ? [...left] : null;
      for (const d of rs.noMatch.destinations ?? []) give(d, NO_MATCH_RULE, rest);
    }
  }
  const all = order.lines.length;
  const targets: Target[] = [...lines.entries()].map(([destinationId, t]) => ({
    destinationId,
    lineIds: t.all || t.ids.size >= all ? null : order.lines.map((l) => l.id).filter((id) => t.ids.has(id)),
    ruleIds: t.rules,
  }));
  return { holds, targets, matched, noMatch, noDelivery };
}

function isAlways(rs: RuleSet, ruleId: string): boolean {
  return rs.rules.find((r) => r.id === ruleId)?.always === true;
}
