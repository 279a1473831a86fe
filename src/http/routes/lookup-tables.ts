import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import { ENTRIES_SCHEMA, TABLE_NAME_PATTERN } from '../../pipeline/lookup-tables';
import { audit } from '../../pipeline/replay';
import { errorResponses } from '../schemas';

const who = (p: { name: string } | undefined) => p?.name ?? 'unknown';
const params = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 100, pattern: TABLE_NAME_PATTERN } },
  required: ['name'],
} as const;
const version = {
  type: 'integer',
  minimum: 0,
  description: 'The version the edit is based on (0: the shipped file); a newer one on the hub answers 409.',
} as const;
const note = {
  type: 'string',
  minLength: 1,
  maxLength: 1000,
  description: 'Why; required, kept in the audit log with who did it.',
} as const;

/**
 * Lookup tables (SKU → item, carrier codes, status maps): the files of `mappings/` with ops overrides on top,
 * so that a quarantined order can be fixed by adding the missing key and replaying, without a deploy.
 */
export function lookupTableRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get(
      '/v1/lookup-tables',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['lookup-tables'],
          summary: 'Lookup tables with entry counts and whether overridden',
        },
      },
      async () => {
        await hub.lookupTables.refresh();
        return { items: hub.lookupTables.list() };
      },
    );

    app.get<{ Params: { name: string } }>(
      '/v1/lookup-tables/:name',
      {
        config: { role: 'viewer' },
        schema: {
          tags: ['lookup-tables'],
          summary: 'One lookup table: entries, source (file or override) and version',
          params,
          response: errorResponses(400, 404),
        },
      },
      async (req) => {
        const table = await hub.lookupTables.get(req.params.name);
        if (!table) throw new HubError('LOOKUP_TABLE_NOT_FOUND');
        return table;
      },
    );

    app.put<{
      Params: { name: string };
      Body: { entries: Record<string, string>; version: number; note: string };
    }>(
      '/v1/lookup-tables/:name',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['lookup-tables'],
          summary: 'Replace the entries of a lookup table (an override of the shipped file)',
          params,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['entries', 'version', 'note'],
            properties: { entries: ENTRIES_SCHEMA, version, note },
          },
          response: errorResponses(400, 403, 409),
        },
      },
      async (req) => {
        const { name } = req.params;
        const { entries, version: base, note: why } = req.body;
        const actor = who(req.principal);
        const at = hub.now().toISOString();
        const saved = await hub.lookupTables.write(name, entries, base, actor, why, at);
        // Keys and counts only: values can be customer accounts and stay out of the log.
        await audit(hub, actor, 'lookup-table.update', name, {
          note: why,
          version: saved.version,
          entries: Object.keys(entries).length,
        });
        return hub.lookupTables.get(name);
      },
    );

    app.delete<{ Params: { name: string }; Querystring: { version: number; note: string } }>(
      '/v1/lookup-tables/:name',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['lookup-tables'],
          summary: 'Drop the override of a lookup table: back to the shipped file',
          params,
          querystring: {
            type: 'object',
            required: ['version', 'note'],
            properties: { version, note },
          },
          response: errorResponses(400, 403, 404, 409),
        },
      },
      async (req) => {
        const { name } = req.params;
        const current = await hub.lookupTables.get(name);
        if (!current || current.source !== 'override')
          throw new HubError('LOOKUP_TABLE_NOT_FOUND', 'This table has no override to drop.');
        const actor = who(req.principal);
        const at = hub.now().toISOString();
        const saved = await hub.lookupTables.write(name, null, req.query.version, actor, req.query.note, at);
        await audit(hub, actor, 'lookup-table.reset', name, { note: req.query.note, version: saved.version });
        return (
          (await hub.lookupTables.get(name)) ?? { name, source: 'file', version: saved.version, entries: {} }
        );
      },
    );
  };
}
