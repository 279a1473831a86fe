import { checkFallbacks, TEST_BASE_URL, type Names } from './scaffold-templates';

/** `index.ts` of a pulled source: the typed definition literal. */
export function sourceIndex(n: Names): string {
  return `/**
 * ${n.name} source: orders pulled from the ${n.name} API by their last change.
 * TODO: one line on how orders arrive (pull, webhooks, intake) and anything surprising about the channel.
 * @packageDocumentation
 */
import { defineSource } from '../../src/sdk';
import { checkConnection, fetchOrdersPage, RATE_BUCKET } from './client';
import { API_VERSION, CONNECTOR_ID, configSchema, type ${n.pascal}Config } from './config';
import { identifyOrder, mapOrder } from './mapping';

export type { ${n.pascal}Config } from './config';

export default defineSource<${n.pascal}Config>({
  kind: 'source',
  meta: {
    id: CONNECTOR_ID,
    version: '0.1.0',
    displayName: ${n.nameLiteral},
    apiVersion: API_VERSION,
    // TODO: link the API reference of the order list endpoint.
    docsUrl: 'https://example.com/docs/${n.id}/api',
  },
  configSchema,
  check: checkConnection,
  identify: identifyOrder,
  toCanonical: mapOrder,
  // TODO: size from the documented limit, leaving about half for other calls (write-back, reconciliation).
  rateLimits: { [RATE_BUCKET]: { ratePerSecond: 2, burst: 4 } },
  pull: {
    cursorField: 'updatedAt',
    tieBreak: 'id',
    // An order saved just before a poll can be listed a little later; the inbox drops what it already has.
    overlapMs: 2 * 60_000,
    settleDelayMs: 10_000,
    // TODO: the widest window the list endpoint accepts (or remove for no limit).
    maxWindowMs: 24 * 60 * 60_000,
    initialLookbackMs: 7 * 24 * 60 * 60_000,
    defaultIntervalMs: 5 * 60_000,
    fetchPage: fetchOrdersPage,
  },
});
`;
}

/** `client.ts` of a source: authenticated calls, one page of a window, and the check with remedies. */
export function sourceClient(n: Names): string {
  return `import {
  ConnectorError,
  type CheckResult,
  type ConnectorContext,
  type HttpResponse,
  type Page,
  type PageRequest,
} from '../../src/sdk';
import type { ${n.pascal}Config } from './config';

/** The rate bucket every call takes from, declared in the definition's \`rateLimits\`. */
export const RATE_BUCKET = 'api';

/** Orders per page. TODO: the documented maximum of the list endpoint. */
export const PAGE_SIZE = 100;

type Ctx = ConnectorContext<${n.pascal}Config>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One authenticated GET, after taking a token from the connection's shared rate budget. */
async function get(ctx: Ctx, path: string, params: Record<string, string | number | undefined>): Promise<HttpResponse> {
  await ctx.rate.take(RATE_BUCKET);
  return ctx.http.request({
    url: \`\${ctx.config.baseUrl.replace(/\\/+$/, '')}\${path}\`,
    params,
    headers: { authorization: \`Bearer \${ctx.config.apiKey}\`, accept: 'application/json' },
  });
}

/**
 * One page of the orders changed in [from, to). The hub's window engine picks the window and stores the page
 * before it moves the checkpoint; this only asks for it. TODO: the API's own parameter names and time format.
 */
export async function fetchOrdersPage(ctx: Ctx, req: PageRequest): Promise<Page> {
  const res = await get(ctx, '/orders', {
    updated_from: req.from,
    updated_to: req.to,
    limit: PAGE_SIZE,
    page_token: req.pageToken,
  });
  const body = res.data;
  const orders = isRecord(body) ? body['orders'] : undefined;
  if (!isRecord(body) || !Array.isArray(orders)) {
    // Usually a proxy's error page in front of the API: worth another try later.
    throw new ConnectorError('transient', 'GET /orders answered without an orders list', {
      code: '${n.code}_PAGE_INVALID',
      status: res.status,
    });
  }
  const next = body['nextPageToken'];
  return { records: orders, ...(typeof next === 'string' && next.length > 0 ? { nextPageToken: next } : {}) };
}

/** Lists one order to prove the URL and the key, and says what to fix when that fails. */
export async function checkConnection(ctx: Ctx): Promise<CheckResult> {
  try {
    await get(ctx, '/orders', { limit: 1 });
    return { ok: true, detail: 'The API key can list orders.' };
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    return checkFailure(error);
  }
}

function checkFailure(error: ConnectorError): CheckResult {
  const message = error.message;
  if (error.status === 401) {
    return {
      ok: false,
      code: '${n.code}_API_KEY_INVALID',
      message,
      // TODO: the menu path where ${n.name} shows API keys.
      remedy: ${n.nameLiteral} + ' refused the API key: create a new key in its settings and save it in the connection.',
    };
  }
  if (error.status === 403) {
    return {
      ok: false,
      code: '${n.code}_PERMISSION_MISSING',
      message,
      remedy: 'The API key may not read orders: grant it read access to orders, then run the check again.',
    };
  }
${checkFallbacks(n, '  ')}
}
`;
}

