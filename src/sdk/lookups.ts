import { dec } from '../core/money';
import type { CanonicalOrder, TaxLine } from '../core/order';
import { lookup, type LookupTables } from './context';
import { MappingError, missingField } from './errors';

/**
 * Keys for a table that decides per channel (customer, warehouse, contact), most specific first: the source
 * connection, the channel's store (`<connector>/<storeId>`), the channel connector, then `*` — a wildcard ops
 * add on purpose, never a default the code falls back to.
 */
export function channelLookupKeys(order: Pick<CanonicalOrder, 'channel'>): string[] {
  const { connectionId, connector, storeId } = order.channel;
  const keys = [connectionId];
  if (storeId) keys.push(`${connector}/${storeId}`);
  keys.push(connector, '*');
  return keys;
}

/** Keys as a message lists them: `"a", "b"`. */
export function quoteKeys(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}

/** The value of the first of `keys` that `table` has, trying them in order; undefined when it has none. */
export function lookupFirst(
  tables: LookupTables,
  table: string,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const value = lookup(tables, table, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Looks `key` up in `table`; a `MAPPING_UNKNOWN_VALUE` error at `path` naming the table and the key when it is
 * not there.
 */
export function requireLookup(tables: LookupTables, table: string, key: string, path: string): string {
  const value = lookup(tables, table, key);
  if (value === undefined)
    throw new MappingError('MAPPING_UNKNOWN_VALUE', path, `no entry "${key}" in lookup table ${table}`);
  return value;
}

/**
 * `lookupFirst`, required: a `MAPPING_UNKNOWN_VALUE` error at `path` listing every key tried when the table has
 * none of them.
 */
export function requireLookupFirst(
  tables: LookupTables,
  table: string,
  keys: readonly string[],
  path: string,
): string {
  const value = lookupFirst(tables, table, keys);
  if (value === undefined)
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      path,
      `no entry for any of ${quoteKeys(keys)} in lookup table ${table}`,
    );
  return value;
}

/**
 * The key a tax-code table is read with: the distinct titles of the tax lines, sorted and joined with ` + `
 * (`New York City Tax + New York State Tax`), or `NONE` for an untaxed line. A taxed amount without a breakdown
 * has no key: a `MAPPING_MISSING_FIELD` error at `<path>/taxLines` rather than a guessed code.
 */
export function taxLookupKey(taxLines: readonly TaxLine[] | undefined, tax: string, path: string): string {
  const titles = [...new Set((taxLines ?? []).map((t) => t.title))];
  if (titles.length === 0) {
    if (!dec(tax).isZero()) throw missingField(`${path}/taxLines`);
    return 'NONE';
  }
  return titles.sort().join(' + ');
}
