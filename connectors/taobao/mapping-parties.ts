import { own, unknownValue, type Address, type Customer, type JsonObject } from '../../src/sdk';
import { absent, text } from './raw';

/** `receiver_country` values; TOP leaves it empty for the mainland. */
const COUNTRIES: Readonly<Record<string, string>> = {
  中国: 'CN',
  中国大陆: 'CN',
  CN: 'CN',
  中国香港: 'HK',
  香港: 'HK',
  中国澳门: 'MO',
  澳门: 'MO',
  中国台湾: 'TW',
  台湾: 'TW',
};

/**
 * The buyer: TOP gives only a masked nick and the open uid, never an e-mail. Both are kept as given and the
 * customer is marked `masked`.
 */
export function mapCustomer(trade: JsonObject): Customer {
  const customer: Customer = {
    email: null,
    phone: null,
    name: text(trade['buyer_nick'], '/buyer_nick'),
    pii: 'masked',
  };
  const openUid = text(trade['buyer_open_uid'], '/buyer_open_uid');
  if (openUid !== null) customer.id = openUid;
  return customer;
}

/**
 * The receiver. TOP masks name, phones and street (`张*`, `138****0000`, `文二西路**号`) and gives an `oaid` for
 * decryption through its own services; the masked text is kept exactly and marked `masked`. Province, city,
 * district and town are in clear. A trade without any receiver field (virtual goods) has no address.
 */
export function mapAddress(trade: JsonObject): Address | null {
  const t = (key: string) => text(trade[key], `/${key}`);
  const fields = ['receiver_name', 'receiver_mobile', 'receiver_phone', 'receiver_state', 'receiver_address'];
  if (fields.every((k) => absent(trade[k]))) return null;
  const country = t('receiver_country');
  const countryCode = country === null ? 'CN' : own(COUNTRIES, country);
  if (countryCode === undefined) throw unknownValue('/receiver_country', 'receiver_country');
  const name = t('receiver_name');
  const phone = t('receiver_mobile') ?? t('receiver_phone');
  const line1 = t('receiver_address');
  return {
    name,
    line1,
    line2: t('receiver_town'),
    district: t('receiver_district'),
    city: t('receiver_city'),
    province: t('receiver_state'),
    postalCode: t('receiver_zip'),
    countryCode,
    phone,
    pii: [name, phone, line1].some((v) => v !== null) ? 'masked' : 'redacted',
  };
}
