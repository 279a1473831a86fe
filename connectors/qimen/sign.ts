import { createHash } from 'node:crypto';
import { safeEqual } from '../../src/sdk';

/**
 * Qimen's request signature: MD5 over secret + every parameter except `sign`, sorted by name and written as
 * name then value with no separators + the raw body + secret, as 32 upper-case hex digits.
 */
export function qimenSign(params: Readonly<Record<string, string>>, body: string, secret: string): string {
  const joined = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join('');
  return createHash('md5').update(`${secret}${joined}${body}${secret}`, 'utf8').digest('hex').toUpperCase();
}

/** Checks a received signature in constant time. */
export function verifyQimenSign(
  params: Readonly<Record<string, string>>,
  body: string,
  secret: string,
): boolean {
  const given = params.sign;
  if (!given) return false;
  return safeEqual(given.toUpperCase(), qimenSign(params, body, secret));
}

/** `YYYY-MM-DD HH:MM:SS` in GMT+8, the time format of every Qimen field and of the `timestamp` parameter. */
export function chinaTime(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
