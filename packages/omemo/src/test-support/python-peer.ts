/**
 * Drives test-support/twomemo_peer.py (Debian's python-omemo + twomemo) over JSON lines: the
 * OMEMO 2 crypto interop test without a server. Every wait is bounded in time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BundleV2, EncryptedMessageV2 } from '../v2/index.js';

export type PeerEvent = Record<string, unknown> & { event: string };

const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

export interface MessageJson {
  sid: number;
  keys: { jid: string; keys: { rid: number; kex: boolean; data: string }[] }[];
  payload?: string;
}

export function messageToJson(m: EncryptedMessageV2): MessageJson {
  const out: MessageJson = {
    sid: m.sid,
    keys: m.keys.map((g) => ({
      jid: g.jid,
      keys: g.keys.map((k) => ({ ...k, data: b64(k.data) })),
    })),
  };
  if (m.payload !== undefined) out.payload = b64(m.payload);
  return out;
}

export function messageFromJson(m: MessageJson): EncryptedMessageV2 {
  const out: EncryptedMessageV2 = {
    sid: m.sid,
    keys: m.keys.map((g) => ({
      jid: g.jid,
      keys: g.keys.map((k) => ({ ...k, data: bytes(k.data) })),
    })),
  };
  if (m.payload !== undefined) out.payload = bytes(m.payload);
  return out;
}

export interface BundleJson {
  spkId: number;
  spk: string;
  spkSig: string;
  ik: string;
  preKeys: { id: number; pub: string }[];
}

export const bundleToJson = (b: BundleV2): BundleJson => ({
  spkId: b.spkId,
  spk: b64(b.spk),
  spkSig: b64(b.spkSig),
  ik: b64(b.ik),
  preKeys: b.preKeys.map((k) => ({ id: k.id, pub: b64(k.pub) })),
});

export const bundleFromJson = (b: BundleJson): BundleV2 => ({
  spkId: b.spkId,
  spk: bytes(b.spk),
  spkSig: bytes(b.spkSig),
  ik: bytes(b.ik),
  preKeys: b.preKeys.map((k) => ({ id: k.id, pub: bytes(k.pub) })),
});

export class PythonPeer {
  private readonly queue: PeerEvent[] = [];
  private readonly waiters: {
    match: (e: PeerEvent) => boolean;
    resolve: (e: PeerEvent) => void;
  }[] = [];
  private buffer = '';
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      const lines = this.buffer.split('\n');
      this.buffer = lines.pop() ?? '';
      for (const line of lines)
        if (line.trim() !== '') this.queue.push(JSON.parse(line) as PeerEvent);
      this.flush();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
  }

  static start(jid: string): PythonPeer {
    const script = fileURLToPath(new URL('./twomemo_peer.py', import.meta.url));
    return new PythonPeer(
      spawn('/usr/bin/python3', [script, jid], { stdio: ['pipe', 'pipe', 'pipe'] }),
    );
  }

  private flush(): void {
    for (const w of [...this.waiters]) {
      const i = this.queue.findIndex(w.match);
      if (i >= 0) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(this.queue.splice(i, 1)[0]!);
      }
    }
  }

  send(cmd: Record<string, unknown>): void {
    this.child.stdin.write(JSON.stringify(cmd) + '\n');
  }

  /** The next event of one of `kinds` (an 'error' event always matches, so failures surface). */
  next(kinds: string[], timeoutMs = 20_000): Promise<PeerEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`python peer: no ${kinds.join('/')} in ${timeoutMs} ms\n${this.stderr}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        match: (e) => kinds.includes(e.event) || e.event === 'error',
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
      this.flush();
    });
  }

  /** Events that arrived and nobody waited for (e.g. automatic messages), removed from the queue. */
  drain(kind: string): PeerEvent[] {
    const found = this.queue.filter((e) => e.event === kind);
    for (const e of found) this.queue.splice(this.queue.indexOf(e), 1);
    return found;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.send({ cmd: 'quit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
