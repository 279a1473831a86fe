import type { ConfigSchema } from '../../src/sdk';

/** Settings of a phone-order connection. */
export interface PhoneOrderConfig {
  /** ISO 4217 currency every amount on the form is in. */
  currency: string;
  /** True when the prices people enter include tax (EU, UK, AU, CN style). */
  taxesIncluded: boolean;
  /** `phone` for orders taken by phone, `pos` for a shop counter. */
  sourceType: 'phone' | 'pos';
}

export const configSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['currency', 'taxesIncluded', 'sourceType'],
  properties: {
    currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency of every amount.' },
    taxesIncluded: { type: 'boolean', description: 'Prices entered include tax.' },
    sourceType: { enum: ['phone', 'pos'], description: 'phone: taken by phone; pos: at a counter.' },
  },
};
