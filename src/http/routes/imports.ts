import type { FastifyInstance } from 'fastify';
import { HubError } from '../../core/errors';
import type { Hub } from '../../hub';
import { orderContentHash } from '../../core/ids';
import type { CanonicalDraft, CanonicalOrder } from '../../core/order';
import { dryRun } from '../../pipeline/dry-run';
import type { AnySource } from '../../registry';
import { errorResponses } from '../schemas';
import { enabledSource } from './intake';

/** The draft part of a canonical order, as normalization hashes it. */
function withoutIdentity(order: CanonicalOrder): CanonicalDraft {
  const { schemaVersion: _v, id: _id, revision: _r, ...draft } = order;
  return draft;
}

function safeExternalId(definition: AnySource, record: unknown): string | null {
  try {
    return definition.identify(record).externalId;
  } catch {
    return null;
  }
}

/** Upper bound of any upload, whatever a connector declares: imports are held in memory while parsed. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * File imports (CSV, XLSX from marketplaces or spreadsheets). The answer lists every row error with its row
 * number and every order that would be quarantined, with its reason; orders are stored as one record each, so
 * importing the same file again stores nothing new.
 */
export function importRoutes(hub: Hub) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    // Files are bytes: keep the body raw in this plugin only.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) =>
      done(null, body),
    );

    app.post<{ Params: { connectionId: string }; Querystring: { filename: string; dryRun?: boolean } }>(
      '/v1/imports/:connectionId',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        config: { role: 'operator' },
        schema: {
          tags: ['intake'],
          summary: 'Import a CSV or XLSX file of orders (the raw file as the body)',
          params: {
            type: 'object',
            properties: { connectionId: { type: 'string', maxLength: 64 } },
            required: ['connectionId'],
          },
          querystring: {
            type: 'object',
            required: ['filename'],
            properties: {
              filename: { type: 'string', minLength: 1, maxLength: 255 },
              dryRun: { type: 'boolean', default: false, description: 'Report only; store nothing.' },
            },
          },
          response: errorResponses(400, 401, 403, 404, 409, 413),
        },
      },
      async (req) => {
        const { resolved, definition } = await enabledSource(hub, req.params.connectionId);
        const spec = definition.files;
        if (!spec) throw new HubError('INTAKE_UNSUPPORTED');
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (bytes.length > spec.maxBytes)
          throw new HubError(
            'API_BODY_TOO_LARGE',
            `This connection takes files up to ${spec.maxBytes} bytes.`,
          );
        const mapping = { connectionId: resolved.record.id, config: resolved.config, tables: hub.tables };
        let parsed;
        try {
          parsed = await spec.parse(
            {
              name: req.query.filename,
              contentType: req.headers['content-type'] ?? '',
              bytes,
              receivedAt: hub.now().toISOString(),
            },
            mapping,
          );
        } catch (error) {
          throw new HubError(
            'IMPORT_FILE_UNREADABLE',
            error instanceof Error ? `The file could not be read: ${error.message}` : undefined,
          );
        }
        // Orders that would not map are still stored: they wait in quarantine with their reason, for replay.
        // Orders the hub already has with the same content are left out: importing a file again changes nothing.
        const quarantined: { externalId: string | null; code: string; message: string }[] = [];
        const fresh: unknown[] = [];
        let unchanged = 0;
        for (const record of parsed.records) {
          const preview = dryRun(definition, record, mapping);
          if (!preview.ok) {
            quarantined.push({
              externalId: safeExternalId(definition, record),
              code: preview.code,
              message: preview.message,
            });
            fresh.push(record);
            continue;
          }
          const current = await hub.store.getOrder(preview.order.id);
          if (current && current.hash === orderContentHash(withoutIdentity(preview.order))) unchanged += 1;
          else fresh.push(record);
        }
        const stored =
          req.query.dryRun || fresh.length === 0
            ? { stored: 0, duplicates: 0 }
            : await hub.ingestor.ingest(resolved.record.id, definition, fresh, 'import');
        return {
          file: req.query.filename,
          orders: parsed.records.length,
          stored: stored.stored,
          duplicates: stored.duplicates,
          unchanged,
          rowErrors: parsed.errors,
          quarantined,
          dryRun: req.query.dryRun ?? false,
        };
      },
    );
  };
}
