import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { makeCertificates } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate, normalizeFingerprint } from './certificate.js';
import { SessionError } from './errors.js';
import { secureSocket } from './tls.js';

// A real TLS handshake on loopback against a leaf signed by a throwaway CA (no XMPP server).
let dir = '';
let caPem = '';
let leafPem = '';
let server: tls.Server;
let port = 0;
const open = new Set<Socket>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-cert-'));
  const certs = await makeCertificates(dir, ['localhost']);
  caPem = certs.caPem;
  leafPem = await readFile(certs.certPath, 'utf8');
  server = tls.createServer({ cert: leafPem, key: await readFile(certs.keyPath) }, (s) => {
    s.on('error', () => {});
    s.on('data', () => {});
  });
  // Every connection, so afterAll can end them: one a failing test left open would keep
  // close() waiting, and hide that test's failure behind a hook timeout.
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // Five openssl processes: seconds when the unit run keeps both cores busy (a CI run took >10 s).
}, 30_000);

afterAll(async () => {
  for (const socket of open) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function handshake(domain: string, trust: { caPem?: string; pinnedFingerprint256?: string }) {
  const tcp = netConnect({ host: '127.0.0.1', port });
  await new Promise((resolve) => tcp.once('connect', resolve));
  return secureSocket(tcp, { domain, trust, directTls: true, timeoutMs: 5_000 });
}

async function refusal(domain: string, trust: { caPem?: string; pinnedFingerprint256?: string }) {
  const err = await handshake(domain, trust).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SessionError);
  return err as SessionError;
}

describe('certificate verification', () => {
  it('describes a certificate on one line each', () => {
    const info = describeCertificate(new X509Certificate(leafPem), 'WHY');
    expect(info.subject).toContain('CN=localhost');
    expect(info.issuer).toBe('CN=Parley Test CA');
    expect(info.subject).not.toContain('\n');
    expect(info.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(new Date(info.validTo).getTime()).toBeGreaterThan(new Date(info.validFrom).getTime());
    expect(info.reason).toBe('WHY');
  });

  it('accepts the server when its CA is trusted and the name matches the JID domain', async () => {
    const s = await handshake('localhost', { caPem });
    expect(s.authorized).toBe(true);
    s.destroy();
  });

  it('refuses an unknown CA and reports the leaf with the reason', async () => {
    const err = await refusal('localhost', {});
    expect(err.code).toBe('certificate-untrusted');
    expect(err.certificate?.reason).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/,
    );
    expect(err.certificate?.fingerprint256).toBe(new X509Certificate(leafPem).fingerprint256);
  });

  it('refuses a trusted certificate issued for another domain', async () => {
    const err = await refusal('example.org', { caPem });
    expect(err.code).toBe('certificate-untrusted');
    expect(err.certificate?.reason).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('accepts exactly the pinned certificate, in any case/spacing of the fingerprint', async () => {
    const fp = new X509Certificate(leafPem).fingerprint256;
    const s = await handshake('localhost', { pinnedFingerprint256: fp.toLowerCase() });
    s.destroy();
    // Another certificate's pin: the first byte changed (a fixed '00' would be this one's pin
    // once in 256 certificates, and was, in a CI run).
    const other = fp.startsWith('00') ? fp.replace(/^../u, 'FF') : fp.replace(/^../u, '00');
    const err = await refusal('localhost', { caPem, pinnedFingerprint256: other });
    expect(err.certificate?.reason).toBe('PINNED_FINGERPRINT_MISMATCH');
  });

  it('normalizes fingerprints without loosening them', () => {
    expect(normalizeFingerprint('ab cd:ef')).toBe('AB:CD:EF');
    expect(normalizeFingerprint('AB:CD:EF')).not.toBe(normalizeFingerprint('AB:CD:EE'));
  });
});
