/**
 * `npm run bench -- search`: order search and orders per hour on a big SQLite store, through the store API
 * the console's routes call. Fills a fresh file with `--orders` orders (default 100,000) spread over four days
 * (about 25,000 a day), then times searches by customer e-mail and by SKU, a SKU with a rare status, and the
 * 24 h and 72 h orders-per-hour counts; last, the one-time back-fill of the search keys of a store that had none.
 * It reports; it does not judge. See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { contentHash, inboxEventId, orderId } from '../src/core/ids';
import { completeOrder, type CanonicalDraft, type Status } from '../src/core/order';
import { SqliteStore } from '../src/store/sqlite/sqlite-store';
import type { OrderSearchFilter } from '../src/store/types';
import { roundSummary, summarize, type Summary } from './stats';

const USAGE = `usage: npm run bench -- search [--orders N] [--samples S] [--json]

  --orders N    orders in the store (default 100000)
  --samples S   searches timed per kind (default 2000)
  --json        print one JSON object instead of the table`;

const DAYS = 4;
const CUSTOMERS_PER_ORDER = 0.3; // a returning customer every few orders
const CATALOG = 2000;
const BATCH = 500;

/** A deterministic pseudo-random sequence, so two runs search the same store. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Skewed towards the first SKUs: a few best-sellers are on thousands of orders, most on a handful. */
const skuOf = (r: number): string => `SKU-${String(Math.floor(CATALOG * r ** 3)).padStart(5, '0')}`;

function payment(r: number): Status['payment'] {
  return r < 0.9 ? 'paid' : r < 0.96 ? 'pending' : r < 0.99 ? 'refunded' : 'voided';
}

function draft(i: number, rnd: () => number, customers: number): CanonicalDraft {
  const customer = Math.floor(rnd() * customers);
  const lines = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, l) => ({
    id: `l${l}`,
    sku: skuOf(rnd()),
    name: 'Item',
    quantity: 1,
    unitPrice: '10.00',
    discount: '0.00',
    tax: '1.60',
    total: '10.00',
  }));
  const total = `${lines.length * 10}.00`;
  return {
    channel: {
      connector: 'shopify',
      connectionId: `con_${i % 3}`,
      externalId: `${9_000_000 + i}`,
      orderNumber: `#${100_000 + i}`,
      sourceType: 'web',
    },
    placedAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    currency: 'EUR',
    taxesIncluded: true,
    status: {
      order: 'open',
      payment: payment(rnd()),
      fulfillment: rnd() < 0.7 ? 'fulfilled' : 'unfulfilled',
    },
    customer: {
      email: `customer${customer}@example.com`,
      phone: `+1 555 ${String(customer).padStart(7, '0')}`,
      name: 'Jane Doe',
    },
    shippingAddress: { countryCode: 'US', city: 'Springfield', line1: '1 Main St', postalCode: '12345' },
    billingAddress: null,
    lines,
    shippingLines: [],
    taxLines: [],
    discounts: [],
    refunds: [],
    totals: { subtotal: total, discount: '0.00', shipping: '0.00', tax: '0.00', total },
  };
}

export async function fill(store: SqliteStore, orders: number, end: number): Promise<number> {
  const rnd = random(42);
  const customers = Math.max(1, Math.floor(orders * CUSTOMERS_PER_ORDER));
  const step = (DAYS * 86_400_000) / orders;
  const started = performance.now();
  for (let first = 0; first < orders; first += BATCH) {
    const batch: Promise<unknown>[] = [];
    for (let i = first; i < Math.min(orders, first + BATCH); i++) {
      const d = draft(i, rnd, customers);
      const id = orderId(d.channel.connectionId, d.channel.externalId);
      batch.push(
        store.recordOrder({
          orderId: id,
          inboxEventId: inboxEventId(d.channel.connectionId, d.channel.externalId, '1'),
          channelRevision: '1',
          hash: contentHash(d),
          state: 'active',
          build: (revision) => completeOrder(d, id, revision),
          at: new Date(end - (orders - i) * step).toISOString(),
        }),
      );
    }
    await Promise.all(batch);
  }
  return performance.now() - started;
}

async function time(samples: number, run: () => Promise<unknown>): Promise<Summary> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return summarize(ms);
}

interface Figures {
  orders: number;
  fillMs: number;
  fillPerOrderMs: number;
  search: Record<string, ReturnType<typeof roundSummary> & { found: number }>;
  perHour: Record<string, ReturnType<typeof roundSummary> & { counted: number }>;
  backfillMs: number;
  fileMb: number;
}

