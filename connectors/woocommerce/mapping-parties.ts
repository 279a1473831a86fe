import { missingField, unknownValue, type Address, type Customer, type JsonObject } from '../../src/sdk';
import { absent, obj, optionalId, text } from './raw';

const ADDRESS_FIELDS = [
  'first_name',
  'last_name',
  'company',
  'address_1',
  'address_2',
  'city',
  'state',
  'postcode',
  'country',
  'phone',
];

/**
 * Maps `billing` or `shipping` at `path`. WooCommerce always sends both objects, with every field `""` when
 * the order has no such address (virtual goods, POS), so an all-blank object means "no address".
 */
export function mapAddress(value: unknown, path: string): Address | null {
  if (absent(value)) return null;
  const a = obj(value, path);
  if (ADDRESS_FIELDS.every((f) => text(a[f], `${path}/${f}`) === null)) return null;
  const countryCode = text(a['country'], `${path}/country`);
  if (countryCode === null) throw missingField(`${path}/country`);
  if (!/^[A-Z]{2}$/.test(countryCode)) throw unknownValue(`${path}/country`, 'country code');
  const firstName = text(a['first_name'], `${path}/first_name`);
  const lastName = text(a['last_name'], `${path}/last_name`);
  return {
    name: [firstName, lastName].filter((p) => p !== null).join(' ') || null,
    firstName,
    lastName,
    company: text(a['company'], `${path}/company`),
    line1: text(a['address_1'], `${path}/address_1`),
    line2: text(a['address_2'], `${path}/address_2`),
    city: text(a['city'], `${path}/city`),
    // WooCommerce stores the state code (`CA`, `NSW`), or free text for countries without a state list.
    province: null,
    provinceCode: text(a['state'], `${path}/state`),
    postalCode: text(a['postcode'], `${path}/postcode`),
    countryCode,
    phone: text(a['phone'], `${path}/phone`),
    pii: 'none',
  };
}

/** Maps the buyer: WooCommerce keeps the buyer's e-mail and phone on the billing address. */
export function mapCustomer(order: JsonObject): Customer {
  const billing = absent(order['billing']) ? {} : obj(order['billing'], '/order/billing');
  const firstName = text(billing['first_name'], '/order/billing/first_name');
  const lastName = text(billing['last_name'], '/order/billing/last_name');
  const email = text(billing['email'], '/order/billing/email');
  const phone = text(billing['phone'], '/order/billing/phone');
  const customer: Customer = {
    email,
    phone,
    firstName,
    lastName,
    name: [firstName, lastName].filter((p) => p !== null).join(' ') || null,
  };
  const customerId = optionalId(order['customer_id'], '/order/customer_id');
  if (customerId !== undefined) customer.id = customerId;
  if ([email, phone, firstName, lastName].some((v) => v !== null)) customer.pii = 'none';
  return customer;
}
