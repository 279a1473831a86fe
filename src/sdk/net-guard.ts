import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** True when an IP address is loopback, private, link-local, CGNAT, multicast or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true;
}

/** Raised when an outbound URL points at a private address and private URLs are not allowed. */
export class ForbiddenAddressError extends Error {
  readonly code = 'HTTP_URL_FORBIDDEN';
  constructor(host: string) {
    super(`outbound address refused for host ${host}: private, loopback or link-local`);
    this.name = 'ForbiddenAddressError';
  }
}

/**
 * Checks a URL before any request: http(s) only, and no literal private IP unless allowed. Host names are
 * checked again at connect time by `guardedLookup`, which also defeats DNS rebinding.
 */
export function checkOutboundUrl(url: string, allowPrivate: boolean): URL {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ForbiddenAddressError(parsed.host);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (isIP(host) !== 0 ? isPrivateAddress(host) : host === 'localhost')) {
    throw new ForbiddenAddressError(parsed.host);
  }
  return parsed;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `dns.lookup` replacement for HTTP agents that refuses names resolving to private addresses. */
export function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
): void {
  dnsLookup(
    hostname,
    { all: true, family: options.family === 6 ? 6 : options.family === 4 ? 4 : 0 },
    (err, addresses) => {
      if (err) return callback(err, []);
      if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) {
        return callback(Object.assign(new ForbiddenAddressError(hostname), { errno: 0 }), []);
      }
      const first = addresses[0];
      if (options.all) return callback(null, addresses);
      return callback(null, first ? first.address : '', first?.family);
    },
  );
}
