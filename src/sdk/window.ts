import type { ConnectorContext } from './context';
import type { PageRequest, PullCheckpoint, PullSpec } from './define';

/** Defaults of the cursor/window engine, as documented on `PullSpec`. */
export const PULL_DEFAULTS = {
  overlapMs: 60_000,
  settleDelayMs: 0,
  initialLookbackMs: 7 * 86_400_000,
  defaultIntervalMs: 60_000,
} as const;

/** Inputs of one engine run. */
export interface WindowRun<Config> {
  spec: PullSpec<Config>;
  ctx: ConnectorContext<Config>;
  /** The stored checkpoint; null before the first pull. */
  checkpoint: PullCheckpoint | null;
  /** Pages to read before yielding; the run reports `more` and the next run carries on. */
  maxPages: number;
  /** Stores one page's records durably. Called before the checkpoint moves past them. */
  store(records: unknown[], request: PageRequest): Promise<void>;
  saveCheckpoint(checkpoint: PullCheckpoint): Promise<void>;
}

/** What one engine run did. */
export interface WindowRunResult {
  pages: number;
  records: number;
  checkpoint: PullCheckpoint;
  /** True when `maxPages` stopped the run before it caught up. */
  more: boolean;
}

/**
 * The cursor/window engine, shared by the hub and the test kit. Slides windows over the connector's cursor field
 * from the watermark, re-reading `overlapMs` behind it so that records sharing a boundary timestamp are never
 * skipped (the inbox drops what it already has), stays `settleDelayMs` behind now, never asks for more than
 * `maxWindowMs` at once, and stores each page before the checkpoint that moves past it: a crash repeats a page,
 * never skips one.
 */
export async function runWindows<Config>(run: WindowRun<Config>): Promise<WindowRunResult> {
  const { spec, ctx } = run;
  const maxWindow = spec.maxWindowMs ?? Number.POSITIVE_INFINITY;
  // An overlap as wide as the window would never advance.
  const overlap = Math.min(spec.overlapMs ?? PULL_DEFAULTS.overlapMs, maxWindow / 2);
  const settle = spec.settleDelayMs ?? PULL_DEFAULTS.settleDelayMs;
  let cp: PullCheckpoint = run.checkpoint ?? {
    watermark: new Date(
      ctx.clock.now().getTime() - (spec.initialLookbackMs ?? PULL_DEFAULTS.initialLookbackMs),
    ).toISOString(),
  };
  let pages = 0;
  let records = 0;
  while (pages < run.maxPages) {
    const horizon = ctx.clock.now().getTime() - settle;
    const watermark = Date.parse(cp.watermark);
    const from = cp.windowFrom ?? new Date(watermark - overlap).toISOString();
    const to = cp.windowTo ?? new Date(Math.min(horizon, Date.parse(from) + maxWindow)).toISOString();
    if (!cp.windowFrom && Date.parse(to) <= watermark) break;
    const request: PageRequest = { from, to, ...(cp.pageToken ? { pageToken: cp.pageToken } : {}) };
    const page = await spec.fetchPage(ctx, request);
    await run.store(page.records, request);
    pages += 1;
    records += page.records.length;
    cp = page.nextPageToken
      ? { watermark: cp.watermark, windowFrom: from, windowTo: to, pageToken: page.nextPageToken }
      : { watermark: to };
    await run.saveCheckpoint(cp);
    if (!page.nextPageToken && Date.parse(to) >= horizon) break;
  }
  return { pages, records, checkpoint: cp, more: pages >= run.maxPages };
}
