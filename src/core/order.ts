import type { CanonicalOrder } from './canonical-order';

export type * from './canonical-order';

/**
 * What a source connector's `toCanonical` returns: the canonical order without the fields the hub owns
 * (`schemaVersion`, `id`, `revision`), which the hub adds when it stores the revision.
 */
export type CanonicalDraft = Omit<CanonicalOrder, 'schemaVersion' | 'id' | 'revision'>;

/** Source types fixed by canonical v1. */
export type SourceType = CanonicalOrder['channel']['sourceType'];

/** Completes a draft into a canonical order with the hub's id and revision. */
export function completeOrder(draft: CanonicalDraft, id: string, revision: number): CanonicalOrder {
  return { schemaVersion: 1, id, revision, ...draft };
}
