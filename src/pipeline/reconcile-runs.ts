import { compileSchema } from '../core/validation';
import type { Hub } from '../hub';
import type { PageOf } from '../store/types';

/** Document kinds of the reconciliation feature (the store's generic documents facility). */
export const RUN_KIND = 'reconciliation-run';
export const WATERMARK_KIND = 'reconciliation-watermark';

/** Where a run stands. `partial` stopped at the page cap (or failed) and resumes on the next tick. */
export type RunStatus = 'running' | 'partial' | 'done' | 'failed';

/** The record of one reconciliation run of one (source connection, bucket). */
export interface ReconciliationRun {
  id: string;
  connectionId: string;
  bucketStart: string;
  bucketEnd: string;
  /** 1 for the bucket's first run; an operator's re-check of a finished bucket is the next pass. */
  pass: number;
  trigger: 'schedule' | 'manual';
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  pagesRead: number;
  /** Records the channel listed for the bucket. */
  channelCount: number;
  recoveredCount: number;
  /** The same count under the name the status page's 24-hour total reads (src/ops/ops-status.ts). */
  recovered: number;
  /** External ids of the recovered orders (the first 5 000). */
  recoveredIds: string[];
  deliveries: { checked: number; confirmed: number; redriven: number; redrivenIds: string[] };
  /** Webhook subscriptions re-registered (`created`) or found in place (`ok`); null when not checked. */
  webhooks: { created: string[]; ok: string[] } | null;
  /** True when the page cap stopped the run before the bucket's end. */
  stoppedEarly: boolean;
  /** Where a stopped run carries on: the window and page token of the next page. */
  resume: { windowFrom: string; pageToken?: string } | null;
  errors: { at: string; code: string; message: string }[];
}

const MAX_IDS = 5_000;
const MAX_ERRORS = 20;

const strings = { type: 'array', items: { type: 'string' } } as const;
const runSchema = {
  type: 'object',
  required: [
    'id',
    'connectionId',
    'bucketStart',
    'bucketEnd',
    'pass',
    'trigger',
    'status',
    'startedAt',
    'finishedAt',
    'pagesRead',
    'channelCount',
    'recoveredCount',
    'recovered',
    'recoveredIds',
    'deliveries',
    'webhooks',
    'stoppedEarly',
    'resume',
    'errors',
  ],
  properties: {
    id: { type: 'string' },
    connectionId: { type: 'string' },
    bucketStart: { type: 'string' },
    bucketEnd: { type: 'string' },
    pass: { type: 'integer', minimum: 1 },
    trigger: { enum: ['schedule', 'manual'] },
    status: { enum: ['running', 'partial', 'done', 'failed'] },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
    pagesRead: { type: 'integer' },
    channelCount: { type: 'integer' },
    recoveredCount: { type: 'integer' },
    recovered: { type: 'integer' },
    recoveredIds: strings,
    deliveries: {
      type: 'object',
      required: ['checked', 'confirmed', 'redriven', 'redrivenIds'],
      properties: {
        checked: { type: 'integer' },
        confirmed: { type: 'integer' },
        redriven: { type: 'integer' },
        redrivenIds: strings,
      },
    },
    webhooks: {
      anyOf: [
        { type: 'null' },
        { type: 'object', required: ['created', 'ok'], properties: { created: strings, ok: strings } },
      ],
    },
    stoppedEarly: { type: 'boolean' },
    resume: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['windowFrom'],
          properties: { windowFrom: { type: 'string' }, pageToken: { type: 'string' } },
        },
      ],
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['at', 'code', 'message'],
        properties: { at: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

const validateRun = compileSchema<ReconciliationRun>(runSchema);
const validateWatermark = compileSchema<{ next: string }>({
  type: 'object',
  required: ['next'],
  properties: { next: { type: 'string' } },
});

/**
 * Id of a run: `<connectionId>:<bucketStartIso>` for the first pass, with `~<pass>` after it for re-checks.
 * Deterministic, so inserting it is the lock that keeps several processes from running one bucket twice.
 */
export function runId(connectionId: string, bucketStart: string, pass = 1): string {
  return pass === 1 ? `${connectionId}:${bucketStart}` : `${connectionId}:${bucketStart}~${pass}`;
}

export function newRun(
  connectionId: string,
  bucketStart: string,
  bucketEnd: string,
  pass: number,
  trigger: ReconciliationRun['trigger'],
  at: string,
): ReconciliationRun {
  return {
    id: runId(connectionId, bucketStart, pass),
    connectionId,
    bucketStart,
    bucketEnd,
    pass,
    trigger,
    status: 'running',
    startedAt: at,
    finishedAt: null,
    pagesRead: 0,
    channelCount: 0,
    recoveredCount: 0,
    recovered: 0,
    recoveredIds: [],
    deliveries: { checked: 0, confirmed: 0, redriven: 0, redrivenIds: [] },
    webhooks: null,
    stoppedEarly: false,
    resume: null,
    errors: [],
  };
}

/** Reads a run back; a stored document that does not match the schema is treated as absent and logged. */
export async function getRun(hub: Hub, id: string): Promise<ReconciliationRun | null> {
  const doc = await hub.store.getDoc(RUN_KIND, id);
  if (!doc) return null;
  const checked = validateRun(doc.value);
  if (checked.ok) return checked.value;
  hub.log.warn({ runId: id, errors: checked.errors }, 'stored reconciliation run is malformed');
  return null;
}

export async function saveRun(hub: Hub, run: ReconciliationRun): Promise<void> {
  run.recovered = run.recoveredCount;
  run.recoveredIds = run.recoveredIds.slice(0, MAX_IDS);
  run.deliveries.redrivenIds = run.deliveries.redrivenIds.slice(0, MAX_IDS);
  run.errors = run.errors.slice(-MAX_ERRORS);
  await hub.store.putDoc(RUN_KIND, run.id, run, hub.now().toISOString());
}

/** Runs newest first, optionally of one connection. */
export async function listRuns(
  hub: Hub,
  filter: { connectionId?: string; cursor?: string; limit: number },
): Promise<PageOf<ReconciliationRun>> {
  const page = await hub.store.listDocs({
    kind: RUN_KIND,
    limit: filter.limit,
    ...(filter.connectionId ? { idPrefix: `${filter.connectionId}:` } : {}),
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
  });
  const items: ReconciliationRun[] = [];
  for (const doc of page.items) {
    const checked = validateRun(doc.value);
    if (checked.ok) items.push(checked.value);
    else hub.log.warn({ runId: doc.id }, 'stored reconciliation run is malformed; left out of the list');
  }
  return { items, nextCursor: page.nextCursor };
}

/** The start of the next bucket the schedule reconciles for a connection; null before its first run. */
export async function getWatermark(hub: Hub, connectionId: string): Promise<string | null> {
  const doc = await hub.store.getDoc(WATERMARK_KIND, connectionId);
  if (!doc) return null;
  const checked = validateWatermark(doc.value);
  return checked.ok ? checked.value.next : null;
}

export async function setWatermark(hub: Hub, connectionId: string, next: string): Promise<void> {
  await hub.store.putDoc(WATERMARK_KIND, connectionId, { next }, hub.now().toISOString());
}
