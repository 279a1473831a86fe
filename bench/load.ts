import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats';

/** One signed Shopify `orders/create` webhook, serialised ahead of time so the send loop only writes bytes. */
export interface PreparedWebhook {
  /** The Shopify order id, which the hub keeps as `channel.externalId`. */
  externalId: string;
  body: Buffer;
  headers: Record<string, string>;
}

/** The answer to one webhook. Times are `performance.now()` milliseconds. */
export interface Ack {
  externalId: string;
  sentAt: number;
  ackAt: number;
  status: number;
  /** `stored` of the answer, or null when it had none. */
  stored: number | null;
  error: string | null;
}

const FIXTURE = fileURLToPath(new URL('../fixtures/shopify/orders/doc-example-1001.json', import.meta.url));
/** Far from the fixture's own ids, so a bench order is recognisable. */
const ID_BASE = 7_000_000_000;
const FIRST_UPDATE = Date.UTC(2024, 4, 1, 15, 0, 0);

/**
 * Builds webhooks for orders `from … from+count-1`: the documented example order #1001 with its own id,
 * name, number and update time, signed the way Shopify signs (base64 HMAC-SHA256 of the raw body).
 */
export function prepareWebhooks(
  from: number,
  count: number,
  shop: string,
  secret: string,
): PreparedWebhook[] {
  const base: unknown = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  if (typeof base !== 'object' || base === null) throw new Error(`${FIXTURE} is not an order`);
  const out: PreparedWebhook[] = [];
  for (let n = from; n < from + count; n++) {
    const id = ID_BASE + n;
    // A wall-clock time at -05:00, as Shopify writes it; one second apart per order.
    const updatedAt = `${new Date(FIRST_UPDATE + n * 1000).toISOString().slice(0, 19)}-05:00`;
    // A new order, as orders/create delivers it: the documented example without its later refunds and
    // fulfillments (which make it 18 KB instead of the ~11 KB of a fresh three-line order).
    const { refunds: _refunds, fulfillments: _fulfillments, ...fresh } = base as Record<string, unknown>;
    const order = {
      ...fresh,
      financial_status: 'paid',
      id,
      name: `#B${n}`,
      order_number: 100_000 + n,
      number: n,
      updated_at: updatedAt,
    };
    const body = Buffer.from(JSON.stringify(order), 'utf8');
    out.push({
      externalId: String(id),
      body,
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'x-shopify-topic': 'orders/create',
        'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
        'x-shopify-shop-domain': shop,
        'x-shopify-api-version': '2026-10',
        'x-shopify-webhook-id': randomUUID(),
      },
    });
  }
  return out;
}

/** Where webhooks go. */
export interface Target {
  port: number;
  path: string;
  agent: Agent;
}

export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });
}

const REQUEST_TIMEOUT_MS = 30_000;

function send(target: Target, hook: PreparedWebhook): Promise<Ack> {
  return new Promise<Ack>((resolve) => {
    const sentAt = performance.now();
    const finish = (status: number, stored: number | null, error: string | null): void =>
      resolve({ externalId: hook.externalId, sentAt, ackAt: performance.now(), status, stored, error });
    const req = request(
      {
        agent: target.agent,
        host: '127.0.0.1',
        port: target.port,
        method: 'POST',
        path: target.path,
        headers: hook.headers,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('error', (err) => finish(res.statusCode ?? 0, null, err.message));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let stored: number | null = null;
          try {
            const parsed: unknown = JSON.parse(text);
            if (typeof parsed === 'object' && parsed !== null && 'stored' in parsed) {
              stored = typeof parsed.stored === 'number' ? parsed.stored : null;
            }
          } catch {
            // not JSON: reported through `stored: null`
          }
          const error = status === 200 && stored === 1 ? null : `HTTP ${status}: ${text.slice(0, 200)}`;
          finish(status, stored, error);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (err) => finish(0, null, err.message));
    req.end(hook.body);
  });
}

/** Sends every webhook with at most `concurrency` in flight (a closed loop: the next goes when one answers). */
export async function sendClosedLoop(
  target: Target,
  hooks: readonly PreparedWebhook[],
  concurrency: number,
): Promise<Ack[]> {
  const acks: Ack[] = new Array<Ack>(hooks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < hooks.length) {
      const i = next++;
      const hook = hooks[i];
      if (hook) acks[i] = await send(target, hook);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, hooks.length) }, lane));
  return acks;
}

/** Result of a paced run. */
export interface PacedResult {
  acks: Ack[];
  /** How late each send left against its schedule (the bench's own lag), ms. */
  lagsMs: number[];
}

/**
 * Sends webhooks at a fixed rate whatever the answers do (an open loop: a slow answer does not slow the
 * arrivals, as with a real channel), so latency under load is not hidden by the sender waiting.
 */
export async function sendPaced(
  target: Target,
  hooks: readonly PreparedWebhook[],
  ratePerSecond: number,
): Promise<PacedResult> {
  const interval = 1000 / ratePerSecond;
  const pending: Promise<Ack>[] = [];
  const lagsMs: number[] = [];
  const start = performance.now();
  let i = 0;
  while (i < hooks.length) {
    const now = performance.now();
    while (i < hooks.length && start + i * interval <= now) {
      const hook = hooks[i];
      if (hook) {
        lagsMs.push(now - (start + i * interval));
        pending.push(send(target, hook));
      }
      i++;
    }
    if (i < hooks.length) await sleep(Math.max(0, start + i * interval - performance.now()));
  }
  return { acks: await Promise.all(pending), lagsMs };
}