async function searches(store: SqliteStore, samples: number, orders: number, f: Figures): Promise<void> {
  const rnd = random(7);
  const customers = Math.max(1, Math.floor(orders * CUSTOMERS_PER_ORDER));
  const customer = (): string => String(Math.floor(rnd() * customers)).padStart(7, '0');
  // The console's page sizes: 50 by default, 100 from the orders page.
  const kinds: [string, () => OrderSearchFilter][] = [
    ['e-mail', () => ({ term: `Customer${Number(customer())}@example.com`, limit: 50 })],
    ['SKU', () => ({ term: skuOf(rnd()).toLowerCase(), limit: 100 })],
    ['phone', () => ({ term: `+1 (555) ${customer()}`, limit: 50 })],
    ['best-selling SKU + refunded', () => ({ term: skuOf(0), status: 'refunded', limit: 100 })],
  ];
  for (const [name, filter] of kinds) {
    let found = 0;
    const s = await time(samples, async () => {
      found += (await store.searchOrders(filter())).items.length;
    });
    f.search[name] = { ...roundSummary(s, 2), found: Math.round(found / samples) };
  }
}

async function perHour(store: SqliteStore, end: number, f: Figures): Promise<void> {
  for (const hours of [24, 72]) {
    const from = new Date(end - hours * 3_600_000).toISOString();
    const to = new Date(end).toISOString();
    let counted = 0;
    const s = await time(50, async () => {
      counted = (await store.countOrdersPerHour({ from, to })).reduce((n, c) => n + c.count, 0);
    });
    f.perHour[`${hours} h`] = { ...roundSummary(s, 2), counted };
  }
}

function render(f: Figures): string {
  const row = (
    name: string,
    s: { p50: number | null; p99: number | null; max: number | null },
    extra: string,
  ) =>
    `  ${name.padEnd(30)} p50 ${String(s.p50).padStart(7)} ms   p99 ${String(s.p99).padStart(7)} ms   max ${String(s.max).padStart(7)} ms   ${extra}`;
  return [
    `Order search on SQLite: ${f.orders.toLocaleString('en')} orders over ${DAYS} days, ${f.fileMb} MB file`,
    `  filled in ${(f.fillMs / 1000).toFixed(1)} s (${f.fillPerOrderMs.toFixed(3)} ms per order, search keys included)`,
    'Search (store.searchOrders, one page)',
    ...Object.entries(f.search).map(([k, s]) => row(k, s, `${s.found} orders per answer`)),
    'Orders per hour (store.countOrdersPerHour)',
    ...Object.entries(f.perHour).map(([k, s]) =>
      row(k, s, `${s.counted.toLocaleString('en')} orders counted`),
    ),
    `Back-fill of every order's search keys at first start: ${(f.backfillMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

export async function runSearchBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      orders: { type: 'string' },
      samples: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const orders = Number(values.orders ?? 100_000);
  const samples = Number(values.samples ?? 2000);
  if (!Number.isInteger(orders) || orders < 1 || !Number.isInteger(samples) || samples < 1) {
    console.error(`--orders and --samples must be positive integers\n\n${USAGE}`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'orderhub-bench-search-'));
  const file = join(dir, 'orderhub.db');
  const end = Date.parse('2024-05-05T00:00:00.000Z');
  const log = (m: string) => process.stderr.isTTY && process.stderr.write(`[bench search] ${m}\n`);
  try {
    let store = new SqliteStore(file);
    await store.init();
    log(`recording ${orders} orders`);
    const fillMs = await fill(store, orders, end);
    const f: Figures = {
      orders,
      fillMs,
      fillPerOrderMs: fillMs / orders,
      search: {},
      perHour: {},
      backfillMs: 0,
      fileMb: 0,
    };
    log('timing searches');
    await searches(store, samples, orders, f);
    await perHour(store, end, f);
    await store.close();

    // A store from before search: no keys, version 0; the next start fills them.
    const raw = new Database(file);
    raw.exec('DELETE FROM order_terms; PRAGMA user_version = 0;');
    raw.close();
    log('timing the back-fill');
    const t0 = performance.now();
    store = new SqliteStore(file);
    await store.init();
    f.backfillMs = performance.now() - t0;
    await store.close();
    const size = new Database(file, { readonly: true });
    const pages =
      Number(size.pragma('page_count', { simple: true })) *
      Number(size.pragma('page_size', { simple: true }));
    size.close();
    f.fileMb = Math.round(pages / 1e6);

    if (values.json) process.stdout.write(`${JSON.stringify(f)}\n`);
    else console.log(render(f));
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
