import canonicalOrderSchema from '../../schemas/canonical-order.v1.json' with { type: 'json' };
import shipmentSchema from '../../schemas/shipment.v1.json' with { type: 'json' };
import routingRulesSchema from '../../schemas/routing-rules.v1.json' with { type: 'json' };
import { Ajv2020 } from 'ajv/dist/2020.js';
import { JSON_PATCH_SCHEMA } from '../core/json-patch';
import { ajv } from '../core/validation';
import { BULK_REPLAY_MAX } from '../pipeline/bulk-replay';

/** Validates query strings and path params: coerces their strings to the declared types and applies defaults. */
export const urlAjv = new Ajv2020({ strict: true, coerceTypes: 'array', useDefaults: true, allErrors: true });

/**
 * API schemas, each registered once by `$id` in the process's Ajv (validation) and in each Fastify app
 * (OpenAPI). Routes reference them as `{ $ref: '<id>#' }`.
 */
const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable, namespaced error code.' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
} as const;

const connectionInputSchema = {
  $id: 'ConnectionInput',
  type: 'object',
  additionalProperties: false,
  required: ['connector', 'name', 'config'],
  properties: {
    connector: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    enabled: { type: 'boolean' },
    config: {
      type: 'object',
      description: 'Validated against the connector’s configSchema; writeOnly fields are secrets.',
    },
  },
} as const;

const connectionPatchSchema = {
  $id: 'ConnectionPatch',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    enabled: { type: 'boolean' },
    config: {
      type: 'object',
      description: 'Keys given replace stored ones; null removes an optional key; omitted secrets stay.',
    },
  },
} as const;

const connectionSchema = {
  $id: 'Connection',
  type: 'object',
  properties: {
    id: { type: 'string' },
    connector: { type: 'string' },
    kind: { enum: ['source', 'destination'] },
    name: { type: 'string' },
    enabled: { type: 'boolean' },
    config: { type: 'object', description: 'Settings without secrets.' },
    secretsSet: {
      type: 'array',
      items: { type: 'string' },
      description: 'Names of the secret fields that are set; values are never returned.',
    },
    health: { type: 'object' },
    webhookPath: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

const replaySchema = {
  $id: 'ReplayInput',
  type: 'object',
  additionalProperties: false,
  properties: {
    payload: {
      description: 'A corrected raw record to normalize instead of the stored one (quarantined records).',
    },
    release: { type: 'boolean', description: 'Send a held order on as it is.' },
    note: { type: 'string', maxLength: 1000, description: 'Why; kept in the audit log.' },
  },
} as const;

const bulkReplayInputSchema = {
  $id: 'BulkReplayInput',
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  properties: {
    ids: {
      type: 'array',
      minItems: 1,
      maxItems: BULK_REPLAY_MAX,
      uniqueItems: true,
      items: { type: 'string', maxLength: 200 },
    },
    patch: {
      ...JSON_PATCH_SCHEMA,
      description:
        'JSON Patch (RFC 6902: add, remove, replace, test) applied to each stored payload before it is normalized again.',
    },
    note: { type: 'string', maxLength: 1000, description: 'Why; kept in the audit log.' },
    dryRun: {
      type: 'boolean',
      description: 'Answer what each (corrected) payload would map to, and change nothing.',
    },
  },
} as const;

const apiKeyInputSchema = {
  $id: 'ApiKeyInput',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'role'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    role: { enum: ['admin', 'operator', 'viewer', 'intake', 'receiver'] },
  },
} as const;

const listQuerySchema = {
  $id: 'ListQuery',
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    cursor: { type: 'string', maxLength: 200 },
  },
} as const;

export const API_SCHEMAS: readonly { $id: string }[] = [
  errorSchema,
  connectionInputSchema,
  connectionPatchSchema,
  connectionSchema,
  replaySchema,
  bulkReplayInputSchema,
  apiKeyInputSchema,
  listQuerySchema,
  canonicalOrderSchema,
  shipmentSchema,
  routingRulesSchema,
];

for (const schema of API_SCHEMAS) if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);

export const ref = (id: string) => ({ $ref: `${id}#` });
export const CANONICAL_ORDER_REF = { $ref: `${canonicalOrderSchema.$id}#` };

/** Standard error responses for a route's OpenAPI entry. */
export function errorResponses(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((s) => [s, ref('Error')]));
}
