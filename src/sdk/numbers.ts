import type { Decimal } from 'decimal.js';
import { dec } from '../core/money';

/**
 * A decimal as the JSON number an API takes. Round first where the API's precision matters: this only changes
 * the representation.
 */
export function jsonNumber(value: string | Decimal): number {
  return Number(dec(value).toFixed());
}
