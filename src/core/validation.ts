import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import canonicalOrderSchema from '../../schemas/canonical-order.v1.json' with { type: 'json' };
import type { CanonicalOrder } from './canonical-order';

/** One field-level problem: where (JSON pointer) and which rule, never the offending value. */
export interface FieldError {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * The one Ajv instance of the process. Every schema is registered once by `$id` and compiled once; the hot
 * path only calls compiled validators.
 */
export const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);

export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => ({
    path: e.instancePath || '/',
    message:
      e.keyword === 'additionalProperties' && typeof e.params['additionalProperty'] === 'string'
        ? `unknown property "${e.params['additionalProperty']}"`
        : (e.message ?? e.keyword),
  }));
}

/** Wraps a compiled validator as a type guard with field errors. */
export function validator<T>(fn: ValidateFunction<T>): (value: unknown) => Validated<T> {
  return (value: unknown) => {
    if (fn(value)) return { ok: true, value };
    return { ok: false, errors: toFieldErrors(fn.errors) };
  };
}

ajv.addSchema(canonicalOrderSchema);

/** `$id` of canonical order v1. */
export const CANONICAL_ORDER_V1_ID = canonicalOrderSchema.$id;

const canonicalFn = ajv.getSchema<CanonicalOrder>(CANONICAL_ORDER_V1_ID);
if (!canonicalFn) throw new Error('canonical-order.v1 schema did not compile');

/** Validates a value against canonical-order.v1. */
export const validateCanonicalOrder = validator<CanonicalOrder>(canonicalFn);

/**
 * Compiles a schema that is not registered globally, such as a connector's config schema. Ajv caches the
 * compiled function by schema object, so calling this again for the same object costs a map lookup.
 */
export function compileSchema<T>(schema: object): (value: unknown) => Validated<T> {
  return validator(ajv.compile<T>(schema));
}
