import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import { dryRunRoutes } from '../../routing/dry-run';
import { ROUTING_RULES_V1_ID, validateRuleSet } from '../../routing/rules';
import { getVersion, knownNames, loadActive, saveRuleSet, type RuleSetVersion } from '../../routing/store';
import type { OrderState } from '../../store/types';
import { errorResponses } from '../schemas';

const who = (p: { name: string } | undefined) => p?.name ?? 'unknown';
const RULES_REF = { $ref: `${ROUTING_RULES_V1_ID}#` };

const view = (v: RuleSetVersion | null) =>
  v
    ? { version: v.version, savedBy: v.savedBy, savedAt: v.savedAt, note: v.note, ruleSet: v.ruleSet }
    : { version: 0, savedBy: null, savedAt: null, note: null, ruleSet: null };

/**
 * Routing rules: the active rule set (viewer), saving a new version with optimistic concurrency (admin), and a
 * dry run of a candidate against stored orders (operator). The rule set format is schemas/routing-rules.v1.json.
 */
export function routingRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { version?: number } }>(
      '/v1/routes',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['routing'],
          summary: 'The active routing rule set (version 0 and ruleSet null: none saved, every destination)',
          querystring: {
            type: 'object',
            properties: {
              version: { type: 'integer', minimum: 1, description: 'An older version instead.' },
            },
          },
          response: errorResponses(404),
        },
      },
      async (req) => {
        if (req.query.version === undefined) return view(await loadActive(hub));
        const v = await getVersion(hub, req.query.version);
        if (!v) throw new HubError('API_NOT_FOUND', 'No such rule set version.');
        return view(v);
      },
    );

    app.put<{ Body: { baseVersion: number; ruleSet: unknown; note?: string } }>(
      '/v1/routes',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['routing'],
          summary: 'Save a new rule set version; 409 when baseVersion is not the active version',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['baseVersion', 'ruleSet'],
            properties: {
              baseVersion: {
                type: 'integer',
                minimum: 0,
                description: 'The version this one replaces (from GET /v1/routes; 0 when none is saved).',
              },
              ruleSet: RULES_REF,
              note: {
                type: 'string',
                maxLength: 1000,
                description: 'Why; kept with the version and in the audit log.',
              },
            },
          },
          response: errorResponses(400, 409),
        },
      },
      async (req, reply) => {
        const saved = await saveRuleSet(hub, req.body, who(req.principal));
        return reply.code(201).send(view(saved));
      },
    );

    app.post<{
      Body:
        | {
            ruleSet?: unknown;
            limit?: number;
            connectionId?: string;
            state?: OrderState;
            orderIds?: string[];
          }
        | undefined;
    }>(
      '/v1/routes/dry-run',
      {
        config: { role: 'operator' },
        schema: {
          tags: ['routing'],
          summary: 'Evaluate a candidate rule set (or the active one) against stored orders; writes nothing',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ruleSet: RULES_REF,
              limit: {
                type: 'integer',
                minimum: 1,
                maximum: 500,
                description: 'Most recent orders (default 50).',
              },
              connectionId: { type: 'string', maxLength: 64 },
              state: { enum: ['active', 'held'] },
              orderIds: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 64 } },
            },
          },
          response: errorResponses(400),
        },
      },
      async (req) => {
        const body = req.body ?? {};
        let ruleSet;
        if (body.ruleSet !== undefined) {
          const checked = validateRuleSet(body.ruleSet, await knownNames(hub));
          if (!checked.ok)
            throw new HubError(
              'ROUTING_RULES_INVALID',
              undefined,
              checked.errors.map((e) => ({
                path: `body/ruleSet${e.path === '/' ? '' : e.path}`,
                message: e.message,
              })),
            );
          ruleSet = checked.value;
        }
        return dryRunRoutes(hub, {
          limit: body.limit ?? 50,
          ...(ruleSet ? { ruleSet } : {}),
          ...(body.connectionId ? { connectionId: body.connectionId } : {}),
          ...(body.state ? { state: body.state } : {}),
          ...(body.orderIds ? { orderIds: body.orderIds } : {}),
        });
      },
    );
  };
}
