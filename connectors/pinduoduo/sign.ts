import { createHash } from 'node:crypto';

/**
 * Pinduoduo request signature: every parameter but `sign`, keys sorted by byte order, concatenated as
 * `key1value1key2value2…`, wrapped in the client secret on both sides, MD5, upper-case hex.
 */
export function pddSign(params: Readonly<Record<string, string>>, clientSecret: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== 'sign')
    .sort()
    .map((k) => `${k}${params[k] ?? ''}`)
    .join('');
  return createHash('md5')
    .update(`${clientSecret}${base}${clientSecret}`, 'utf8')
    .digest('hex')
    .toUpperCase();
}
