import { MappingError, missingField, rawReader } from '../../src/sdk';

/** Shopify sends both null and a missing field for "no value"; `""` is absent only for text, ids and amounts. */
const reader = rawReader({ blankIsAbsent: false, numbersAsText: true });
export const { absent, obj, list, text, requiredText, int, bool, optionalBool, amount, timestamp } = reader;

/**
 * Shopify ids are 64-bit integers sent as JSON numbers. Past 2^53 a JSON parser has already rounded them, so an
 * unsafe number is refused rather than turned into the id of some other order.
 */
export function id(value: unknown, path: string): string {
  if (value === '') throw missingField(path);
  if (typeof value === 'number' && (!Number.isSafeInteger(value) || value < 0))
    throw new MappingError('MAPPING_FAILED', path, `id at ${path} is not exactly representable`);
  return reader.id(value, path);
}

/** An optional Shopify id at `path`, as a string. */
export function optionalId(value: unknown, path: string): string | undefined {
  return absent(value) ? undefined : id(value, path);
}

/** Reads `shop_money.amount` of a MoneyBag: the shop currency every canonical amount is in. */
export function shopMoney(value: unknown, path: string, currency: string): string | undefined {
  if (absent(value)) return undefined;
  const bag = obj(value, path);
  const shop = obj(bag['shop_money'], `${path}/shop_money`);
  return amount(shop['amount'], `${path}/shop_money/amount`, currency);
}
