// The routing rule-set schema as the hub publishes it: the body of PUT /v1/routes in its OpenAPI document. The
// form takes its fields, operators and choices from here, and checks a rule set against the same contract the
// hub validates with, so nothing is listed twice.
import { get } from './api.js';
import { t } from './i18n.js';

let loading = null;

/** JSON pointer (`#/a/b`) into a document; `~1` and `~0` are `/` and `~`. */
function pointer(doc, ref) {
  return ref
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => (node == null ? node : node[key]), doc);
}

/** Wraps a document's rule-set schema with helpers that follow `$ref`s. */
export function ruleSchema(doc, root) {
  const deref = (node) => {
    let n = node;
    for (let i = 0; n && typeof n === 'object' && n.$ref && i < 20; i += 1) n = pointer(doc, n.$ref);
    return n;
  };
  /** The schema of the value at a data path (`['rules', 0, 'when']`; any number or `*` is an array item). */
  const at = (path) =>
    path.reduce((s, key) => {
      const n = deref(s);
      if (!n || typeof n !== 'object') return undefined;
      if (typeof key === 'number' || key === '*') return n.items;
      return (
        n.properties?.[key] ??
        (typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined)
      );
    }, root);
  return { root: deref(root), deref, at: (path) => deref(at(path)) };
}

/** Loads the schema once per page load (it changes only with a hub release). */
export function loadRuleSchema() {
  loading ??= get('/docs/json')
    .then((doc) => {
      const body = doc.paths['/v1/routes'].put.requestBody.content['application/json'].schema;
      return ruleSchema(doc, body.properties.ruleSet);
    })
    .catch((error) => {
      loading = null;
      throw error;
    });
  return loading;
}

/** The enum a field offers (for arrays, its items' enum); [] when it has none. */
export function choicesOf(schema, path) {
  const s = schema.at(path);
  return (s?.enum ?? schema.deref(s?.items)?.enum ?? []).slice();
}

/** How a condition's value is edited: `choices` (enum list), `compare` (operators with a value) or `list`. */
export function valueKind(schema, s) {
  const n = schema.deref(s);
  const items = schema.deref(n?.items);
  if (n?.type === 'array' && items?.enum) return { kind: 'choices', options: items.enum };
  if (n?.type === 'object' && n.properties) return { kind: 'compare', ops: Object.keys(n.properties) };
  return { kind: 'list' };
}

const TYPES = {
  object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  integer: Number.isInteger,
  number: (v) => typeof v === 'number',
};

// Block lists and inline lookup tables run to thousands of strings checked against a handful of patterns.
const patterns = new Map();
const matches = (pattern, value) => {
  if (!patterns.has(pattern)) patterns.set(pattern, new RegExp(pattern, 'u'));
  return patterns.get(pattern).test(value);
};

const msg = (path, key, vars, structural = false) => ({
  path,
  message: t(`routing.check.${key}`, vars),
  structural,
});

/**
 * Checks a value against the schema. `structural` problems (wrong type, unknown field, value outside an enum) are
 * ones the form cannot show; the others it shows next to the field. Paths are JSON pointers like the hub's.
 */
export function check(schema, value, node = schema.root, path = '', out = []) {
  const s = schema.deref(node);
  if (!s || s === true || typeof s !== 'object') return out;
  // A value of the wrong kind has nothing further worth checking.
  if (s.enum && !s.enum.some((e) => e === value)) {
    out.push(msg(path, 'enum', { values: s.enum.join(', ') }, true));
    return out;
  }
  if (s.type && !TYPES[s.type]?.(value)) {
    out.push(msg(path, 'type', { type: s.type }, true));
    return out;
  }
  if (typeof value === 'string') {
    if (s.minLength !== undefined && value.length < s.minLength)
      out.push(msg(path, s.minLength === 1 ? 'empty' : 'minLength', { n: s.minLength }));
    if (s.maxLength !== undefined && value.length > s.maxLength)
      out.push(msg(path, 'maxLength', { n: s.maxLength }));
    if (s.pattern && !matches(s.pattern, value)) out.push(msg(path, 'pattern', { pattern: s.pattern }));
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems)
      out.push(msg(path, 'minItems', { n: s.minItems }));
    if (s.maxItems !== undefined && value.length > s.maxItems)
      out.push(msg(path, 'maxItems', { n: s.maxItems }));
    if (s.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size < value.length)
      out.push(msg(path, 'unique'));
    value.forEach((v, i) => check(schema, v, s.items, `${path}/${i}`, out));
  }
  if (TYPES.object(value)) checkObject(schema, s, value, path, out);
  for (const sub of s.allOf ?? []) check(schema, value, sub, path, out);
  if (s.if && s.then && !check(schema, value, s.if, path).length) check(schema, value, s.then, path, out);
  return out;
}

function checkObject(schema, s, value, path, out) {
  const keys = Object.keys(value);
  for (const name of s.required ?? []) if (!(name in value)) out.push(msg(`${path}/${name}`, 'required'));
  if (s.minProperties !== undefined && keys.length < s.minProperties) out.push(msg(path, 'minProperties'));
  if (s.maxProperties !== undefined && keys.length > s.maxProperties)
    out.push(msg(path, 'maxProperties', { n: s.maxProperties }));
  const names = schema.deref(s.propertyNames);
  for (const key of keys) {
    const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (names?.pattern && !matches(names.pattern, key))
      out.push(msg(at, 'pattern', { pattern: names.pattern }));
    const sub = s.properties?.[key] ?? s.additionalProperties;
    if (sub === false) out.push(msg(at, 'unknown', { name: key }, true));
    else if (sub !== undefined) check(schema, value[key], sub, at, out);
  }
}

/**
 * What the hub checks beyond the schema about actions: a rule that sends the order nowhere (`noDelivery`) has
 * no destinations or split, and is not `always`. Same paths as the hub's answer.
 */
export function checkActions(ruleSet) {
  const out = [];
  (Array.isArray(ruleSet?.rules) ? ruleSet.rules : []).forEach((rule, i) => {
    const then = rule?.then;
    if (!then?.noDelivery) return;
    if (then.destinations || then.split) out.push(msg(`/rules/${i}/then/noDelivery`, 'noDeliveryAlone'));
    if (rule.always) out.push(msg(`/rules/${i}/always`, 'noDeliveryAlways'));
  });
  return out;
}

/**
 * The hub's check that no rule or hold has an empty `unless` (it would match every order and switch the rule
 * off). The form never writes one; the JSON view can.
 */
export function checkUnless(ruleSet) {
  const out = [];
  for (const list of ['rules', 'holds'])
    (Array.isArray(ruleSet?.[list]) ? ruleSet[list] : []).forEach((item, i) => {
      const unless = item?.unless;
      if (TYPES.object(unless) && !Object.keys(unless).length)
        out.push(msg(`/${list}/${i}/unless`, 'emptyUnless'));
    });
  return out;
}

/** What the schema cannot say: rule ids and hold ids are unique within their list. */
export function checkIds(ruleSet) {
  const out = [];
  for (const list of ['rules', 'holds']) {
    const seen = new Set();
    (Array.isArray(ruleSet?.[list]) ? ruleSet[list] : []).forEach((item, i) => {
      if (seen.has(item?.id)) out.push(msg(`/${list}/${i}/id`, 'duplicateId', { id: item.id }));
      seen.add(item?.id);
    });
  }
  return out;
}
