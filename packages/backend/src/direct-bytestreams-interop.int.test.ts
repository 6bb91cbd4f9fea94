// The bytestream layer of direct file transfer against slixmpp's own XEP-0047 and XEP-0065
// (Debian's python3-slixmpp): our in-band bytestream sends to it and takes its stream; its
// SOCKS5 client connects to our listener with the dst.addr it computes itself. slixmpp has no
// Jingle, so the transports run here outside a Jingle session, on a plain XMPP session.
import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import {
  NS_BYTESTREAMS,
  Session,
  buildIbbTransport,
  jid,
  s5bDstAddr,
  xml,
  type Element,
} from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ibbTransportKind } from './runtime/files/direct/ibb-transport.js';
import { Socks5Listener } from './runtime/files/direct/socks5.js';
import type { TransportContext, TransportInstance } from './runtime/files/direct/transport.js';
import {
  commandRunner,
  slixmppMissing,
  startPythonPeer,
  type Peer,
} from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`direct-bytestreams-interop.int.test.ts skipped: ${noSlixmpp}`);

let server: TestServer;
const peers: Peer[] = [];
const sessions: Session[] = [];
let n = 0;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('base64');

async function slixmpp(who: TestUser) {
  const peer = startPythonPeer(
    'slixmpp-bytestream-peer.py',
    ['--timeout', '60'],
    server,
    who,
    70_000,
  );
  peers.push(peer);
  const ready = await peer.next('ready');
  return { peer, run: commandRunner(() => peer), full: String(ready.jid) };
}

/** A plain session as `local`; its iqs go to `route` (answered with what it returns). */
async function ours(local: string, route: (iq: Element) => Element | null | undefined) {
  await server.createUser(local, `${local}-pw`);
  const session = new Session({
    jid: `${local}@${server.domain}`,
    password: `${local}-pw`,
    resource: 'direct',
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
  });
  sessions.push(session);
  session.on('stanza', (stanza) => {
    if (stanza.name !== 'iq') return;
    const answer = route(stanza);
    if (answer) void session.send(answer).catch(() => {});
  });
  await session.start();
  return session;
}

function context(
  session: Session,
  peer: string,
  role: 'initiator' | 'responder',
): TransportContext {
  const own = jid(session.jid);
  const other = jid(peer);
  return {
    session,
    sid: `jingle-${++n}`,
    role,
    own,
    peer: other,
    initiator: role === 'initiator' ? own : other,
    responder: role === 'initiator' ? other : own,
    sendInfo: () => Promise.resolve(),
    signal: new AbortController().signal,
  };
}

describe.skipIf(noSlixmpp)('direct-transfer bytestreams with slixmpp', () => {
  beforeAll(async () => {
    server = await startProsody();
  }, 60_000);
  afterAll(async () => {
    for (const peer of peers) peer.kill();
    for (const s of sessions) await s.stop().catch(() => {});
    await server?.stop();
  }, 30_000);

  it('our in-band bytestream (XEP-0047) reaches slixmpp’s, block by block, byte-exact', async () => {
    const slix = await slixmpp(await server.createUser(`slix${++n}`, 'pw-slix'));
    const session = await ours(`ann${n}`, () => undefined);
    const ibb = ibbTransportKind().create(context(session, slix.full, 'initiator'));
    // The responder's answer of XEP-0261 is our own transport back (same sid and block size).
    const offered = await ibb.local();
    ibb.take(buildIbbTransport({ sid: String(offered.attrs.sid), blockSize: 4096 }));
    const data = randomBytes(150_000);
    const stream = await ibb.connect();
    await new Promise<void>((resolve, reject) =>
      stream.end(data, () => resolve()).once('error', reject),
    );
    const got = await slix.peer.next('ibb-received', (e) => e.sid === offered.attrs.sid);
    expect(got).toMatchObject({ bytes: 150_000, sha256: sha256(data) });
    ibb.close();
  });

  it('slixmpp’s in-band bytestream reaches ours, with the sid and block size we agreed', async () => {
    const slix = await slixmpp(await server.createUser(`slix${++n}`, 'pw-slix'));
    let ibb: TransportInstance | null = null;
    const session = await ours(`ben${n}`, (iq) => ibb?.handleIq?.(iq));
    ibb = ibbTransportKind().create(context(session, slix.full, 'responder'));
    ibb.take(buildIbbTransport({ sid: 'slix-ibb-1', blockSize: 4096 }));
    const arriving = ibb.connect();
    // Read as it comes: our answers wait while the reader is behind (that is the backpressure).
    const sending = slix.run(
      { do: 'ibb-send', to: session.jid, sid: 'slix-ibb-1', size: 120_000 },
      'done',
    );
    const chunks: Buffer[] = [];
    await pipeline(
      await arriving,
      new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(chunk);
          done();
        },
      }),
    );
    await sending;
    const sent = await slix.peer.next('ibb-sent');
    const data = Buffer.concat(chunks);
    expect(data.length).toBe(120_000);
    expect(sha256(data)).toBe(sent.sha256);
    ibb.close();
  });

  it('slixmpp’s SOCKS5 client (XEP-0065) connects to our listener with the same dst.addr', async () => {
    const slix = await slixmpp(await server.createUser(`slix${++n}`, 'pw-slix'));
    const session = await ours(`cy${n}`, () => undefined);
    const sid = 's5b-interop-1';
    // XEP-0065 §5.3.2: SHA-1 of sid + requester + target; XEP-0260 calls the requester the owner.
    const listener = new Socks5Listener(s5bDstAddr(sid, session.jid, slix.full));
    const port = await listener.listen('127.0.0.1');
    const offer = xml(
      'iq',
      { type: 'set', to: slix.full },
      xml(
        'query',
        { xmlns: NS_BYTESTREAMS, sid, mode: 'tcp' },
        xml('streamhost', { jid: session.jid, host: '127.0.0.1', port: String(port) }),
      ),
    );
    const used = await session.iq(offer);
    expect(used.getChild('query', NS_BYTESTREAMS)?.getChild('streamhost-used')?.attrs.jid).toBe(
      session.jid,
    );
    const socket = await listener.waitForConnection(5_000);
    expect(socket).not.toBeNull();
    socket!.resume();
    const data = randomBytes(300_000);
    await new Promise<void>((resolve) => socket!.end(data, () => resolve()));
    const got = await slix.peer.next('socks5-received');
    expect(got).toMatchObject({ bytes: 300_000, sha256: sha256(data) });
    listener.close(true);
  });
});
