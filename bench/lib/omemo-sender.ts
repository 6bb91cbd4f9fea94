/**
 * A legacy OMEMO (eu.siacs.conversations.axolotl) sender for benches: a bare @xmpp/client with
 * Parley's own `LegacyOmemoAccount` on in-memory storage. It publishes its device and bundle as
 * a real client does, builds its session from the receiver's published bundle, and sends
 * encrypted chat messages, as Conversations would to a contact who is offline: each one a
 * prekey message until the receiver answers (libsignal keeps the pending prekey until then).
 */
import {
  announceOwnDevice,
  buildEncryptedMessageChildren,
  fetchBundle,
  fetchDeviceList,
  NS_OMEMO_LEGACY,
  publishOwnBundle,
  type IqSender,
} from '@parley/xmpp';
import { LegacyOmemoAccount } from '../../packages/omemo/src/legacy/account.js';
import { validateBundle } from '../../packages/omemo/src/legacy/bundle.js';
import { MemoryOmemoStorage, type DeviceAddress } from '../../packages/omemo/src/storage.js';
import { bareClient, serverPing, xml } from './bare-client.js';

export interface OmemoSender {
  readonly jid: string;
  readonly deviceId: number;
  /** Empty (key transport) OMEMO messages received so far: session completions, heartbeats. */
  readonly keyTransportsReceived: number;
  /** Builds the session with `to`'s first legacy device, waiting for it to be published. */
  meet(to: string, timeoutMs?: number): Promise<DeviceAddress>;
  /**
   * Sends `count` encrypted messages to the device met; resolves once the server has processed
   * them all (archived). Returns how many went as prekey messages.
   */
  sendMany(count: number, text: (i: number) => string): Promise<{ prekeyMessages: number }>;
  /** Sends `count` plaintext messages (the baseline), also waiting for the server. */
  sendPlain(to: string, count: number, text: (i: number) => string): Promise<void>;
  stop(): Promise<void>;
}

export async function startOmemoSender(
  service: string,
  domain: string,
  local: string,
  password: string,
): Promise<OmemoSender> {
  const jid = `${local}@${domain}`;
  const client = await bareClient(service, domain, local, password);
  const send: IqSender = (iq) => client.iqCaller.request(iq, 60_000);
  const storage = new MemoryOmemoStorage();
  const account = new LegacyOmemoAccount(storage, jid);
  const created = await account.create();
  await storage.commit(created.writes);
  const deviceId = created.result.deviceId;
  const bundle = await account.bundle();
  // Published as a real client would, so the receiver finds what it may look for.
  await publishOwnBundle(
    send,
    deviceId,
    {
      identityKey: bundle.identityKey,
      signedPreKey: {
        id: bundle.signedPreKey.id,
        key: bundle.signedPreKey.publicKey,
        signature: bundle.signedPreKey.signature,
      },
      preKeys: bundle.preKeys.map((p) => ({ id: p.id, key: p.publicKey })),
    },
    'legacy',
  );
  await announceOwnDevice(send, jid, { id: deviceId }, 'legacy');

  let keyTransports = 0;
  client.on('stanza', (stanza) => {
    if (!stanza.is('message')) return;
    const encrypted = stanza.getChild('encrypted', NS_OMEMO_LEGACY);
    if (encrypted && !encrypted.getChild('payload')) keyTransports++;
  });

  let peer: DeviceAddress | null = null;
  return {
    jid,
    deviceId,
    get keyTransportsReceived() {
      return keyTransports;
    },
    async meet(to, timeoutMs = 30_000) {
      const started = Date.now();
      let devices = await fetchDeviceList(send, to, 'legacy');
      // The receiver publishes after its login, not awaited by it: poll, bounded.
      while (devices.length === 0) {
        if (Date.now() - started > timeoutMs) throw new Error(`${to} published no OMEMO device`);
        await new Promise((r) => setTimeout(r, 200));
        devices = await fetchDeviceList(send, to, 'legacy');
      }
      const address = { jid: to, deviceId: devices[0]!.id };
      const wire = await fetchBundle(send, to, address.deviceId, 'legacy');
      if ('rejected' in wire) throw new Error(`${to}'s bundle: ${wire.rejected}`);
      const theirs = validateBundle({
        identityKey: wire.identityKey,
        signedPreKey: {
          id: wire.signedPreKey.id,
          publicKey: wire.signedPreKey.key,
          signature: wire.signedPreKey.signature,
        },
        preKeys: wire.preKeys.map((p) => ({ id: p.id, publicKey: p.key })),
      });
      const built = await account.buildSession(address, theirs);
      await storage.commit(built.writes);
      peer = address;
      return address;
    },
    async sendMany(count, text) {
      const to = peer;
      if (to === null) throw new Error('meet() the receiver first');
      let prekeyMessages = 0;
      for (let i = 0; i < count; i++) {
        const out = await account.encrypt(text(i), [to]);
        await storage.commit(out.writes);
        const { sid, keys, iv, payload } = out.result.encrypted;
        if (keys.some((k) => k.prekey)) prekeyMessages++;
        const children = buildEncryptedMessageChildren({
          version: 'legacy',
          sid,
          keys: [...keys],
          iv,
          ...(payload ? { payload } : {}),
        });
        await client.send(xml('message', { to: to.jid, type: 'chat', id: `e${i}` }, ...children));
      }
      await serverPing(client);
      return { prekeyMessages };
    },
    async sendPlain(to, count, text) {
      for (let i = 0; i < count; i++) {
        const body = xml('body', {}, text(i));
        await client.send(xml('message', { to, type: 'chat', id: `p${i}` }, body));
      }
      await serverPing(client);
    },
    stop: () => client.stop(),
  };
}
