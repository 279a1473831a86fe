import { HubError } from '../core/errors';
import { orderContentHash, orderId } from '../core/ids';
import { completeOrder, type CanonicalDraft } from '../core/order';
import { checkTotals } from '../core/totals';
import { validateCanonicalOrder } from '../core/validation';
import type { Hub } from '../hub';
import { MappingError } from '../sdk/errors';
import type { InboxEvent } from '../store/types';
import { openException } from './exceptions';
import { routeOrder } from './route';

export type NormalizeOutcome =
  'created' | 'updated' | 'unchanged' | 'stale' | 'held' | 'quarantined' | 'skipped';

class Quarantine extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function mapOrQuarantine(hub: Hub, event: InboxEvent, draftOf: () => CanonicalDraft): CanonicalDraft {
  try {
    return draftOf();
  } catch (error) {
    if (error instanceof MappingError) throw new Quarantine(error.code, error.message);
    if (error instanceof HubError) throw new Quarantine(error.code, error.message);
    // A connector that throws anything else has a bug; the record waits in quarantine for the fix.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : 'mapping threw a non-error';
    hub.log.warn({ eventId: event.id, err: { message } }, 'mapping failed unexpectedly');
    throw new Quarantine('MAPPING_FAILED', message);
  }
}

/**
 * Normalizes one inbox event: maps it with the connector's pure `toCanonical`, validates it against
 * canonical-order.v1, checks that it adds up, stores the revision (an older one never wins) and routes it.
 * Bad records are quarantined with their reason and never block the others. The inbox row is marked done
 * last, so a crash at any point repeats the work, which is idempotent.
 */
export async function normalizeEvent(hub: Hub, eventId: string): Promise<NormalizeOutcome> {
  const event = await hub.store.getInbox(eventId);
  if (!event || event.state !== 'pending') return 'skipped';
  const at = () => hub.now().toISOString();
  const resolved = await hub.connections.resolve(event.connectionId);
  const connector = resolved?.definition.meta.id ?? 'unknown';
  try {
    if (!resolved || resolved.definition.kind !== 'source') {
      throw new Quarantine('CONNECTOR_UNKNOWN', 'The source connection of this record no longer exists.');
    }
    const definition = resolved.definition;
    const mapped = mapOrQuarantine(hub, event, () =>
      definition.toCanonical(JSON.parse(event.raw), {
        connectionId: event.connectionId,
        config: resolved.config,
        tables: hub.tables,
      }),
    );
    if (mapped.channel.externalId !== event.externalId) {
      throw new Quarantine('MAPPING_FAILED', 'The mapped external id differs from the identified one.');
    }
    const draft: CanonicalDraft = {
      ...mapped,
      channel: { ...mapped.channel, connector, connectionId: event.connectionId, revision: event.revision },
    };
    const id = orderId(event.connectionId, event.externalId);
    const check = validateCanonicalOrder(completeOrder(draft, id, 1));
    if (!check.ok) {
      const where = check.errors
        .slice(0, 5)
        .map((e) => `${e.path} ${e.message}`)
        .join('; ');
      throw new Quarantine('CANONICAL_INVALID', `canonical-order.v1: ${where}`);
    }
    const discrepancies = checkTotals(draft);
    const result = await hub.store.recordOrder({
      orderId: id,
      inboxEventId: event.id,
      channelRevision: event.revision,
      hash: orderContentHash(draft),
      state: discrepancies.length ? 'held' : 'active',
      build: (revision) => completeOrder(draft, id, revision),
      at: at(),
    });
    let outcome: NormalizeOutcome = result.outcome;
    if (result.outcome !== 'stale') {
      if (result.order.state === 'held' && discrepancies.length) {
        outcome = 'held';
        await openException(hub, {
          kind: 'held',
          code: 'ORDER_TOTALS_MISMATCH',
          message: discrepancies
            .map((d) => `${d.check} at ${d.where}: expected ${d.expected}, got ${d.actual}`)
            .join('; '),
          connectionId: event.connectionId,
          orderId: id,
          occurrence: result.order.revision,
        });
      }
      await routeOrder(hub, result.order, event.receivedAt);
    }
    await hub.store.updateInbox(
      event.id,
      { state: result.outcome === 'stale' ? 'stale' : 'done', orderId: id },
      at(),
    );
    hub.metrics.normalized.inc({ connector, outcome });
    return outcome;
  } catch (error) {
    if (!(error instanceof Quarantine)) throw error;
    await openException(hub, {
      kind: 'quarantined',
      code: error.code,
      message: error.message,
      connectionId: event.connectionId,
      inboxEventId: event.id,
      occurrence: event.updatedAt,
    });
    await hub.store.updateInbox(
      event.id,
      { state: 'quarantined', errorCode: error.code, errorMessage: error.message.slice(0, 500) },
      at(),
    );
    hub.metrics.normalized.inc({ connector, outcome: 'quarantined' });
    return 'quarantined';
  }
}
