import routingRulesSchema from '../../schemas/routing-rules.v1.json' with { type: 'json' };
import type { Status, SourceType } from '../core/order';
import { ajv, validator, type FieldError, type Validated } from '../core/validation';

/** Types of schemas/routing-rules.v1.json (the schema is the contract; these mirror it). */
export type PaymentStatus = Status['payment'];

export interface Conditions {
  connector?: string[];
  connectionId?: string[];
  sourceType?: SourceType[];
  shipToCountry?: string[];
  shipToRegion?: string[];
  sku?: string[];
  tag?: string[];
  total?: { gt?: string; gte?: string; lt?: string; lte?: string };
  currency?: string[];
  financialStatus?: PaymentStatus[];
}

export interface SplitAction {
  routes?: { sku: string[]; destinations: string[] }[];
  lookup?: string;
  rest?: string[];
}

export interface RoutingRule {
  id: string;
  description?: string;
  enabled?: boolean;
  always?: boolean;
  when?: Conditions;
  /** The rule does not apply to orders that satisfy these (all given fields, like `when`). */
  unless?: Conditions;
  then: { destinations?: string[]; split?: SplitAction; noDelivery?: NoDeliveryAction };
}

/** The order goes nowhere, for this reason (a POS sale handed over at the counter, a test order). */
export interface NoDeliveryAction {
  reason: string;
}

export type HoldKind = 'unpaid' | 'high-value' | 'address-incomplete' | 'blocked-customer' | 'tag';

export interface HoldRule {
  id: string;
  kind: HoldKind;
  reason?: string;
  enabled?: boolean;
  when?: Conditions;
  /** Orders that satisfy these are not judged by the hold. */
  unless?: Conditions;
  paymentStatuses?: PaymentStatus[];
  above?: Record<string, string>;
  tags?: string[];
}

export interface RuleSet {
  mode: 'first-match' | 'all-match';
  rules: RoutingRule[];
  noMatch: { action: 'hold' | 'default'; destinations?: string[] };
  holds?: HoldRule[];
  lookups?: Record<string, Record<string, string>>;
  blockList?: { emails?: string[]; phones?: string[] };
}

/** `$id` of routing-rules.v1, registered once in the process's Ajv (and in the API's OpenAPI document). */
export const ROUTING_RULES_V1_ID = routingRulesSchema.$id;
export { routingRulesSchema };

if (!ajv.getSchema(ROUTING_RULES_V1_ID)) ajv.addSchema(routingRulesSchema);
const compiled = ajv.getSchema<RuleSet>(ROUTING_RULES_V1_ID);
if (!compiled) throw new Error('routing-rules.v1 schema did not compile');
const validateShape = validator<RuleSet>(compiled);

/** Every destination id a rule set names, with the JSON pointer where it is named. */
function namedDestinations(rs: RuleSet): { path: string; id: string }[] {
  const out: { path: string; id: string }[] = [];
  const add = (path: string, ids: readonly string[] | undefined) =>
    ids?.forEach((id, i) => out.push({ path: `${path}/${i}`, id }));
  rs.rules.forEach((r, i) => {
    add(`/rules/${i}/then/destinations`, r.then.destinations);
    r.then.split?.routes?.forEach((s, j) =>
      add(`/rules/${i}/then/split/routes/${j}/destinations`, s.destinations),
    );
    add(`/rules/${i}/then/split/rest`, r.then.split?.rest);
  });
  add('/noMatch/destinations', rs.noMatch.destinations);
  for (const [name, table] of Object.entries(rs.lookups ?? {}))
    for (const [sku, id] of Object.entries(table)) out.push({ path: `/lookups/${name}/${sku}`, id });
  return out;
}

/**
 * A rule that sends the order nowhere decides it alone. Said here rather than in the schema, where a violation
 * would read "boolean schema is false" at a field that is fine on its own.
 */
function noDeliveryErrors(r: RoutingRule, i: number): FieldError[] {
  if (!r.then.noDelivery) return [];
  const errors: FieldError[] = [];
  if (r.then.destinations || r.then.split)
    errors.push({
      path: `/rules/${i}/then/noDelivery`,
      message: 'sends the order nowhere, so the rule cannot also have "destinations" or "split"',
    });
  if (r.always)
    errors.push({
      path: `/rules/${i}/always`,
      message: 'a rule that sends the order nowhere decides the order, so it cannot be "always"',
    });
  return errors;
}

/**
 * An empty `unless` holds for every order, so it would silently switch its rule off. Said here rather than as
 * `minProperties` in the schema, so that the message says why.
 */
function emptyUnless(item: { unless?: Conditions }, path: string): FieldError[] {
  return item.unless && !Object.keys(item.unless).length
    ? [{ path: `${path}/unless`, message: 'is empty, so it would match every order and disable the rule' }]
    : [];
}

/**
 * Validates a rule set: its shape against routing-rules.v1, then what a schema cannot say — unique rule and hold
 * ids, `noDelivery` alone in its rule, no empty `unless`, destinations that are existing destination connections,
 * lookup tables that exist.
 */
export function validateRuleSet(
  value: unknown,
  known: { destinations: ReadonlySet<string>; tables: ReadonlySet<string> },
): Validated<RuleSet> {
  const shape = validateShape(value);
  if (!shape.ok) return shape;
  const rs = shape.value;
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  rs.rules.forEach((r, i) => {
    if (seen.has(r.id)) errors.push({ path: `/rules/${i}/id`, message: `duplicate rule id "${r.id}"` });
    seen.add(r.id);
    errors.push(...noDeliveryErrors(r, i), ...emptyUnless(r, `/rules/${i}`));
    const lookup = r.then.split?.lookup;
    if (lookup !== undefined && !rs.lookups?.[lookup] && !known.tables.has(lookup))
      errors.push({ path: `/rules/${i}/then/split/lookup`, message: `no lookup table "${lookup}"` });
  });
  const holdIds = new Set<string>();
  rs.holds?.forEach((h, i) => {
    if (holdIds.has(h.id)) errors.push({ path: `/holds/${i}/id`, message: `duplicate hold id "${h.id}"` });
    holdIds.add(h.id);
    errors.push(...emptyUnless(h, `/holds/${i}`));
  });
  if (rs.noMatch.action === 'hold' && rs.noMatch.destinations)
    errors.push({ path: '/noMatch/destinations', message: 'only allowed with action "default"' });
  for (const d of namedDestinations(rs))
    if (!known.destinations.has(d.id))
      errors.push({ path: d.path, message: `"${d.id}" is not a destination connection` });
  return errors.length ? { ok: false, errors } : { ok: true, value: rs };
}

/** Re-checks a stored rule set's shape when it is read back (documents are `unknown` at the boundary). */
export function readRuleSet(value: unknown): RuleSet | undefined {
  const r = validateShape(value);
  return r.ok ? r.value : undefined;
}
