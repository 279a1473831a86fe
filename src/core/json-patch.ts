import { HubError } from './errors';

/**
 * One JSON Patch operation (RFC 6902), the subset ops need to correct stored payloads: `test` guards a change
 * ("only where /status is still awaiting_review"), `add`, `replace` and `remove` make it.
 */
export type JsonPatchOp =
  { op: 'add' | 'replace' | 'test'; path: string; value: unknown } | { op: 'remove'; path: string };

/** JSON Schema of a patch, shared by the API's body schemas. */
export const JSON_PATCH_SCHEMA = {
  type: 'array',
  minItems: 1,
  maxItems: 50,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['op', 'path'],
    properties: {
      op: { enum: ['add', 'remove', 'replace', 'test'] },
      path: { type: 'string', maxLength: 500, pattern: '^(/|$)' },
      value: {},
    },
    if: { properties: { op: { enum: ['add', 'replace', 'test'] } } },
    then: { properties: { value: {} }, required: ['value'] },
  },
} as const;

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** RFC 6901: `/a/b~1c` → ['a', 'b/c']. */
function tokens(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Assigning `__proto__` would change the object's prototype instead of setting a key. */
function checkTokens(path: string[], index: number, op: JsonPatchOp): void {
  if (path.includes('__proto__')) fail(index, op, '"__proto__" cannot be patched');
}

function fail(index: number, op: JsonPatchOp, why: string): never {
  throw new HubError('EXCEPTION_PATCH_FAILED', `operation ${index + 1} (${op.op} ${op.path}): ${why}`);
}

function arrayIndex(parent: unknown[], token: string, allowEnd: boolean): number | null {
  if (allowEnd && token === '-') return parent.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) return null;
  const i = Number(token);
  return i < parent.length || (allowEnd && i === parent.length) ? i : null;
}

function child(node: Container, token: string): unknown {
  if (Array.isArray(node)) {
    const i = arrayIndex(node, token, false);
    return i === null ? undefined : node[i];
  }
  return Object.prototype.hasOwnProperty.call(node, token) ? node[token] : undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(child(a, k), child(b, k)))
  );
}

function applyOne(doc: unknown, op: JsonPatchOp, index: number): unknown {
  const path = tokens(op.path);
  checkTokens(path, index, op);
  const last = path.at(-1);
  if (last === undefined) {
    if (op.op === 'remove') fail(index, op, 'the whole document cannot be removed');
    if (op.op === 'test') return deepEqual(doc, op.value) ? doc : fail(index, op, 'the value differs');
    return structuredClone(op.value);
  }
  let parent: unknown = doc;
  for (const token of path.slice(0, -1)) {
    const next = isContainer(parent) ? child(parent, token) : undefined;
    if (next === undefined) fail(index, op, `"${token}" is not there`);
    parent = next;
  }
  if (!isContainer(parent)) return fail(index, op, 'the parent is not an object or array');
  const current = child(parent, last);
  if (op.op === 'test') return deepEqual(current, op.value) ? doc : fail(index, op, 'the value differs');
  if (op.op !== 'add' && current === undefined) fail(index, op, 'nothing is there');
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, last, op.op === 'add');
    if (i === null) return fail(index, op, `"${last}" is not an index of the array`);
    if (op.op === 'add') parent.splice(i, 0, structuredClone(op.value));
    else if (op.op === 'replace') parent[i] = structuredClone(op.value);
    else parent.splice(i, 1);
    return doc;
  }
  if (op.op === 'remove') delete parent[last];
  else parent[last] = structuredClone(op.value);
  return doc;
}

/**
 * Applies a patch to a copy of `doc` and answers the copy; the original is left as it is. All or nothing: the
 * first operation that cannot apply throws `EXCEPTION_PATCH_FAILED` naming it.
 */
export function applyJsonPatch(doc: unknown, patch: readonly JsonPatchOp[]): unknown {
  let result = structuredClone(doc);
  patch.forEach((op, index) => {
    result = applyOne(result, op, index);
  });
  return result;
}
