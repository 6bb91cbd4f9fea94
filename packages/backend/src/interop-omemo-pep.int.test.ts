// OMEMO device lists and bundles, both namespaces, between Parley's PEP code and python-omemo
// (oldmemo/twomemo, Debian) over a real Prosody. The accounts are not contacts, so everything
// read here is readable only because both sides publish with access_model=open.
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import {
  announceOwnDevice,
  encodeBase64,
  fetchBundle,
  fetchDeviceList,
  OMEMO_VERSIONS,
  publishOwnBundle,
  Session,
  type IqSender,
  type OmemoBundle,
  type OmemoVersion,
} from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  slixmppMissing,
  startPythonPeer,
  type Peer,
  commandRunner,
} from './test-support/python-peer.js';

const missing = slixmppMissing('omemo, oldmemo, twomemo, xmlschema, slixmpp');
if (missing) console.warn(`interop-omemo-pep.int.test.ts skipped: ${missing}`);

/** Raw public key bytes of a fresh X25519 or Ed25519 key pair. */
function publicKey(type: 'x25519' | 'ed25519'): Uint8Array {
  // From random bytes, not generateKeyPairSync + a JWK export (which can deadlock Node 20).
  const crv = type === 'x25519' ? 'X25519' : 'Ed25519';
  const d = randomBytes(32).toString('base64url');
  const key = createPrivateKey({ key: { kty: 'OKP', crv, d, x: '' }, format: 'jwk' });
  return new Uint8Array(
    Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url'),
  );
}

/** A bundle with real curve points (python converts and checks them), as each version sends. */
function realBundle(version: OmemoVersion): OmemoBundle {
  const wire = (raw: Uint8Array) => (version === 'legacy' ? new Uint8Array([5, ...raw]) : raw);
  return {
    signedPreKey: { id: 1, key: wire(publicKey('x25519')), signature: new Uint8Array(64).fill(3) },
    identityKey: version === 'legacy' ? wire(publicKey('x25519')) : publicKey('ed25519'),
    preKeys: Array.from({ length: 25 }, (_, i) => ({ id: i + 1, key: wire(publicKey('x25519')) })),
  };
}

let server: TestServer;
let session: Session;
let python: TestUser;
let peer: Peer;

const run = commandRunner(() => peer);

describe.skipIf(missing)('OMEMO PEP interop with python-omemo', () => {
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'parley', password: 'p' },
        { local: 'python', password: 'y' },
      ],
    });
    python = server.users[1]!;
    peer = startPythonPeer('omemo-pep-peer.py', ['--timeout', '60'], server, python, 70_000);
    await peer.next('ready');
    session = new Session({
      jid: server.users[0]!.jid,
      password: 'p',
      resource: 'desk',
      host: server.host,
      port: server.c2sPort,
      tlsMode: 'starttls',
      trust: { caPem: server.caPem },
    });
    await session.start();
  }, 60_000);

  afterAll(async () => {
    peer?.end();
    await peer?.finish().catch(() => peer.kill());
    await session?.stop();
    await server?.stop();
  }, 30_000);

  const send: IqSender = (iq) => session.iq(iq);

  it("reads python-omemo's device lists and bundles in both namespaces", async () => {
    const published = await run({ do: 'publish' }, 'published');
    const deviceId = published.device_id as number;
    const bundles = published.bundles as Record<OmemoVersion, Record<string, unknown>>;
    for (const version of OMEMO_VERSIONS) {
      const devices = await fetchDeviceList(send, python.jid, version);
      // twomemo 1.0.3 labels its device without the signature XEP-0384 0.9 requires: ignored.
      expect(devices, version).toEqual([{ id: deviceId }]);
      const bundle = await fetchBundle(send, python.jid, deviceId, version);
      if ('rejected' in bundle) throw new Error(`${version}: ${bundle.rejected}`);
      const wrote = bundles[version]!;
      expect(bundle.signedPreKey.id).toBe(wrote['spk_id']);
      expect(encodeBase64(bundle.signedPreKey.key)).toBe(wrote['spk']);
      expect(encodeBase64(bundle.signedPreKey.signature)).toBe(wrote['spks']);
      expect(encodeBase64(bundle.identityKey)).toBe(wrote['ik']);
      const prekeys = Object.fromEntries(
        bundle.preKeys.map((pk) => [String(pk.id), encodeBase64(pk.key)]),
      );
      expect(prekeys).toEqual(wrote['prekeys']);
      expect(bundle.preKeys.length).toBeGreaterThanOrEqual(version === 'legacy' ? 20 : 25);
    }
  });

  it('python-omemo reads our device lists and bundles in both namespaces', async () => {
    const ours = { legacy: realBundle('legacy'), v2: realBundle('v2') };
    for (const version of OMEMO_VERSIONS) {
      await announceOwnDevice(send, session.bareJid, { id: 5005 }, version);
      await publishOwnBundle(send, 5005, ours[version], version);
    }
    const fetched = await run({ do: 'fetch', jid: session.bareJid }, 'fetched');
    for (const version of OMEMO_VERSIONS) {
      const read = fetched[version] as {
        devices: number[];
        bundles: Record<string, Record<string, unknown>>;
      };
      expect(read.devices, version).toEqual([5005]);
      const bundle = read.bundles['5005']!;
      expect(bundle['error'], version).toBeUndefined();
      expect(bundle['spk_id']).toBe(1);
      expect(bundle['prekey_ids']).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      // python keeps Curve25519 keys without libsignal's 0x05 type byte.
      const raw = (key: Uint8Array) => encodeBase64(version === 'legacy' ? key.slice(1) : key);
      expect(bundle['spk']).toBe(raw(ours[version].signedPreKey.key));
      if (version === 'v2') expect(bundle['ik_ed25519']).toBe(raw(ours.v2.identityKey));
    }
  });
});
