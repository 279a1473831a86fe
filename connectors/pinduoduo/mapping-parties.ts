import { missingField, own, unknownValue, type Address, type Customer, type JsonObject } from '../../src/sdk';
import { text } from './raw';

const COUNTRIES: Readonly<Record<string, string>> = { 中国: 'CN', 中国大陆: 'CN' };

/**
 * Pinduoduo ciphertext: the payload between one delimiter character that also closes it (`~…~` for names and
 * addresses, `$…$` for phone numbers, `#…#` for other kinds). Decryption is Pinduoduo's job, never ours.
 */
const CIPHERTEXT_RE = /^([~$#]).+\1$/s;

function encrypted(order: JsonObject, key: string): string | null {
  const value = text(order[key], `/${key}`);
  if (value !== null && !CIPHERTEXT_RE.test(value)) {
    throw unknownValue(`/${key}`, 'receiver field format (expected Pinduoduo ciphertext)');
  }
  return value;
}

/**
 * The buyer as far as Pinduoduo shows them: only the masked receiver name and phone (`林*坤`, `1*********5`),
 * kept for display and marked `masked`; there is no e-mail. Without masks the customer is `redacted`.
 */
export function mapCustomer(order: JsonObject): Customer {
  const name = text(order['receiver_name_mask'], '/receiver_name_mask');
  const phone = text(order['receiver_phone_mask'], '/receiver_phone_mask');
  return { email: null, phone, name, pii: name === null && phone === null ? 'redacted' : 'masked' };
}

/**
 * The receiver. Name, phone and street come as Pinduoduo ciphertext and are kept exactly as given, marked
 * `encrypted`, for a destination that may decrypt them through Pinduoduo (e.g. its e-waybill service). They
 * are empty once the order has shipped or while risk control holds it: then the address is `redacted`.
 * Province, city and district (`town`) are in clear.
 */
export function mapAddress(order: JsonObject): Address {
  const country = text(order['country'], '/country');
  if (country === null) throw missingField('/country');
  const countryCode = own(COUNTRIES, country);
  if (countryCode === undefined) throw unknownValue('/country', 'country');
  const name = encrypted(order, 'receiver_name');
  const phone = encrypted(order, 'receiver_phone');
  const line1 = encrypted(order, 'receiver_address');
  return {
    name,
    line1,
    district: text(order['town'], '/town'),
    city: text(order['city'], '/city'),
    province: text(order['province'], '/province'),
    countryCode,
    phone,
    pii: name === null && phone === null && line1 === null ? 'redacted' : 'encrypted',
  };
}
