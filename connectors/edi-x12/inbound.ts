import type { ShipmentReport } from '../../src/sdk';
import type { ResolvedConfig } from './config';
import { el, type Segment, type Transaction } from './x12';

/** One functional group acknowledged by a 997. */
export interface Acknowledgement {
  /** AK1-01: the functional group acknowledged (`OW` for our 940s). */
  functionalId: string;
  /** AK1-02: our GS06, which is also our ISA13. */
  groupControlNumber: number;
  /** AK9-01: A accepted, E accepted with errors, P partially accepted, R rejected. */
  groupStatus: string;
  /** AK2/AK5 pairs: each transaction set's control number and status. */
  sets: { setControl: string; status: string }[];
  rejected: boolean;
  /** The hub order the group carried, when the sent marker names it. */
  orderId?: string;
}

// G62-05 time codes with a fixed offset; `LT` (local time) and unknown codes use the configured offset.
const TIME_CODES: Readonly<Record<string, string>> = {
  UT: '+00:00',
  GM: '+00:00',
  ES: '-05:00',
  ED: '-04:00',
  CS: '-06:00',
  CD: '-05:00',
  MS: '-07:00',
  MD: '-06:00',
  PS: '-08:00',
  PD: '-07:00',
};

function timestamp(date: string, time: string, offset: string): string | undefined {
  if (!/^\d{8}$/.test(date)) return undefined;
  const t = /^\d{4}(\d{2})?$/.test(time) ? time.padEnd(6, '0') : '000000';
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}${offset}`;
}

interface PackageLine {
  tracking?: string;
  sku?: string;
  lineId?: string;
  ordered: number;
  shipped: number;
}

function lineLoops(body: Segment[]): PackageLine[] {
  const lines: PackageLine[] = [];
  let tracking: string | undefined;
  let current: PackageLine | undefined;
  for (const seg of body) {
    if (seg.id === 'LX') {
      tracking = undefined;
      current = undefined;
    } else if (seg.id === 'MAN' && el(seg, 1) === 'CP') {
      tracking = el(seg, 2) || undefined;
      if (current && !current.tracking && tracking) current.tracking = tracking;
    } else if (seg.id === 'W12') {
      const productId = el(seg, 8);
      current = {
        ordered: Number(el(seg, 2) || '0'),
        shipped: Number(el(seg, 3) || '0'),
        ...(productId ? { sku: productId } : {}),
        ...(tracking ? { tracking } : {}),
      };
      lines.push(current);
    } else if (seg.id === 'N9' && el(seg, 1) === 'LI' && current) {
      current.lineId = el(seg, 2);
    }
  }
  return lines;
}

/**
 * Reads one 945 into shipment reports. A 945 whose lines ship under several parcel tracking numbers (MAN*CP)
 * gives one report per parcel; lines are listed when the 945 does not cover the whole order.
 */
export function shipmentsOf945(tx: Transaction, config: ResolvedConfig): ShipmentReport[] {
  const w06 = tx.body.find((s) => s.id === 'W06');
  const orderId = el(w06, 2);
  if (!w06 || !orderId) return [];
  const firstLx = tx.body.findIndex((s) => s.id === 'LX');
  const header = firstLx < 0 ? tx.body : tx.body.slice(0, firstLx);
  const g62 = header.find((s) => s.id === 'G62' && el(s, 1) === '11');
  const offset = TIME_CODES[el(g62, 5)] ?? config.partnerUtcOffset;
  const shippedAt =
    timestamp(el(g62, 2), el(g62, 4), offset) ?? timestamp(el(w06, 3), '', config.partnerUtcOffset);
  if (!shippedAt) return [];
  const w27 = header.find((s) => s.id === 'W27');
  const carrier = el(w27, 2);
  const service = el(w27, 3);
  const headerTracking = config.trackingQualifiers
    .map((q) => header.find((s) => s.id === 'N9' && el(s, 1) === q))
    .map((s) => el(s, 2))
    .find((v) => v !== '');
  const baseId = el(w06, 4) || `${tx.sender}-${tx.groupControl}-${tx.setControl}`;
  const lines = lineLoops(tx.body);
  const short = lines.some((l) => l.shipped < l.ordered);
  const final = el(w06, 1) === 'F' && !short;
  const parcels = [...new Set(lines.map((l) => l.tracking).filter((t): t is string => Boolean(t)))];
  const toLines = (ls: PackageLine[]) =>
    ls
      .filter((l) => l.shipped > 0)
      .map((l) => ({
        ...(l.sku ? { sku: l.sku } : {}),
        ...(l.lineId ? { lineId: l.lineId } : {}),
        quantity: l.shipped,
      }));
  const base = { orderId, shippedAt, carrier, ...(service ? { service } : {}) };

  if (parcels.length > 1) {
    return parcels.map((tracking, i) => ({
      ...base,
      shipmentId: `${baseId}/${tracking}`,
      trackingNumber: tracking,
      lines: toLines(lines.filter((l) => l.tracking === tracking)),
      final: final && i === parcels.length - 1,
    }));
  }
  const trackingNumber = headerTracking ?? parcels[0];
  return [
    {
      ...base,
      shipmentId: baseId,
      ...(trackingNumber ? { trackingNumber } : {}),
      ...(short ? { lines: toLines(lines) } : {}),
      final,
    },
  ];
}

/** Reads a 997 into the acknowledgement of each group it covers. */
export function acknowledgementsOf997(tx: Transaction): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  let current: Acknowledgement | undefined;
  let pendingSet: string | undefined;
  for (const seg of tx.body) {
    if (seg.id === 'AK1') {
      current = {
        functionalId: el(seg, 1),
        groupControlNumber: Number(el(seg, 2)),
        groupStatus: '',
        sets: [],
        rejected: false,
      };
      out.push(current);
    } else if (seg.id === 'AK2') {
      pendingSet = el(seg, 2);
    } else if (seg.id === 'AK5' && current && pendingSet !== undefined) {
      current.sets.push({ setControl: pendingSet, status: el(seg, 1) });
      pendingSet = undefined;
    } else if (seg.id === 'AK9' && current) {
      current.groupStatus = el(seg, 1);
    }
  }
  for (const ack of out) ack.rejected = ack.groupStatus === 'R' || ack.sets.some((s) => s.status === 'R');
  return out;
}
