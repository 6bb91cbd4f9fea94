import { lookup as lookupCallback, type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/*
 * A file URL in a message is the sender's choice. Fetched without a click, it would let anyone
 * who can message us make this machine request addresses on its own network (a router's admin
 * page, a local service) and learn from the outcome. So an automatic download goes only to
 * public addresses, or to the very address our own server is at (a server at home, or the test
 * server on loopback): the user chose to trust that one.
 */

const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", and the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some)
  ['ff00::', 8], // multicast
  ['100::', 64], // discard
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv6');
}

const NAT64 = new BlockList();
NAT64.addSubnet('64:ff9b::', 96, 'ipv6');

/** The IPv4 address inside a NAT64 one (64:ff9b::a.b.c.d), else null. */
function nat64Embedded(address: string): string | null {
  if (!NAT64.check(address, 'ipv6')) return null;
  const groups = expandIpv6(address);
  if (!groups) return null;
  const [high, low] = [groups[6] ?? 0, groups[7] ?? 0];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

function expandIpv6(address: string): number[] | null {
  let text = address;
  // A trailing dotted quad ("::ffff:1.2.3.4", "64:ff9b::1.2.3.4") becomes two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** Strips the brackets of a URL's IPv6 host ("[::1]") and any zone ("fe80::1%eth0"). */
export function bareAddress(host: string): string {
  const inner = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return inner.split('%')[0] ?? inner;
}

/** True for an address on the public internet; false for private, loopback, link-local, ... */
export function isPublicAddress(raw: string): boolean {
  const address = bareAddress(raw);
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return !nonPublic.check(address, 'ipv4');
  const embedded = nat64Embedded(address);
  if (embedded) return isPublicAddress(embedded);
  // IPv4-mapped addresses (::ffff:a.b.c.d) are checked against the IPv4 ranges by BlockList.
  return !nonPublic.check(address, 'ipv6');
}

/** Addresses an automatic download may reach although they are not public: our server's. */
export class ServerAddresses {
  private readonly list = new BlockList();

  constructor(addresses: readonly string[]) {
    for (const raw of addresses) {
      const address = bareAddress(raw);
      const family = isIP(address);
      if (family !== 0) this.list.addAddress(address, family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  has(address: string): boolean {
    const bare = bareAddress(address);
    const family = isIP(bare);
    return family !== 0 && this.list.check(bare, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** Every address `host` resolves to (the host itself when it is an address). */
export type ResolveHost = (host: string) => Promise<string[]>;

export const resolveHost: ResolveHost = async (host) => {
  const bare = bareAddress(host);
  if (isIP(bare) !== 0) return [bare];
  const found = await lookup(bare, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
};

/**
 * Null when every address of the URL's host may be fetched from automatically, else why not.
 * A host that does not resolve is refused too (the download would fail anyway).
 */
export async function automaticFetchRefusal(
  url: URL,
  server: ServerAddresses,
  resolve: ResolveHost = resolveHost,
): Promise<string | null> {
  let addresses: string[];
  try {
    addresses = await resolve(url.hostname);
  } catch {
    return 'its server name could not be looked up';
  }
  if (addresses.length === 0) return 'its server name could not be looked up';
  for (const address of addresses) {
    if (!isPublicAddress(address) && !server.has(address)) {
      return 'it is on a private or local network address';
    }
  }
  return null;
}

/**
 * The name lookup for the connection of an automatic download: the same rule applied to the
 * addresses actually connected to, so a name that resolved to a public address when checked and
 * to a local one a moment later (DNS rebinding), or a redirect's host, is refused too.
 */
export function guardedLookup(server: ServerAddresses, refusal: () => Error): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const first = addresses[0];
      const allowed = (a: LookupAddress) => isPublicAddress(a.address) || server.has(a.address);
      if (!first || !addresses.every(allowed)) {
        callback(refusal() as NodeJS.ErrnoException, '', 0);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * The check of an automatic download behind the account's proxy. The proxy resolves the name
 * (looking it up here would tell the local resolver what we fetch, which a Tor user must not),
 * so the address it connects to is never seen: only what the URL itself says can be refused,
 * a literal private or loopback address, or a name for this machine ("localhost"). A name that
 * resolves to a private address at the proxy's end is the proxy's network, not ours.
 * `allowLoopback`: the tests' opt-in (loopback http), where the upload service is on loopback.
 */
export function proxiedFetchRefusal(url: URL, allowLoopback: boolean): string | null {
  const host = bareAddress(url.hostname).toLowerCase();
  const loopbackName = host === 'localhost' || host.endsWith('.localhost');
  if (isIP(host) === 0 && !loopbackName) return null;
  if (loopbackName || !isPublicAddress(host)) {
    if (allowLoopback && (loopbackName || isLoopback(host))) return null;
    return 'it is on a private or local network address';
  }
  return null;
}

function isLoopback(address: string): boolean {
  return isIP(address) === 4 ? address.startsWith('127.') : address === '::1';
}
