import { localTimestamp } from './amounts';
import { buildOrder } from './order-builder';
import { rng } from './prng';
import type { SandboxOrder } from './record';

/**
 * The sandbox shop's deterministic order stream, usable without the hub (bench, tests, demos).
 *
 * Time is cut into minute buckets. Bucket `m` holds exactly `ordersPerMinute` records, one per slot; a slot's
 * time within the minute and whether it is a new order or an update of an earlier one come from a PRNG keyed
 * by (seed, m, slot), and the order itself from (seed, m, slot) as well. Nothing depends on the window asked
 * for, so the same window always yields byte-identical records and every record lies in exactly one of two
 * adjacent windows.
 */

/** Settings of the stream. */
export interface GeneratorOptions {
  /** Default `"sandbox"`. Different seeds give different shops. */
  seed?: string;
  /** Records per minute, 0–600. Default 6. */
  ordersPerMinute?: number;
  /** Share (0–1) of records carrying an unknown status, so the hub quarantines them. Default 0. */
  badOrderRate?: number;
}

/** Options of `generateOrders`: a time window, or a start and a count. */
export interface GenerateOptions extends GeneratorOptions {
  /** Start (inclusive), ISO timestamp or Date. */
  from: string | Date;
  /** End (exclusive). */
  to?: string | Date;
  /** Instead of `to`: this many records from `from` on. */
  count?: number;
}

/** Seed when none is configured. */
export const DEFAULT_SEED = 'sandbox';
/** Records per minute when none is configured. */
export const DEFAULT_ORDERS_PER_MINUTE = 6;
/** Upper bound of `ordersPerMinute`: order ids keep three digits for the slot. */
export const MAX_ORDERS_PER_MINUTE = 600;
/** Share of slots that update an order placed 2–90 minutes earlier (payment captured, shipped, cancelled). */
export const UPDATE_SHARE = 0.15;
/** The status value bad records carry: not one the sandbox shop documents, so mapping refuses it. */
export const BAD_STATUS = 'awaiting_review';
/** Largest page `fetchPage` returns. */
export const PAGE_SIZE = 50;

const MINUTE = 60_000;

interface Settings {
  seed: string;
  perMinute: number;
  badRate: number;
}

function settings(o: GeneratorOptions): Settings {
  const perMinute = o.ordersPerMinute ?? DEFAULT_ORDERS_PER_MINUTE;
  const badRate = o.badOrderRate ?? 0;
  if (!Number.isInteger(perMinute) || perMinute < 0 || perMinute > MAX_ORDERS_PER_MINUTE) {
    throw new RangeError(`ordersPerMinute must be an integer from 0 to ${MAX_ORDERS_PER_MINUTE}`);
  }
  if (!(badRate >= 0 && badRate <= 1)) throw new RangeError('badOrderRate must be from 0 to 1');
  return { seed: o.seed ?? DEFAULT_SEED, perMinute, badRate };
}

interface SlotPlan {
  atMs: number;
  /** The earlier order this slot updates, when it is an update slot. */
  update: { minute: number; slot: number } | null;
}

function plan(s: Settings, minute: number, slot: number): SlotPlan {
  const r = rng(s.seed, 'slot', minute, slot);
  const atMs = minute * MINUTE + r.int(0, MINUTE - 1);
  const update = r.chance(UPDATE_SHARE)
    ? { minute: minute - r.int(2, 90), slot: r.int(0, s.perMinute - 1) }
    : null;
  return { atMs, update };
}

const CANCEL_REASONS = ['customer', 'fraud', 'inventory'];

/**
 * The order's next state at `atMs`. Depends only on the order, its age and a per-order "fate", so an order's
 * successive updates move forward (pending → paid → fulfilled, or → cancelled) and never back.
 */
function advance(order: SandboxOrder, createdMs: number, atMs: number, fate: number): SandboxOrder | null {
  if (order.source === 'pos') return null;
  const offset = order.created_at.slice(-6);
  const ageMinutes = (atMs - createdMs) / MINUTE;
  let status: string;
  if ((order.status === 'pending' || order.status === 'authorized') && fate < 0.2) status = 'cancelled';
  else if (order.status === 'paid') status = 'fulfilled';
  else status = ageMinutes < 20 ? 'paid' : 'fulfilled';
  const updatedAt = localTimestamp(atMs, offset);
  const cancelled = status === 'cancelled';
  return {
    ...order,
    status,
    updated_at: updatedAt,
    cancelled_at: cancelled ? updatedAt : null,
    cancel_reason: cancelled
      ? (CANCEL_REASONS[Math.floor(fate * 15) % CANCEL_REASONS.length] ?? 'customer')
      : null,
    payment: {
      ...order.payment,
      // Captured one minute after placing: updates come at least two minutes later, so this is always earlier.
      paid_at: cancelled ? null : (order.payment.paid_at ?? localTimestamp(createdMs + MINUTE, offset)),
    },
  };
}

interface Timed {
  atMs: number;
  record: SandboxOrder;
}

