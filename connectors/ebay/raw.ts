import { MappingError, money, rawReader } from '../../src/sdk';

/** eBay's "no value" is null or a missing field; text is always a JSON string. */
const reader = rawReader({ blankIsAbsent: false, numbersAsText: false });
export const { absent, obj, list, text, requiredText, currencyCode, timestamp } = reader;
const { amount } = reader;

/** An optional JSON boolean. */
export const flag = reader.optionalBool;

/** A required integer of at least `min` at `path`. */
export const int = (value: unknown, path: string, min: number): number =>
  reader.int(value, path, min, `integer (at least ${min})`);

/** An eBay `Amount` in the order currency, plus what it was converted from when eBay converted it. */
export interface EbayAmount {
  value: string;
  convertedFrom?: { currency: string; value: string };
}

/**
 * Reads an eBay `Amount` (`{value, currency, convertedFromValue?, convertedFromCurrency?}`, value a decimal
 * string). Absent gives undefined. An amount in another currency than the order's is refused: amounts are never
 * converted here.
 */
export function ebayAmount(value: unknown, path: string, currency: string): EbayAmount | undefined {
  if (absent(value)) return undefined;
  const a = obj(value, path);
  const code = currencyCode(a['currency'], `${path}/currency`);
  if (code !== currency) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      `${path}/currency`,
      `amount at ${path} is in ${code}, not the order currency ${currency}`,
    );
  }
  const out: EbayAmount = { value: amount(a['value'], `${path}/value`, currency) };
  if (!absent(a['convertedFromCurrency'])) {
    const from = currencyCode(a['convertedFromCurrency'], `${path}/convertedFromCurrency`);
    out.convertedFrom = {
      currency: from,
      value: amount(a['convertedFromValue'], `${path}/convertedFromValue`, from),
    };
  }
  return out;
}

/** The value of an optional eBay `Amount`, zero when absent. */
export function amountOrZero(value: unknown, path: string, currency: string): string {
  return ebayAmount(value, path, currency)?.value ?? money(0, currency);
}
