import { missingField, unknownValue, type Address, type Customer, type JsonObject } from '../../src/sdk';
import { absent, id, obj, text } from './raw';

const COUNTRY_RE = /^[A-Z]{2}$/;

/** Maps a v2 address (billing or shipping): `street_1/2`, `state` (a name), `zip`, `country_iso2`. */
export function mapAddress(value: unknown, path: string): Address {
  const a = obj(value, path);
  const countryCode = text(a['country_iso2'], `${path}/country_iso2`);
  if (countryCode === null) throw missingField(`${path}/country_iso2`);
  if (!COUNTRY_RE.test(countryCode)) throw unknownValue(`${path}/country_iso2`, 'country code');
  const firstName = text(a['first_name'], `${path}/first_name`);
  const lastName = text(a['last_name'], `${path}/last_name`);
  return {
    name: [firstName, lastName].filter((p) => p !== null).join(' ') || null,
    firstName,
    lastName,
    company: text(a['company'], `${path}/company`),
    line1: text(a['street_1'], `${path}/street_1`),
    line2: text(a['street_2'], `${path}/street_2`),
    city: text(a['city'], `${path}/city`),
    province: text(a['state'], `${path}/state`),
    provinceCode: null,
    postalCode: text(a['zip'], `${path}/zip`),
    countryCode,
    phone: text(a['phone'], `${path}/phone`),
    pii: 'none',
  };
}

/**
 * The buyer as v2 gives it: the billing address carries name, e-mail and phone; `customer_id` 0 is a guest
 * checkout, which has no customer id.
 */
export function mapCustomer(order: JsonObject): Customer {
  const billing = absent(order['billing_address'])
    ? null
    : obj(order['billing_address'], '/order/billing_address');
  const bp = '/order/billing_address';
  const firstName = billing ? text(billing['first_name'], `${bp}/first_name`) : null;
  const lastName = billing ? text(billing['last_name'], `${bp}/last_name`) : null;
  const customer: Customer = {
    email: billing ? text(billing['email'], `${bp}/email`) : null,
    phone: billing ? text(billing['phone'], `${bp}/phone`) : null,
    firstName,
    lastName,
    name: [firstName, lastName].filter((p) => p !== null).join(' ') || null,
  };
  const customerId = absent(order['customer_id']) ? '0' : id(order['customer_id'], '/order/customer_id');
  if (customerId !== '0') customer.id = customerId;
  const locale = text(order['customer_locale'], '/order/customer_locale');
  if (locale !== null) customer.locale = locale;
  if ([customer.email, customer.phone, firstName, lastName].some((v) => v !== null)) customer.pii = 'none';
  return customer;
}
