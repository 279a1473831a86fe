import { describe, expect, it } from 'vitest';
import {
  channelCustomer,
  mappingFailure,
  addDays,
  buyerDisplayName,
  channelLookupKeys,
  jsonNumber,
  localDay,
  lookupFirst,
  quoteKeys,
  requireLookup,
  requireLookupFirst,
  taxLookupKey,
  type CanonicalOrder,
  type LookupTables,
} from '../../src/sdk';

const tables: LookupTables = {
  'acme-customer': { con_shop: 'C-1', 'shopify/eu': 'C-EU', shopify: 'C-SHOP', '*': 'C-ANY' },
  'acme-tax': { NONE: 'EXEMPT', 'City Tax + State Tax': 'TAX-NYC' },
};

const channelOf = (storeId?: string): Pick<CanonicalOrder, 'channel'> => ({
  channel: {
    connector: 'shopify',
    connectionId: 'con_shop',
    sourceType: 'web',
    externalId: '1001',
    orderNumber: '#1001',
    ...(storeId === undefined ? {} : { storeId }),
  },
});

describe('lookup chains', () => {
  it('lists channel keys most specific first, with the store only when there is one', () => {
    expect(channelLookupKeys(channelOf('eu'))).toEqual(['con_shop', 'shopify/eu', 'shopify', '*']);
    expect(channelLookupKeys(channelOf())).toEqual(['con_shop', 'shopify', '*']);
  });

  it('takes the first key the table has, and nothing from a missing table or key', () => {
    expect(lookupFirst(tables, 'acme-customer', ['con_other', 'shopify/eu', 'shopify'])).toBe('C-EU');
    expect(lookupFirst(tables, 'acme-customer', ['nope'])).toBeUndefined();
    expect(lookupFirst(tables, 'no-such-table', ['shopify'])).toBeUndefined();
    // Inherited object properties are not table entries.
    expect(lookupFirst(tables, 'acme-customer', ['toString', 'constructor'])).toBeUndefined();
  });

  it('names the table and key when a required entry is missing', () => {
    expect(requireLookup(tables, 'acme-tax', 'NONE', '/lines/0')).toBe('EXEMPT');
    const error = mappingFailure(() => requireLookup(tables, 'acme-tax', 'VAT', '/lines/0/taxLines'));
    expect(error).toMatchObject({ code: 'MAPPING_UNKNOWN_VALUE', path: '/lines/0/taxLines' });
    expect(error.message).toBe('no entry "VAT" in lookup table acme-tax');
  });

  it('lists every key tried when a required chain misses', () => {
    expect(requireLookupFirst(tables, 'acme-customer', ['x', '*'], '/channel')).toBe('C-ANY');
    const error = mappingFailure(() => requireLookupFirst(tables, 'acme-customer', ['a', 'b'], '/channel'));
    expect(error).toMatchObject({ code: 'MAPPING_UNKNOWN_VALUE', path: '/channel' });
    expect(error.message).toBe('no entry for any of "a", "b" in lookup table acme-customer');
    expect(quoteKeys(['a', 'b/c'])).toBe('"a", "b/c"');
  });

  it('keys tax tables by sorted distinct titles, NONE when untaxed, and refuses tax without a breakdown', () => {
    const lines = [
      { title: 'State Tax', rate: '0.04', amount: '0.40' },
      { title: 'City Tax', rate: '0.045', amount: '0.45' },
      { title: 'State Tax', rate: '0.04', amount: '0.40' },
    ];
    expect(taxLookupKey(lines, '1.25', '/lines/0')).toBe('City Tax + State Tax');
    expect(taxLookupKey(undefined, '0.00', '/lines/0')).toBe('NONE');
    expect(taxLookupKey([], '0', '/lines/0')).toBe('NONE');
    const error = mappingFailure(() => taxLookupKey([], '1.00', '/lines/2'));
    expect(error).toMatchObject({ code: 'MAPPING_MISSING_FIELD', path: '/lines/2/taxLines' });
  });
});