/** The starter test of a source: check remedies, a paged pull through the real window engine, a 429. */
export function sourceTest(n: Names): string {
  const origin = new URL(TEST_BASE_URL).origin;
  const path = new URL(TEST_BASE_URL).pathname;
  return `import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConnectorError, createTestContext, fixedClock, pullAll, type PullSpec } from '../../src/sdk';
import type { ${n.pascal}Config } from './config';
import source from './index';

// Fictitious settings; nock answers every call and the network is disabled (test/setup.ts).
const CONFIG: ${n.pascal}Config = { baseUrl: '${TEST_BASE_URL}', apiKey: 'test-api-key' };
const NOW = '2026-03-02T12:00:00.000Z';
const ORDERS = '${path}/orders';

const api = () => nock('${origin}', { reqheaders: { authorization: 'Bearer test-api-key' } });
const context = () => createTestContext(CONFIG, { clock: fixedClock(NOW), rateLimits: source.rateLimits });
/** Just enough of a record for identify and paging; fixtures/${n.id}/orders has full ones. */
const record = (id: string, updatedAt: string) => ({ id, updatedAt });

function pullSpec(): PullSpec<${n.pascal}Config> {
  if (!source.pull) throw new Error('${n.id} declares no pull');
  return source.pull;
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

describe('${n.id} check', () => {
  it('answers ok when the key can list orders', async () => {
    api().get(ORDERS).query({ limit: '1' }).reply(200, { orders: [] });
    expect(await source.check(context())).toMatchObject({ ok: true });
  });

  it('tells ops to replace a refused API key', async () => {
    api().get(ORDERS).query({ limit: '1' }).reply(401, { error: 'unauthorized' });
    const result = await source.check(context());
    expect(result).toMatchObject({ ok: false, code: '${n.code}_API_KEY_INVALID' });
    expect(result.ok ? '' : result.remedy).toMatch(/API key/);
  });
});

describe('${n.id} pull', () => {
  // Watermark 11:00 minus the 2 minute overlap; the window ends 10 s (the settle delay) before now.
  const from = '2026-03-02T10:58:00.000Z';
  const to = '2026-03-02T11:59:50.000Z';

  it('pages through a window behind the settle delay and checkpoints after each page', async () => {
    api()
      .get(ORDERS)
      .query({ updated_from: from, updated_to: to, limit: '100' })
      .reply(200, {
        orders: [record('1001', '2026-03-02T11:10:00Z'), record('1002', '2026-03-02T11:10:00Z')],
        nextPageToken: 'page-2',
      })
      .get(ORDERS)
      .query({ updated_from: from, updated_to: to, limit: '100', page_token: 'page-2' })
      .reply(200, { orders: [record('1003', '2026-03-02T11:40:00Z')] });

    const run = await pullAll(source, context(), { checkpoint: { watermark: '2026-03-02T11:00:00.000Z' } });

    expect(run.records.map((r) => source.identify(r).externalId)).toEqual(['1001', '1002', '1003']);
    expect(run.requests).toEqual([{ from, to }, { from, to, pageToken: 'page-2' }]);
    expect(run.checkpoints.at(-1)).toEqual({ watermark: to });
    expect(run.more).toBe(false);
  });

  it('turns a 429 into rate_limited with the Retry-After wait', async () => {
    api().get(ORDERS).query(true).reply(429, { error: 'slow down' }, { 'retry-after': '30' });
    const error = await rejection(pullSpec().fetchPage(context(), { from, to }));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(30_000);
  });
});
`;
}
