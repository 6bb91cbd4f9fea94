// The smallest TURN client a test needs (RFC 8656 Allocate over UDP with long-term
// credentials, RFC 8489 message integrity): proves that credentials a server handed out
// (XEP-0215) really open a relay on the TURN server. For tests only.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';

const MAGIC = 0x2112a442;
const ALLOCATE = 0x0003;
const ALLOCATE_OK = 0x0103;
const ALLOCATE_ERROR = 0x0113;
const ATTR = {
  username: 0x0006,
  integrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayed: 0x0016,
  transport: 0x0019,
} as const;

type Attr = [type: number, value: Buffer];

function message(type: number, tid: Buffer, attrs: Attr[], key?: Buffer): Buffer {
  const body = Buffer.concat(
    attrs.map(([t, v]) => {
      const head = Buffer.alloc(4);
      head.writeUInt16BE(t, 0);
      head.writeUInt16BE(v.length, 2);
      return Buffer.concat([head, v, Buffer.alloc((4 - (v.length % 4)) % 4)]);
    }),
  );
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC, 4);
  tid.copy(header, 8);
  if (!key) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // The length covers MESSAGE-INTEGRITY itself (24 bytes) while the HMAC is computed.
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', key)
    .update(Buffer.concat([header, body]))
    .digest();
  const mi = Buffer.alloc(4);
  mi.writeUInt16BE(ATTR.integrity, 0);
  mi.writeUInt16BE(20, 2);
  return Buffer.concat([header, body, mi, mac]);
}

function parse(packet: Buffer): { type: number; attrs: Map<number, Buffer> } {
  const attrs = new Map<number, Buffer>();
  const length = packet.readUInt16BE(2);
  for (let at = 20; at + 4 <= Math.min(packet.length, 20 + length);) {
    const type = packet.readUInt16BE(at);
    const len = packet.readUInt16BE(at + 2);
    attrs.set(type, packet.subarray(at + 4, at + 4 + len));
    at += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { type: packet.readUInt16BE(0), attrs };
}

function exchange(
  socket: dgram.Socket,
  host: string,
  port: number,
  packet: Buffer,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer from the TURN server')), 5_000);
    socket.once('message', (reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    socket.send(packet, port, host);
  });
}

/**
 * Allocates a UDP relay with these credentials; resolves with the relayed address, rejects
 * with the server's error (e.g. "401 Unauthorized" for credentials it does not take).
 */
export async function turnAllocate(server: {
  host: string;
  port: number;
  username: string;
  password: string;
}): Promise<{ address: string; port: number }> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    const transport: Attr = [ATTR.transport, Buffer.from([17, 0, 0, 0])];
    const first = parse(
      await exchange(
        socket,
        server.host,
        server.port,
        message(ALLOCATE, randomBytes(12), [transport]),
      ),
    );
    const realm = first.attrs.get(ATTR.realm);
    const nonce = first.attrs.get(ATTR.nonce);
    if (first.type !== ALLOCATE_ERROR || !realm || !nonce) throw new Error('no challenge');
    const key = createHash('md5')
      .update(`${server.username}:${realm.toString()}:${server.password}`)
      .digest();
    const attrs: Attr[] = [
      transport,
      [ATTR.username, Buffer.from(server.username)],
      [ATTR.realm, realm],
      [ATTR.nonce, nonce],
    ];
    const reply = parse(
      await exchange(
        socket,
        server.host,
        server.port,
        message(ALLOCATE, randomBytes(12), attrs, key),
      ),
    );
    if (reply.type !== ALLOCATE_OK) {
      const error = reply.attrs.get(ATTR.errorCode);
      const code = error ? error[2]! * 100 + error[3]! : 0;
      throw new Error(`${code} ${error?.subarray(4).toString() ?? 'allocation refused'}`);
    }
    const relayed = reply.attrs.get(ATTR.xorRelayed);
    if (!relayed) throw new Error('no relayed address');
    const port = relayed.readUInt16BE(2) ^ (MAGIC >>> 16);
    const ip = (relayed.readUInt32BE(4) ^ MAGIC) >>> 0;
    const address = [24, 16, 8, 0].map((s) => (ip >>> s) & 255).join('.');
    return { address, port };
  } finally {
    socket.close();
  }
}
