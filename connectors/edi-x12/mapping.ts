import { lookup, MappingError, missingField, type CanonicalOrder, type MappingContext } from '../../src/sdk';
import { resolveConfig, type EdiParty, type EdiX12Config } from './config';
import { text, type Delimiters } from './x12';

/** What `fromCanonical` gives `deliver`: the 940's transaction body; the envelope is added when it is sent. */
export interface Edi940Payload {
  /** The hub's order id, sent as W05-02 (the depositor order number the 945 echoes in W06-02). */
  orderId: string;
  revision: number;
  /** Segments between ST and SE, each as [id, element1, element2, …]; W05-01 is set per operation on delivery. */
  segments: string[][];
}

/** The delimiters this connector writes with. */
export const WRITE_DELIMITERS: Delimiters = { element: '*', segment: '~', component: '>' };
export const CARRIER_TABLE = 'edi-x12-carrier';

const t = (value: string | null | undefined, max: number): string => text(value ?? '', max, WRITE_DELIMITERS);

/** Date part (CCYYMMDD) of a UTC instant as seen at the partner's offset. */
export function partnerDate(utc: string, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h = '0', m = '0'] = offset.slice(1).split(':');
  const shifted = new Date(Date.parse(utc) + sign * (Number(h) * 60 + Number(m)) * 60_000);
  return shifted.toISOString().slice(0, 10).replaceAll('-', '');
}

function partyLoop(code: string, p: EdiParty): string[][] {
  return [['N1', code, t(p.name, 60), ...(p.idQualifier && p.id ? [p.idQualifier, t(p.id, 80)] : [])]];
}

/** An identifier must fit whole: cutting it would point at another record. */
function identifier(value: string, max: number, path: string): string {
  const clean = t(value, 1000);
  if (clean.length === 0) throw missingField(path);
  if (clean.length > max)
    throw new MappingError('MAPPING_FAILED', path, `${path} is longer than the ${max} characters X12 allows`);
  return clean;
}

function shipToLoop(order: CanonicalOrder): string[][] {
  const a = order.shippingAddress;
  if (!a) throw missingField('/shippingAddress');
  const name = a.name ?? [a.firstName, a.lastName].filter(Boolean).join(' ');
  if (!name) throw missingField('/shippingAddress/name');
  if (!a.line1) throw missingField('/shippingAddress/line1');
  if (!a.city) throw missingField('/shippingAddress/city');
  // N3 has two lines: the district (区/县) of a Chinese address travels with line 2 so it is not lost.
  const line2 = [a.line2, a.district].filter(Boolean).join(' ');
  const state = a.provinceCode ?? '';
  if (!state && ['US', 'CA'].includes(a.countryCode)) throw missingField('/shippingAddress/provinceCode');
  const out: string[][] = [
    ['N1', 'ST', t(name, 60)],
    [
      'N3',
      identifier(a.line1, 55, '/shippingAddress/line1'),
      ...(line2 ? [identifier(line2, 55, '/shippingAddress/line2')] : []),
    ],
    ['N4', t(a.city, 30), t(state, 2), t(a.postalCode, 15), a.countryCode],
  ];
  if (a.phone) out.push(['PER', 'IC', t(name, 60), 'TE', t(a.phone, 80)]);
  return out;
}

function carrierSegment(order: CanonicalOrder, ctx: MappingContext<EdiX12Config>): string[] {
  const config = resolveConfig(ctx.config);
  const first = order.shippingLines[0];
  const key = order.fulfillment?.requestedService ?? first?.code ?? first?.title;
  const path = order.fulfillment?.requestedService
    ? '/fulfillment/requestedService'
    : '/shippingLines/0/code';
  if (!key) throw missingField('/shippingLines/0');
  const scac = lookup(ctx.tables, CARRIER_TABLE, key);
  if (!scac)
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      path,
      `no SCAC for shipping service "${key}" in lookup table ${CARRIER_TABLE}`,
    );
  const routing = t(first?.title ?? key, 35);
  return ['W66', config.freightPayment, config.transportMethod, '', '', routing, '', '', '', '', scac];
}

/** Builds the 940 transaction body from a canonical order. Pure: no clock, no I/O. */
export function to940(order: CanonicalOrder, ctx: MappingContext<EdiX12Config>): Edi940Payload {
  const config = resolveConfig(ctx.config);
  const shipped = order.lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.requiresShipping !== false && line.giftCard !== true);
  if (shipped.length === 0)
    throw new MappingError('MAPPING_FAILED', '/lines', 'no line of the order needs shipping');

  const po = t(order.channel.orderNumber, 100);
  const segments: string[][] = [
    ['W05', 'N', identifier(order.id, 30, '/id'), ...(po.length <= 22 ? [po] : [])],
  ];
  segments.push(...shipToLoop(order));
  if (config.shipFrom) segments.push(...partyLoop('SF', config.shipFrom));
  if (config.depositor) segments.push(...partyLoop('DE', config.depositor));
  segments.push(['N9', 'CO', identifier(order.channel.orderNumber, 30, '/channel/orderNumber')]);
  if (order.fulfillment?.shipBy)
    segments.push(['G62', '10', partnerDate(order.fulfillment.shipBy, config.partnerUtcOffset)]);
  if (order.fulfillment?.deliverBy)
    segments.push(['G62', '02', partnerDate(order.fulfillment.deliverBy, config.partnerUtcOffset)]);
  if (order.note) segments.push(['NTE', 'WHI', t(order.note, 80)]);
  segments.push(carrierSegment(order, ctx));

  let units = 0;
  let grams = 0;
  let weighed = true;
  shipped.forEach(({ line, index }, i) => {
    if (!line.sku) throw missingField(`/lines/${index}/sku`);
    const description = line.variantName ? `${line.name} - ${line.variantName}` : line.name;
    segments.push(['LX', String(i + 1)]);
    segments.push([
      'W01',
      String(line.quantity),
      config.unitOfMeasure,
      '',
      'SK',
      identifier(line.sku, 48, `/lines/${index}/sku`),
    ]);
    segments.push(['G69', t(description, 45)]);
    // The channel's line id comes back in the 945's N9*LI, so partial shipments name their lines.
    const lineRef = t(line.id, 100);
    if (lineRef.length > 0 && lineRef.length <= 30) segments.push(['N9', 'LI', lineRef]);
    units += line.quantity;
    if (typeof line.weightGrams === 'number') grams += line.weightGrams * line.quantity;
    else weighed = false;
  });
  const weight = config.weightUnit === 'KG' ? grams / 1000 : grams / 453.59237;
  segments.push(
    weighed && grams > 0
      ? ['W76', String(units), String(Math.round(weight * 100) / 100), config.weightUnit]
      : ['W76', String(units)],
  );
  return { orderId: order.id, revision: order.revision, segments };
}
