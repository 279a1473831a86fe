import type { CanonicalOrder } from '../core/order';
import type { LookupTables } from './context';
import { MappingError } from './errors';
import { channelLookupKeys, lookupFirst, quoteKeys } from './lookups';

/** The customer table a destination looked the channel up in first, and the keys it tried. */
export interface UnmatchedCustomerLookup {
  table: string;
  keys: readonly string[];
}

/**
 * The name a destination files an unknown buyer under once its customer table had no entry for the channel:
 * `Name (email)` — the e-mail keeps two buyers of the same name apart — or whichever of the two exists.
 *
 * @throws MappingError `MAPPING_UNKNOWN_VALUE` at `/customer`, naming the table and keys tried, when the channel
 * gave neither name nor e-mail, or marked the buyer's personal data as masked, encrypted or redacted: a
 * placeholder name would merge strangers into one customer.
 */
export function buyerDisplayName(
  customer: CanonicalOrder['customer'],
  lookedUp: UnmatchedCustomerLookup,
): string {
  const c = customer;
  const name = c.name ?? ([c.firstName, c.lastName].filter(Boolean).join(' ') || null);
  const clear = c.pii === undefined || c.pii === 'none';
  const display = name && c.email ? `${name} (${c.email})` : (name ?? c.email);
  if (!clear || !display) {
    throw new MappingError(
      'MAPPING_UNKNOWN_VALUE',
      '/customer',
      `the buyer cannot be named (${clear ? 'no name or email' : `personal data ${c.pii}`}) and lookup table ` +
        `${lookedUp.table} has none of ${quoteKeys(lookedUp.keys)}`,
    );
  }
  return display;
}

/** Who a destination files an order under: a customer its table names for the channel, or a buyer by name. */
export type ChannelCustomer = { id: string } | { name: string };

/**
 * The customer `table` names for the order's channel, most specific key first (`channelLookupKeys`), or else the
 * name to find or create the buyer under (`buyerDisplayName`, which throws when the buyer cannot be named).
 */
export function channelCustomer(
  order: Pick<CanonicalOrder, 'channel' | 'customer'>,
  tables: LookupTables,
  table: string,
): ChannelCustomer {
  const keys = channelLookupKeys(order);
  const id = lookupFirst(tables, table, keys);
  return id === undefined ? { name: buyerDisplayName(order.customer, { table, keys }) } : { id };
}
