import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import {
  automaticFetchRefusal,
  guardedLookup,
  isPublicAddress,
  proxiedFetchRefusal,
  ServerAddresses,
} from './address-guard.js';

/** What the connection's lookup answers for `host` (all addresses), or the error it gives. */
function lookupWith(server: ServerAddresses, host: string): Promise<LookupAddress[] | Error> {
  const lookup = guardedLookup(server, () => new Error('refused by the address guard'));
  return new Promise((resolve) => {
    lookup(host, { all: true }, (error, addresses) => {
      resolve(error ?? (addresses as LookupAddress[]));
    });
  });
}

describe('which addresses an automatic download may reach', () => {
  it('refuses private, loopback, link-local and other local IPv4 ranges', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '10.0.0.8',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.251',
      '255.255.255.255',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('refuses the IPv6 ones, mapped and NAT64 forms of local IPv4 included', () => {
    for (const address of [
      '::1',
      '[::1]',
      '::',
      'fe80::1',
      'fe80::1%eth0',
      'fd12:3456::1',
      'fc00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:192.168.0.1',
      '64:ff9b::10.0.0.1',
      '64:ff9b::c0a8:101',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('allows public addresses', () => {
    for (const address of [
      '93.184.216.34',
      '1.1.1.1',
      '172.32.0.1',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
      '64:ff9b::8.8.8.8',
    ]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    expect(isPublicAddress('not-an-address')).toBe(false);
  });

  it('refuses a loopback URL when our server is elsewhere, allows it when the server is there', async () => {
    const elsewhere = new ServerAddresses(['198.51.100.7']);
    const here = new ServerAddresses(['127.0.0.1']);
    const url = new URL('http://127.0.0.1:5280/upload/a.png');
    expect(await automaticFetchRefusal(url, elsewhere)).toMatch(/private or local/);
    expect(await automaticFetchRefusal(url, here)).toBeNull();
    // Another loopback address than the server's is not the server.
    expect(await automaticFetchRefusal(new URL('http://127.0.0.2/a.png'), here)).toMatch(/private/);
    expect(
      await automaticFetchRefusal(new URL('http://[::1]:5280/a.png'), new ServerAddresses(['::1'])),
    ).toBeNull();
  });

  it('judges a name by every address it resolves to', async () => {
    const server = new ServerAddresses(['203.0.113.9']);
    const url = new URL('https://files.example/a.png');
    const resolveTo = (addresses: string[]) => async () => addresses;
    expect(await automaticFetchRefusal(url, server, resolveTo(['93.184.216.34']))).toBeNull();
    expect(
      await automaticFetchRefusal(url, server, resolveTo(['93.184.216.34', '10.1.1.1'])),
    ).toMatch(/private/);
    expect(await automaticFetchRefusal(url, server, resolveTo([]))).toMatch(/looked up/);
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(await automaticFetchRefusal(url, server, failing)).toMatch(/looked up/);
  });
});

describe('the lookup of an automatic download connection', () => {
  // 'localhost' resolves from the hosts file: no DNS server involved.
  it('refuses a name that resolves to loopback when our server is elsewhere', async () => {
    const result = await lookupWith(new ServerAddresses(['198.51.100.7']), 'localhost');
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(/address guard/);
  });

  it('lets it through when our server is at those addresses', async () => {
    const result = await lookupWith(new ServerAddresses(['127.0.0.1', '::1']), 'localhost');
    expect(Array.isArray(result)).toBe(true);
    expect((result as LookupAddress[]).length).toBeGreaterThan(0);
  });
});

describe('automatic downloads behind a proxy (the proxy resolves names)', () => {
  const refusal = (url: string, allowLoopback = false) =>
    proxiedFetchRefusal(new URL(url), allowLoopback);

  it('refuses literal private and loopback addresses, and names for this machine', () => {
    for (const url of [
      'https://127.0.0.1/a.png',
      'https://10.1.2.3/a.png',
      'https://192.168.1.1/a.png',
      'https://169.254.169.254/a.png',
      'https://[::1]/a.png',
      'https://[fd00::1]/a.png',
      'https://[::ffff:192.168.0.1]/a.png',
      'https://localhost/a.png',
      'https://files.localhost/a.png',
    ]) {
      expect(refusal(url), url).toBe('it is on a private or local network address');
    }
  });

  it('lets names and public addresses go to the proxy, without looking anything up', () => {
    expect(refusal('https://upload.example.org/a.png')).toBeNull();
    expect(refusal('https://93.184.216.34/a.png')).toBeNull();
    expect(refusal('https://[2001:db8::1]/a.png')).toBeNull();
  });

  it('with the tests’ loopback opt-in, allows loopback only', () => {
    expect(refusal('http://localhost:5280/a.png', true)).toBeNull();
    expect(refusal('http://127.0.0.1:5280/a.png', true)).toBeNull();
    expect(refusal('http://[::1]:5280/a.png', true)).toBeNull();
    expect(refusal('https://192.168.1.1/a.png', true)).toBe(
      'it is on a private or local network address',
    );
  });
});
