import { createHash } from 'node:crypto';
import { hmacHex } from '../../src/sdk';

/** The signature methods TOP accepts in `sign_method`. */
export type SignMethod = 'md5' | 'hmac' | 'hmac-sha256';

/**
 * TOP request signature: every parameter but `sign` with a non-empty value, keys sorted by byte order,
 * concatenated as `key1value1key2value2…`; then MD5 of `secret + that + secret` (`md5`), HMAC-MD5 (`hmac`) or
 * HMAC-SHA256 (`hmac-sha256`) keyed with the app secret; upper-case hex.
 */
export function topSign(
  params: Readonly<Record<string, string>>,
  secret: string,
  method: SignMethod,
): string {
  const base = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}${params[k] ?? ''}`)
    .join('');
  switch (method) {
    case 'md5':
      return createHash('md5').update(`${secret}${base}${secret}`, 'utf8').digest('hex').toUpperCase();
    case 'hmac':
      return hmacHex(secret, Buffer.from(base, 'utf8'), 'md5').toUpperCase();
    case 'hmac-sha256':
      return hmacHex(secret, Buffer.from(base, 'utf8'), 'sha256').toUpperCase();
  }
}
