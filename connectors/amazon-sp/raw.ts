import { MappingError, rawReader, unknownValue } from '../../src/sdk';

/** Amazon's "no value" is null or a missing field; text is always a JSON string. */
const reader = rawReader({ blankIsAbsent: false, numbersAsText: false });
export const { absent, obj, list, text, requiredText, currencyCode, timestamp } = reader;
const { amount } = reader;

/** A required integer of at least `min` at `path`. */
export const int = (value: unknown, path: string, min: number): number =>
  reader.int(value, path, min, `integer (at least ${min})`);

/**
 * Amazon sends some flags as JSON booleans and others (IsGift, IsBuyerRequestedCancel) as the strings
 * "true"/"false"; both are read, anything else is refused.
 */
export function flag(value: unknown, path: string): boolean | undefined {
  if (absent(value)) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw unknownValue(path, 'boolean value');
}

/**
 * Reads an SP-API `Money` object (`{CurrencyCode, Amount}`, Amount a decimal string) in the order currency.
 * Absent gives undefined. A different currency inside one order is refused: amounts are never converted.
 */
export function amazonMoney(value: unknown, path: string, currency: string): string | undefined {
  if (absent(value)) return undefined;
  const m = obj(value, path);
  const code = currencyCode(m['CurrencyCode'], `${path}/CurrencyCode`);
  if (code !== currency) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      `${path}/CurrencyCode`,
      `amount at ${path} is in ${code}, not the order currency ${currency}`,
    );
  }
  return amount(m['Amount'], `${path}/Amount`, currency);
}
