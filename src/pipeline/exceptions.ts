import { stableId } from '../core/ids';
import type { Hub } from '../hub';
import type { ExceptionKind } from '../store/types';

/**
 * Opens an exception for a person. The id derives from the subject, kind and code, so a stage that runs
 * twice (crash, sweeper) does not open a second one.
 */
export async function openException(
  hub: Hub,
  e: {
    kind: ExceptionKind;
    code: string;
    message: string;
    connectionId: string;
    inboxEventId?: string;
    orderId?: string;
    deliveryId?: string;
    /** Distinguishes repeated exceptions of one subject (e.g. the order revision). */
    occurrence?: string | number;
  },
): Promise<string> {
  const subject = e.deliveryId ?? e.inboxEventId ?? e.orderId ?? e.connectionId;
  const id = stableId('exc', subject, e.kind, e.code, e.occurrence ?? '');
  if (await hub.store.getException(id)) return id;
  await hub.store.insertException({
    id,
    kind: e.kind,
    code: e.code,
    message: e.message.slice(0, 500),
    connectionId: e.connectionId,
    inboxEventId: e.inboxEventId ?? null,
    orderId: e.orderId ?? null,
    deliveryId: e.deliveryId ?? null,
    state: 'open',
    createdAt: hub.now().toISOString(),
    resolvedAt: null,
    resolution: null,
  });
  return id;
}