/** All records of one minute bucket, ordered by (updated_at, id). */
function minuteRecords(s: Settings, minute: number): Timed[] {
  const out: Timed[] = [];
  const updatedHere = new Set<number>();
  for (let slot = 0; slot < s.perMinute; slot++) {
    const p = plan(s, minute, slot);
    let record: SandboxOrder | null = null;
    const ref = p.update;
    const refKey = ref ? ref.minute * 1000 + ref.slot : -1;
    if (ref && !updatedHere.has(refKey)) {
      const base = plan(s, ref.minute, ref.slot);
      // Only slots that placed an order can be updated; an update of an update is no order at all.
      if (!base.update) {
        const order = buildOrder({ seed: s.seed, minute: ref.minute, slot: ref.slot, atMs: base.atMs });
        record = advance(order, base.atMs, p.atMs, rng(s.seed, 'fate', ref.minute, ref.slot).next());
        if (record) updatedHere.add(refKey);
      }
    }
    // An update slot with nothing to update places a new order instead.
    record ??= buildOrder({ seed: s.seed, minute, slot, atMs: p.atMs });
    // A separate stream, so changing badOrderRate changes nothing else about the records.
    if (s.badRate > 0 && rng(s.seed, 'bad', minute, slot).next() < s.badRate)
      record = { ...record, status: BAD_STATUS };
    out.push({ atMs: p.atMs, record });
  }
  return out.sort(
    (a, b) => a.atMs - b.atMs || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0),
  );
}

// Paging through a busy minute asks for the same bucket again for every page of 50; keeping the last few
// buckets turns that from quadratic into linear work. Pages hand out copies, so callers cannot alter the cache.
const recent = new Map<string, Timed[]>();
const RECENT_MAX = 4;

function cachedMinute(s: Settings, minute: number): Timed[] {
  const key = `${s.seed}\u0000${s.perMinute}\u0000${s.badRate}\u0000${minute}`;
  let hit = recent.get(key);
  if (!hit) {
    hit = minuteRecords(s, minute);
    recent.set(key, hit);
    for (const old of recent.keys()) {
      if (recent.size <= RECENT_MAX) break;
      recent.delete(old);
    }
  }
  return hit;
}

/** One page of a window: the records with `updated_at` in [fromMs, toMs), from the position `pageToken` names. */
export function windowPage(
  options: GeneratorOptions,
  fromMs: number,
  toMs: number,
  pageToken?: string,
  size = PAGE_SIZE,
): { records: SandboxOrder[]; nextPageToken?: string } {
  const s = settings(options);
  const firstMinute = Math.floor(fromMs / MINUTE);
  const lastMinute = Math.floor((toMs - 1) / MINUTE);
  // The token is a position: (minute bucket, index among that bucket's records inside the window).
  let minute = firstMinute;
  let skip = 0;
  if (pageToken !== undefined) {
    const match = /^(-?\d+):(\d+)$/.exec(pageToken);
    minute = Number(match?.[1]);
    skip = Number(match?.[2]);
    if (!match || minute < firstMinute || minute > lastMinute)
      throw new RangeError('page token does not belong to this window');
  }
  const records: SandboxOrder[] = [];
  for (; minute <= lastMinute && fromMs < toMs; minute++, skip = 0) {
    const inWindow = cachedMinute(s, minute).filter((t) => t.atMs >= fromMs && t.atMs < toMs);
    for (let i = skip; i < inWindow.length; i++) {
      const t = inWindow[i];
      if (!t) continue;
      // Only hand out a token when a record is known to follow, so the last page never points at nothing.
      if (records.length === size) return { records, nextPageToken: `${minute}:${i}` };
      records.push(structuredClone(t.record));
    }
  }
  return { records };
}

function instant(value: string | Date, what: string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a timestamp`);
  return ms;
}

/**
 * Generates sandbox-shop order records, ordered by (updated_at, id): every record with `updated_at` in
 * [from, to), or the first `count` records from `from` on. The records are what the connector's `pull` returns
 * for the same settings and what its webhook accepts, so bench and tests can push them at the hub.
 */
export function generateOrders(options: GenerateOptions): SandboxOrder[] {
  const s = settings(options);
  const fromMs = instant(options.from, 'from');
  if (options.to !== undefined) {
    const toMs = instant(options.to, 'to');
    const out: SandboxOrder[] = [];
    for (let minute = Math.floor(fromMs / MINUTE); minute * MINUTE < toMs; minute++) {
      for (const t of minuteRecords(s, minute)) if (t.atMs >= fromMs && t.atMs < toMs) out.push(t.record);
    }
    return out;
  }
  const count = options.count;
  if (count === undefined || !Number.isInteger(count) || count < 0)
    throw new RangeError('give `to` or a whole `count`');
  if (count > 0 && s.perMinute === 0) throw new RangeError('ordersPerMinute is 0: no records to count');
  const out: SandboxOrder[] = [];
  for (let minute = Math.floor(fromMs / MINUTE); out.length < count; minute++) {
    for (const t of minuteRecords(s, minute)) if (t.atMs >= fromMs && out.length < count) out.push(t.record);
  }
  return out;
}
