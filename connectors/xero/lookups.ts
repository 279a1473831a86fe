import {
  dec,
  lookup,
  missingField,
  MappingError,
  type CanonicalOrder,
  type LookupTables,
  type TaxLine,
} from '../../src/sdk';

/**
 * Keys tried, most specific first, for tables that decide per channel (customer, warehouse): the source
 * connection, the channel's store, the channel connector, then `*` — a wildcard ops add on purpose.
 */
export function channelKeys(order: CanonicalOrder): string[] {
  const { connectionId, connector, storeId } = order.channel;
  const keys = [connectionId];
  if (storeId) keys.push(`${connector}/${storeId}`);
  keys.push(connector, '*');
  return keys;
}

/** Looks `key` up and throws a MappingError naming the table and key when it is not there. */
export function required(tables: LookupTables, table: string, key: string, path: string): string {
  const value = lookup(tables, table, key);
  if (value === undefined)
    throw new MappingError('MAPPING_UNKNOWN_VALUE', path, `no entry "${key}" in lookup table ${table}`);
  return value;
}

/** The first of `keys` the table has; a MappingError listing every key tried otherwise. */
export function firstOf(tables: LookupTables, table: string, keys: string[], path: string): string {
  for (const key of keys) {
    const value = lookup(tables, table, key);
    if (value !== undefined) return value;
  }
  throw new MappingError(
    'MAPPING_UNKNOWN_VALUE',
    path,
    `no entry for any of ${keys.map((k) => `"${k}"`).join(', ')} in lookup table ${table}`,
  );
}

/**
 * The key a tax-code table is read with: the titles of the tax lines, sorted and joined with ` + `
 * (`New York City Tax + New York State Tax`), or `NONE` for an untaxed line. A taxed amount without a breakdown
 * has no key: we refuse it rather than guess a code.
 */
export function taxKey(taxLines: readonly TaxLine[] | undefined, tax: string, path: string): string {
  const titles = [...new Set((taxLines ?? []).map((t) => t.title))];
  if (titles.length === 0) {
    if (!dec(tax).isZero()) throw missingField(`${path}/taxLines`);
    return 'NONE';
  }
  return titles.sort().join(' + ');
}

/** The calendar day the order was placed on in the channel's own zone (`YYYY-MM-DD`). */
export function localDay(utc: string, offset: string | undefined): string {
  const m = offset ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : null;
  const shiftMs = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  return new Date(Date.parse(utc) + shiftMs).toISOString().slice(0, 10);
}

/** Adds whole days to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A decimal string as the JSON number the API takes; the decimal has been rounded where it matters. */
export function num(value: string | ReturnType<typeof dec>): number {
  return Number(dec(value).toFixed());
}
