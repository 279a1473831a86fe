import { createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time string comparison (for signatures). Different lengths compare false without leaking more. */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ba.length !== bb.length) {
    timingSafeEqual(ba, ba);
    return false;
  }
  return timingSafeEqual(ba, bb);
}

/** HMAC-SHA256 of `data` with `key`, base64 (Shopify, Standard Webhooks, WooCommerce). */
export function hmacBase64(key: string | Buffer, data: string | Buffer, algorithm = 'sha256'): string {
  return createHmac(algorithm, key).update(data).digest('base64');
}

/** HMAC of `data` with `key`, lower-case hex. */
export function hmacHex(key: string | Buffer, data: string | Buffer, algorithm = 'sha256'): string {
  return createHmac(algorithm, key).update(data).digest('hex');
}
