import {
  isJsonObject,
  missingField,
  unknownValue,
  type Address,
  type Customer,
  type JsonObject,
} from '../../src/sdk';
import { absent, flag, list, obj, optionalId, text } from './raw';

/** Maps a Magento order address at `path`; `street` is an array of lines (usually one to four). */
export function mapAddress(value: unknown, path: string): Address | null {
  if (absent(value)) return null;
  const a = obj(value, path);
  const countryCode = text(a['country_id'], `${path}/country_id`);
  if (countryCode === null) throw missingField(`${path}/country_id`);
  if (!/^[A-Z]{2}$/.test(countryCode)) throw unknownValue(`${path}/country_id`, 'country code');
  const street = list(a['street'], `${path}/street`)
    .map((s, i) => text(s, `${path}/street/${i}`))
    .filter((s) => s !== null);
  const firstName = text(a['firstname'], `${path}/firstname`);
  const lastName = text(a['lastname'], `${path}/lastname`);
  return {
    name: [firstName, lastName].filter((p) => p !== null).join(' ') || null,
    firstName,
    lastName,
    company: text(a['company'], `${path}/company`),
    line1: street[0] ?? null,
    // Streets with three or four lines keep every line; nothing is dropped.
    line2: street.length > 1 ? street.slice(1).join(', ') : null,
    city: text(a['city'], `${path}/city`),
    province: text(a['region'], `${path}/region`),
    provinceCode: text(a['region_code'], `${path}/region_code`),
    postalCode: text(a['postcode'], `${path}/postcode`),
    countryCode,
    phone: text(a['telephone'], `${path}/telephone`),
    pii: 'none',
  };
}

/** The shipping address of the first shipping assignment; Magento keeps it off the order's top level. */
export function shippingAssignment(order: JsonObject): JsonObject | undefined {
  const ext = order['extension_attributes'];
  if (!isJsonObject(ext)) return undefined;
  const first = list(ext['shipping_assignments'], '/order/extension_attributes/shipping_assignments')[0];
  if (first === undefined) return undefined;
  const shipping = obj(first, '/order/extension_attributes/shipping_assignments/0')['shipping'];
  return isJsonObject(shipping) ? shipping : undefined;
}

/** Maps the buyer; guests have no customer id, and the phone lives on the billing address. */
export function mapCustomer(order: JsonObject): Customer {
  const firstName = text(order['customer_firstname'], '/order/customer_firstname');
  const lastName = text(order['customer_lastname'], '/order/customer_lastname');
  const email = text(order['customer_email'], '/order/customer_email');
  const billing = isJsonObject(order['billing_address']) ? order['billing_address'] : {};
  const phone = text(billing['telephone'], '/order/billing_address/telephone');
  const customer: Customer = {
    email,
    phone,
    firstName,
    lastName,
    name: [firstName, lastName].filter((p) => p !== null).join(' ') || null,
  };
  if (!flag(order['customer_is_guest'], '/order/customer_is_guest')) {
    const customerId = optionalId(order['customer_id'], '/order/customer_id');
    if (customerId !== undefined) customer.id = customerId;
  }
  if ([email, phone, firstName, lastName].some((v) => v !== null)) customer.pii = 'none';
  return customer;
}
