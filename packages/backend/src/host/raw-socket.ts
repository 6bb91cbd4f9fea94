import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * Test helper: talks HTTP and WebSocket to the dev/test host byte by byte, so a test can send
 * what no well-behaved client would (bad headers, malformed frames).
 */
export interface RawReply {
  /** The HTTP status of the response (101 when the upgrade was accepted). */
  status: number;
  head: string;
  socket: Socket;
  /** Bytes after the response head (WebSocket frames from the host). */
  rest: Buffer;
}

/** Sends `request` as is and reads the response head; bounded by `timeoutMs`. */
export function rawRequest(port: number, request: string, timeoutMs = 5_000): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no response head in ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.off('data', onData);
      const head = buffer.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? NaN);
      resolve({ status, head, socket, rest: buffer.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.write(request);
  });
}

/** A WebSocket upgrade request for /ws with the given extra headers. */
export function upgradeRequest(headers: Record<string, string>): string {
  const lines = [
    'GET /ws HTTP/1.1',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A masked client frame; `length` lets a test announce more than it sends. */
export function clientFrame(opcode: number, payload: Buffer, length = payload.length): Buffer {
  const mask = randomBytes(4);
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, 0x80 | length]);
  } else if (length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, masked]);
}

/**
 * The close code the host sends next on an upgraded socket (null when it just hangs up).
 * `already` holds bytes read with the response head.
 */
export function closeCode(
  socket: Socket,
  already: Buffer,
  timeoutMs = 5_000,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    let buffer = already;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close from the host in ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (code: number | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    };
    const scan = () => {
      // Server frames are unmasked; skip any that are not a close (opcode 8).
      let at = 0;
      while (buffer.length >= at + 2) {
        const opcode = buffer[at]! & 0x0f;
        let length = buffer[at + 1]! & 0x7f;
        let start = at + 2;
        if (length === 126) {
          if (buffer.length < at + 4) return;
          length = buffer.readUInt16BE(at + 2);
          start = at + 4;
        } else if (length === 127) {
          if (buffer.length < at + 10) return;
          length = Number(buffer.readBigUInt64BE(at + 2));
          start = at + 10;
        }
        if (buffer.length < start + length) return;
        if (opcode === 8) {
          finish(length >= 2 ? buffer.readUInt16BE(start) : null);
          return;
        }
        at = start + length;
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      scan();
    });
    socket.on('close', () => finish(null));
    scan();
  });
}
