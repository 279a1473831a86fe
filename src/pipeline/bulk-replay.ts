import { HubError } from '../core/errors';
import { applyJsonPatch, type JsonPatchOp } from '../core/json-patch';
import type { Hub } from '../hub';
import { dryRun } from './dry-run';
import { replayException } from './replay';

/** At most this many exceptions per bulk call: a bigger batch is paged by the caller. */
export const BULK_REPLAY_MAX = 500;

export interface BulkReplayInput {
  ids: string[];
  /** The same correction applied to each stored payload before it is normalized again. */
  patch?: JsonPatchOp[];
  note?: string;
  /** Answers what each replay would give (the mapping's verdict) and changes nothing. */
  dryRun?: boolean;
}

/** One exception's outcome; a failure is that exception's alone, the others go on. */
export type BulkReplayItem =
  | { id: string; ok: true; action: string }
  | { id: string; ok: true; preview: { ok: boolean; code?: string; message?: string } | null }
  | { id: string; ok: false; error: { code: string; message: string } };

async function storedPayload(hub: Hub, exceptionId: string) {
  const exc = await hub.store.getException(exceptionId);
  if (!exc) throw new HubError('API_NOT_FOUND', 'No such exception.');
  if (exc.state !== 'open') throw new HubError('API_CONFLICT', 'This exception is already resolved.');
  const event = exc.inboxEventId ? await hub.store.getInbox(exc.inboxEventId) : null;
  if (!event || exc.deliveryId) return { exc, payload: undefined };
  try {
    // Parsed as normalization parses it: connectors store 64-bit ids as strings already.
    const payload: unknown = JSON.parse(event.raw);
    return { exc, payload };
  } catch {
    return { exc, payload: undefined };
  }
}

async function preview(hub: Hub, connectionId: string, payload: unknown) {
  const resolved = await hub.connections.resolve(connectionId);
  const definition = resolved ? hub.registry.source(resolved.record.connector) : undefined;
  if (!resolved || !definition) throw new HubError('API_NOT_FOUND', 'The connection is gone.');
  const result = dryRun(definition, payload, {
    connectionId,
    config: resolved.config,
    tables: hub.tables,
  });
  return result.ok ? { ok: true } : { ok: false, code: result.code, message: result.message };
}

async function one(hub: Hub, id: string, input: BulkReplayInput, actor: string): Promise<BulkReplayItem> {
  const { exc, payload } = await storedPayload(hub, id);
  const editable = payload !== undefined;
  if (input.patch && !editable) throw new HubError('EXCEPTION_NOT_EDITABLE');
  const corrected = input.patch ? applyJsonPatch(payload, input.patch) : payload;
  if (input.dryRun)
    return { id, ok: true, preview: editable ? await preview(hub, exc.connectionId, corrected) : null };
  const result = await replayException(
    hub,
    id,
    { ...(input.patch ? { payload: corrected } : {}), ...(input.note ? { note: input.note } : {}) },
    actor,
  );
  return { id, ok: true, action: result.action };
}

/**
 * Replays several exceptions, each on its own: optionally with the same JSON Patch applied to every stored
 * payload (thirty orders quarantined for the same missing field are fixed in one go), optionally as a dry run
 * that answers the mapping's verdict on each corrected payload and stores nothing.
 */
export async function bulkReplay(hub: Hub, input: BulkReplayInput, actor: string): Promise<BulkReplayItem[]> {
  const results: BulkReplayItem[] = [];
  for (const id of new Set(input.ids)) {
    try {
      results.push(await one(hub, id, input, actor));
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      results.push({ id, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}
