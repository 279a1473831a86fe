import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= length) break;
  }
  return out;
}

/** A stable id: the same parts always give the same id (used for orders, inbox events and deliveries). */
export function stableId(prefix: string, ...parts: (string | number)[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(String(p)).update('\u0000');
  return `${prefix}_${base32(hash.digest(), 26)}`;
}

/** A random id for records that have no natural key (connections, exceptions, API keys). */
export function randomId(prefix: string): string {
  return `${prefix}_${base32(randomBytes(20), 26)}`;
}

/** Hub order id for a channel order. */
export function orderId(connectionId: string, externalId: string): string {
  return stableId('ord', connectionId, externalId);
}

/** Inbox dedup key: the same channel revision of the same order is stored once, however it arrived. */
export function inboxEventId(connectionId: string, externalId: string, revision: string): string {
  return stableId('evt', connectionId, externalId, revision);
}

/** Delivery operations a destination can receive. */
export type DeliveryOperation = 'upsert' | 'cancel';

/**
 * Delivery key: (destination connection, order id, order revision, operation). Sent to destinations as their
 * idempotency key, so a retried or replayed delivery has no second effect.
 */
export function deliveryKey(
  destinationConnectionId: string,
  order: string,
  revision: number,
  operation: DeliveryOperation,
): string {
  return stableId('dlv', destinationConnectionId, order, revision, operation);
}

/** Hash of a canonical order's content, to tell a real change from a re-sent revision. */
/**
 * Content hash of a canonical draft, without the channel's revision marker: an order whose channel bumped its
 * modification time but changed nothing we carry is the same order, and is not sent again.
 */
export function orderContentHash(draft: { channel: object }): string {
  return contentHash({ ...draft, channel: { ...draft.channel, revision: null } });
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 32);
}
