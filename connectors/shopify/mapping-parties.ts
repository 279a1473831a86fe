import { missingField, unknownValue, type Address, type Customer, type JsonObject } from '../../src/sdk';
import { absent, obj, optionalBool, optionalId, text } from './raw';

const COUNTRY_RE = /^[A-Z]{2}$/;

/**
 * Maps the buyer from the order and its `customer` object. Pure. The order's own `email` and `phone` come
 * first; the customer's are the fallback.
 */
export function mapCustomer(order: JsonObject): Customer {
  const raw = absent(order['customer']) ? null : obj(order['customer'], '/customer');
  const firstName = raw ? text(raw['first_name'], '/customer/first_name') : null;
  const lastName = raw ? text(raw['last_name'], '/customer/last_name') : null;
  const email = text(order['email'], '/email') ?? (raw ? text(raw['email'], '/customer/email') : null);
  const phone = text(order['phone'], '/phone') ?? (raw ? text(raw['phone'], '/customer/phone') : null);
  const name = [firstName, lastName].filter((p) => p !== null).join(' ') || null;
  const customer: Customer = { email, phone, firstName, lastName, name };
  const customerId = raw ? optionalId(raw['id'], '/customer/id') : undefined;
  if (customerId !== undefined) customer.id = customerId;
  const locale = text(order['customer_locale'], '/customer_locale');
  if (locale !== null) customer.locale = locale;
  const taxExempt = optionalBool(order['tax_exempt'], '/tax_exempt');
  if (taxExempt !== undefined) customer.taxExempt = taxExempt;
  // Without protected-customer-data access Shopify sends these as null; only claim "in clear" for what came.
  if ([email, phone, firstName, lastName].some((v) => v !== null)) customer.pii = 'none';
  return customer;
}

/**
 * Maps a shipping or billing address at `path`; absent means no address. Pure. Throws `MappingError` when
 * the country code is missing or not two capital letters.
 */
export function mapAddress(value: unknown, path: string): Address | null {
  if (absent(value)) return null;
  const a = obj(value, path);
  const countryCode = text(a['country_code'], `${path}/country_code`);
  if (countryCode === null) throw missingField(`${path}/country_code`);
  if (!COUNTRY_RE.test(countryCode)) throw unknownValue(`${path}/country_code`, 'country code');
  return {
    name: text(a['name'], `${path}/name`),
    firstName: text(a['first_name'], `${path}/first_name`),
    lastName: text(a['last_name'], `${path}/last_name`),
    company: text(a['company'], `${path}/company`),
    line1: text(a['address1'], `${path}/address1`),
    line2: text(a['address2'], `${path}/address2`),
    city: text(a['city'], `${path}/city`),
    province: text(a['province'], `${path}/province`),
    provinceCode: text(a['province_code'], `${path}/province_code`),
    postalCode: text(a['zip'], `${path}/zip`),
    countryCode,
    phone: text(a['phone'], `${path}/phone`),
    pii: 'none',
  };
}
