import {
  configError,
  type ConnectorContext,
  type LookupTables,
  type ShipmentPage,
  type ShipmentReport,
} from '../../src/sdk';
import type { NetSuiteConfig } from './config';
import { nsRequest } from './client';
import { TABLES } from './mapping';

/** Item fulfillments per page. */
export const PAGE_SIZE = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;

/** Offset of `timeZone` at instant `ms`, in minutes east of UTC. Throws RangeError for an unknown zone. */
function offsetMinutes(timeZone: string, ms: number): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const two = (n: number) => String(n).padStart(2, '0');
function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** A wall-clock time NetSuite gave in the user's zone (`YYYY-MM-DDTHH:mm:ss`) with its real offset appended. */
export function withZoneOffset(naive: string, timeZone: string): string {
  const asUtc = Date.parse(`${naive}Z`);
  const first = offsetMinutes(timeZone, asUtc);
  const offset = offsetMinutes(timeZone, asUtc - first * 60_000);
  return `${naive}${formatOffset(offset)}`;
}

/** A UTC instant as wall-clock time in `timeZone` (`YYYY-MM-DD HH:mm:ss`), for SuiteQL comparisons. */
export function toZoneWallClock(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + offsetMinutes(timeZone, ms) * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

async function suiteql(
  ctx: ConnectorContext<NetSuiteConfig>,
  q: string,
  limit: number,
  offset: number,
): Promise<{ items: Record<string, unknown>[]; hasMore: boolean }> {
  const res = await nsRequest(ctx, {
    method: 'POST',
    path: '/query/v1/suiteql',
    query: { limit: String(limit), offset: String(offset) },
    headers: { prefer: 'transient' },
    body: { q },
  });
  const data = isRecord(res.data) ? res.data : {};
  const items = Array.isArray(data.items) ? data.items.filter(isRecord) : [];
  return { items, hasMore: data.hasMore === true };
}

/** Sales order statuses that mean nothing is left to ship: Pending Billing, Billed, Closed. */
const DONE = new Set(['F', 'G', 'H']);

function skuByItemId(tables: LookupTables): Map<string, string> {
  const out = new Map<string, string>();
  for (const [sku, id] of Object.entries(tables[TABLES.item] ?? {})) out.set(id, sku);
  return out;
}

/**
 * Reads shipped item fulfillments created from sales orders the hub sent (external id `ord_…`), changed at or
 * after `since`, with their lines. SuiteQL answers in the integration user's time zone, hence `timeZone`.
 */
export async function fetchShipments(
  ctx: ConnectorContext<NetSuiteConfig>,
  req: { since: string; pageToken?: string },
): Promise<ShipmentPage> {
  const timeZone = ctx.config.timeZone;
  if (!timeZone) {
    throw configError('timeZone is not set, so NetSuite times cannot be read', {
      code: 'NETSUITE_TIMEZONE_MISSING',
      remedy:
        'Set timeZone to the integration user’s time zone (Home > Set Preferences), e.g. America/Chicago.',
    });
  }
  let since: string;
  try {
    since = toZoneWallClock(req.since, timeZone);
  } catch {
    throw configError(`timeZone "${timeZone}" is not an IANA time zone`, {
      code: 'NETSUITE_TIMEZONE_INVALID',
      remedy: 'Use an IANA time zone name such as Europe/Berlin.',
    });
  }
  const offset = Number(req.pageToken ?? '0');
  const headers = await suiteql(
    ctx,
    [
      'SELECT f.id AS id, so.externalid AS orderkey, so.status AS orderstatus, BUILTIN.DF(f.shipmethod) AS shipmethod,',
      'f.trackingnumberlist AS tracking, TO_CHAR(f.lastmodifieddate, \'YYYY-MM-DD"T"HH24:MI:SS\') AS modified',
      "FROM transaction f JOIN transactionline fl ON fl.transaction = f.id AND fl.mainline = 'T'",
      'JOIN transaction so ON so.id = fl.createdfrom',
      `WHERE f.type = 'ItemShip' AND f.status = 'C' AND so.externalid LIKE 'ord%'`,
      `AND f.lastmodifieddate >= TO_DATE('${since}', 'YYYY-MM-DD HH24:MI:SS')`,
      'ORDER BY f.lastmodifieddate, f.id',
    ].join(' '),
    PAGE_SIZE,
    offset,
  );
  const rows = headers.items.filter(
    (r) =>
      /^ord_[a-z0-9]+$/.test(str(r.orderkey) ?? '') &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(str(r.modified) ?? ''),
  );
  const ids = rows.map((r) => str(r.id)).filter((id): id is string => id !== undefined && /^\d+$/.test(id));
  const lines = new Map<string, { sku?: string; quantity: number }[]>();
  if (ids.length > 0) {
    const skus = skuByItemId(ctx.tables);
    const res = await suiteql(
      ctx,
      'SELECT tl.transaction AS fid, tl.item AS item, ABS(tl.quantity) AS quantity FROM transactionline tl ' +
        `WHERE tl.transaction IN (${ids.join(',')}) AND tl.mainline = 'F' AND tl.item IS NOT NULL ORDER BY tl.id`,
      1000,
      0,
    );
    for (const l of res.items) {
      const fid = str(l.fid);
      const quantity = Number(l.quantity);
      if (!fid || !Number.isFinite(quantity) || quantity <= 0) continue;
      const sku = skus.get(str(l.item) ?? '');
      lines.set(fid, [...(lines.get(fid) ?? []), { ...(sku ? { sku } : {}), quantity }]);
    }
  }
  const shipments = rows.map((r): ShipmentReport => {
    const id = str(r.id) ?? '';
    const tracking = (str(r.tracking) ?? '').split(/<br\s*\/?>|[\s,]+/i).filter((t) => t.length > 0);
    const shipped = lines.get(id);
    return {
      orderId: str(r.orderkey) ?? '',
      shipmentId: id,
      shippedAt: withZoneOffset(str(r.modified) ?? '', timeZone),
      carrier: str(r.shipmethod) ?? 'unspecified',
      ...(tracking[0] ? { trackingNumber: tracking[0] } : {}),
      ...(shipped && shipped.length > 0 ? { lines: shipped } : {}),
      final: DONE.has(str(r.orderstatus) ?? ''),
    };
  });
  return headers.hasMore
    ? { shipments, nextPageToken: String(offset + headers.items.length) }
    : { shipments };
}
