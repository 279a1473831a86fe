import type * as T from './types';

/*
 * Search keys of an order, shared by both adapters so that they index and look up exactly the same strings.
 * Two namespaces keep an operator's text from ever matching a status key:
 *   `t:<text>`   order number, channel external id, customer e-mail, line SKUs (trimmed, lower case) and phone
 *                numbers (digits only: "+49 30 555-0100" and "4930 5550100" are one number);
 *   `s:<status>` the canonical order, payment and fulfillment statuses.
 * Every key is one more index entry per order revision, written with it, so what the store already indexes is
 * left out: the hub order id (its primary key: a term shaped like one is looked up there) and the hub state
 * (active/held: a column with its own index, changed without a revision by setOrderState).
 * A change to what is indexed here must bump the adapters' back-fill version.
 */

/** `searchOrders`: any combination, newest first (by `createdAt`, then id), with cursors. */
export interface OrderSearchFilter {
  /**
   * Exact and case-insensitive: an order number, channel external id, hub order id, customer e-mail or line SKU,
   * or a phone number (customer, shipping or billing; compared by its digits).
   */
  term?: string;
  connectionId?: string;
  /** The hub state. */
  state?: T.OrderState;
  /** A hub state (`active`, `held`) or a canonical order, payment or fulfillment status. */
  status?: string;
  cursor?: string;
  limit: number;
}

/** Orders a source connection received in one UTC hour (by the order's `createdAt`). */
export interface HourlyOrderCount {
  connectionId: string;
  /** Start of the hour, `YYYY-MM-DDTHH:00:00.000Z`. */
  hour: T.Iso;
  count: number;
}

const TEXT = 't:';
const STATUS = 's:';
/** The search API's longest query: longer values (encrypted PII, long notes) can never be looked up. */
const MAX_TERM_LENGTH = 200;
/** Fewer digits than this are not worth a phone key (extensions, house numbers). */
const MIN_PHONE_DIGITS = 6;
const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;
const HUB_STATES: readonly string[] = ['active', 'held'] satisfies T.OrderState[];
/** A hub order id (core/ids.ts `orderId`): lower-case base32, so a normalized term equals it. */
const HUB_ORDER_ID = /^ord_[0-9a-z]{26}$/;

const normalize = (value: string): string => value.trim().toLowerCase();

function phoneDigits(value: string): string | null {
  const digits = value.replace(/\D/g, '');
  return digits.length >= MIN_PHONE_DIGITS ? digits : null;
}

/** Every key an order is found by, without repeats. */
export function orderSearchTerms(record: T.OrderRecord): string[] {
  const keys = new Set<string>();
  const text = (value: string | null | undefined): void => {
    if (typeof value !== 'string') return;
    const n = normalize(value);
    if (n && n.length <= MAX_TERM_LENGTH) keys.add(TEXT + n);
  };
  const { order } = record;
  text(record.orderNumber);
  text(record.externalId);
  text(order.customer.email);
  for (const line of order.lines) text(line.sku);
  // Marketplaces often hide the buyer's phone but put one on the shipping address: the one a caller gives.
  for (const phone of [order.customer.phone, order.shippingAddress?.phone, order.billingAddress?.phone]) {
    const digits = typeof phone === 'string' ? phoneDigits(phone) : null;
    if (digits) keys.add(TEXT + digits);
  }
  for (const status of [order.status.order, order.status.payment, order.status.fulfillment])
    keys.add(STATUS + status);
  return [...keys];
}

/** What a search filter asks each adapter to do: at most two text keys, a status key, and column filters. */
export interface SearchPlan {
  /** Text keys, any of which matches (the text as typed and, for a phone number, its digits); none = all. */
  keys: string[];
  /** The term is a hub order id: that order alone (by primary key), instead of `keys`. */
  orderId: string | null;
  statusKey: string | null;
  state: T.OrderState | null;
  connectionId: string | null;
  /** The filters contradict each other (state `held`, status `active`): the answer is empty. */
  empty: boolean;
}

export function planSearch(filter: T.OrderSearchFilter): SearchPlan {
  const keys: string[] = [];
  const term = filter.term ? normalize(filter.term) : '';
  const orderId = HUB_ORDER_ID.test(term) ? term : null;
  if (term && !orderId) {
    keys.push(TEXT + term);
    const digits = PHONE_LIKE.test(term) ? phoneDigits(term) : null;
    if (digits && digits !== term) keys.push(TEXT + digits);
  }
  let state: T.OrderState | null = filter.state ?? null;
  let statusKey: string | null = null;
  let empty = false;
  if (filter.status && HUB_STATES.includes(filter.status)) {
    // A hub state given as a status (the console's one status list): it filters the state column.
    const asState = filter.status as T.OrderState;
    if (state && state !== asState) empty = true;
    state = asState;
  } else if (filter.status) {
    statusKey = STATUS + filter.status;
  }
  return { keys, orderId, statusKey, state, connectionId: filter.connectionId ?? null, empty };
}

/** `YYYY-MM-DDTHH` of an ISO timestamp (its UTC hour) as the start of that hour. */
export const hourStart = (prefix13: string): T.Iso => `${prefix13}:00:00.000Z`;