describe('buyer names', () => {
  const customer = (over: Partial<CanonicalOrder['customer']> = {}): CanonicalOrder['customer'] => ({
    email: 'mia.lang@example.com',
    name: null,
    firstName: 'Mia',
    lastName: 'Lang',
    ...over,
  });
  const lookedUp = { table: 'acme-customer', keys: ['con_shop', 'shopify', '*'] };

  it('files a buyer as "Name (email)", or whichever of the two exists', () => {
    expect(buyerDisplayName(customer(), lookedUp)).toBe('Mia Lang (mia.lang@example.com)');
    expect(buyerDisplayName(customer({ name: 'M. Lang' }), lookedUp)).toBe('M. Lang (mia.lang@example.com)');
    expect(buyerDisplayName(customer({ email: null }), lookedUp)).toBe('Mia Lang');
    expect(buyerDisplayName(customer({ firstName: null, lastName: null }), lookedUp)).toBe(
      'mia.lang@example.com',
    );
    expect(buyerDisplayName(customer({ pii: 'none' }), lookedUp)).toBe('Mia Lang (mia.lang@example.com)');
  });

  it('refuses a buyer without name or email, and one whose personal data is masked, naming the keys tried', () => {
    const nameless = mappingFailure(() =>
      buyerDisplayName(customer({ email: null, firstName: null, lastName: null }), lookedUp),
    );
    expect(nameless).toMatchObject({ code: 'MAPPING_UNKNOWN_VALUE', path: '/customer' });
    expect(nameless.message).toBe(
      'the buyer cannot be named (no name or email) and lookup table acme-customer has none of "con_shop", "shopify", "*"',
    );
    expect(mappingFailure(() => buyerDisplayName(customer({ pii: 'masked' }), lookedUp)).message).toMatch(
      /^the buyer cannot be named \(personal data masked\)/,
    );
  });
});

describe('days and numbers', () => {
  it('gives the channel-local day of a UTC instant', () => {
    expect(localDay('2026-01-05T17:30:00Z', '+08:00')).toBe('2026-01-06');
    expect(localDay('2026-01-06T03:00:00Z', '-05:00')).toBe('2026-01-05');
    expect(localDay('2026-01-06T03:00:00Z', undefined)).toBe('2026-01-06');
    expect(localDay('2026-01-06T03:00:00Z', 'Z')).toBe('2026-01-06');
  });

  it('adds whole days across month and year ends', () => {
    expect(addDays('2026-01-30', 3)).toBe('2026-02-02');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-01', 0)).toBe('2026-03-01');
  });

  it('turns decimals into JSON numbers without float noise', () => {
    expect(jsonNumber('19.90')).toBe(19.9);
    expect(jsonNumber('0.1')).toBe(0.1);
    expect(jsonNumber('-3')).toBe(-3);
  });
});

describe('channelCustomer', () => {
  const order = (pii?: 'masked'): Pick<CanonicalOrder, 'channel' | 'customer'> => ({
    ...channelOf('eu'),
    customer: { email: 'li.wei@example.com', name: 'Li Wei', ...(pii ? { pii } : {}) },
  });

  it('names the channel’s customer from the table, most specific key first', () => {
    expect(channelCustomer(order(), tables, 'acme-customer')).toEqual({ id: 'C-1' });
    const { con_shop: _drop, ...rest } = tables['acme-customer'] ?? {};
    expect(channelCustomer(order(), { 'acme-customer': rest }, 'acme-customer')).toEqual({ id: 'C-EU' });
  });

  it('falls back to the buyer’s name, and refuses a buyer it cannot name', () => {
    expect(channelCustomer(order(), tables, 'acme-empty')).toEqual({ name: 'Li Wei (li.wei@example.com)' });
    expect(mappingFailure(() => channelCustomer(order('masked'), tables, 'acme-empty')).message).toBe(
      'the buyer cannot be named (personal data masked) and lookup table acme-empty has none of "con_shop", "shopify/eu", "shopify", "*"',
    );
  });
});
