import {
  missingField,
  own,
  unknownValue,
  type Address,
  type CanonicalDraft,
  type Customer,
  type JsonObject,
} from '../../src/sdk';

type Fulfillment = NonNullable<CanonicalDraft['fulfillment']>;
import { absent, list, obj, requiredText, text, timestamp } from './raw';

const COUNTRY_RE = /^[A-Z]{2}$/;

/** Where each fulfilment type keeps its details. */
const DETAILS: Readonly<Record<string, string>> = {
  SHIPMENT: 'shipment_details',
  DELIVERY: 'delivery_details',
  PICKUP: 'pickup_details',
};

const FULFILLMENT_STATES: ReadonlySet<string> = new Set([
  'PROPOSED',
  'RESERVED',
  'PREPARED',
  'COMPLETED',
  'CANCELED',
  'FAILED',
]);

/** One fulfilment that still counts (not CANCELED or FAILED), with its details object. */
export interface ActiveFulfillment {
  type: string;
  state: string;
  details: JsonObject | null;
  path: string;
}

/** Reads `fulfillments[]`, refusing types and states this connector has no rule for. */
export function activeFulfillments(order: JsonObject): ActiveFulfillment[] {
  return list(order['fulfillments'], '/fulfillments').flatMap((raw, i) => {
    const path = `/fulfillments/${i}`;
    const f = obj(raw, path);
    const type = requiredText(f['type'], `${path}/type`);
    const key = own(DETAILS, type);
    if (key === undefined) throw unknownValue(`${path}/type`, 'fulfillment type');
    const state = requiredText(f['state'], `${path}/state`);
    if (!FULFILLMENT_STATES.has(state)) throw unknownValue(`${path}/state`, 'fulfillment state');
    if (state === 'CANCELED' || state === 'FAILED') return [];
    const details = absent(f[key]) ? null : obj(f[key], `${path}/${key}`);
    return [{ type, state, details, path: `${path}/${key}` }];
  });
}

function recipient(f: ActiveFulfillment | undefined): { value: JsonObject; path: string } | null {
  if (!f?.details || absent(f.details['recipient'])) return null;
  return { value: obj(f.details['recipient'], `${f.path}/recipient`), path: `${f.path}/recipient` };
}

/** The address goods go to: the first shipment or delivery. Pickups and counter sales have none. */
export function mapShippingAddress(fulfillments: ActiveFulfillment[]): Address | null {
  const f = fulfillments.find((x) => x.type === 'SHIPMENT' || x.type === 'DELIVERY');
  const r = recipient(f);
  if (!r || absent(r.value['address'])) return null;
  const path = `${r.path}/address`;
  const a = obj(r.value['address'], path);
  const countryCode = text(a['country'], `${path}/country`);
  if (countryCode === null) throw missingField(`${path}/country`);
  // ZZ is Square's "unknown country".
  if (!COUNTRY_RE.test(countryCode) || countryCode === 'ZZ')
    throw unknownValue(`${path}/country`, 'country code');
  return {
    name: text(r.value['display_name'], `${r.path}/display_name`),
    firstName: text(a['first_name'], `${path}/first_name`),
    lastName: text(a['last_name'], `${path}/last_name`),
    company: null,
    line1: text(a['address_line_1'], `${path}/address_line_1`),
    line2: text(a['address_line_2'], `${path}/address_line_2`),
    district: text(a['sublocality'], `${path}/sublocality`),
    city: text(a['locality'], `${path}/locality`),
    province: text(a['administrative_district_level_1'], `${path}/administrative_district_level_1`),
    provinceCode: null,
    postalCode: text(a['postal_code'], `${path}/postal_code`),
    countryCode,
    phone: text(r.value['phone_number'], `${r.path}/phone_number`),
    pii: 'none',
  };
}

/**
 * The buyer: Square orders carry only `customer_id`; name, e-mail and phone come from the first fulfilment's
 * recipient. A counter sale has none of them.
 */
export function mapCustomer(order: JsonObject, fulfillments: ActiveFulfillment[]): Customer {
  const r = recipient(fulfillments[0]);
  const address = r && !absent(r.value['address']) ? obj(r.value['address'], `${r.path}/address`) : null;
  const customer: Customer = {
    email: r ? text(r.value['email_address'], `${r.path}/email_address`) : null,
    phone: r ? text(r.value['phone_number'], `${r.path}/phone_number`) : null,
    firstName: address ? text(address['first_name'], `${r?.path ?? ''}/address/first_name`) : null,
    lastName: address ? text(address['last_name'], `${r?.path ?? ''}/address/last_name`) : null,
    name: r ? text(r.value['display_name'], `${r.path}/display_name`) : null,
  };
  const id = text(order['customer_id'], '/customer_id');
  if (id !== null) customer.id = id;
  if ([customer.email, customer.phone, customer.name].some((v) => v !== null)) customer.pii = 'none';
  return customer;
}

/** Location, requested service and promised times of the first fulfilment. */
export function mapFulfillment(order: JsonObject, fulfillments: ActiveFulfillment[]): Fulfillment {
  const out: Fulfillment = {};
  const location = text(order['location_id'], '/location_id');
  if (location !== null) out.locationId = location;
  const f = fulfillments[0];
  if (!f) return out;
  const d = f.details;
  const service = d ? text(d['shipping_type'], `${f.path}/shipping_type`) : null;
  out.requestedService = service === null ? f.type : `${f.type}: ${service}`;
  if (d && !absent(d['expected_shipped_at']))
    out.shipBy = timestamp(d['expected_shipped_at'], `${f.path}/expected_shipped_at`);
  if (d && !absent(d['deliver_at'])) out.deliverBy = timestamp(d['deliver_at'], `${f.path}/deliver_at`);
  if (d && !absent(d['pickup_at'])) out.deliverBy = timestamp(d['pickup_at'], `${f.path}/pickup_at`);
  return out;
}
