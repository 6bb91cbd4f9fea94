/**
 * Drives oldmemo_peer.py (python-omemo/oldmemo) over JSON lines for crypto interop tests without
 * a server. Every wait is bounded in time; the process is killed on close.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LegacyBundle } from '../legacy/bundle.js';
import type { LegacyEncrypted } from '../legacy/message.js';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./oldmemo_peer.py', import.meta.url));
const MAX_QUEUED = 1000;

export type PyEvent = { event: string } & Record<string, unknown>;

export interface JsonEncrypted {
  sid: number;
  keys: { rid: number; prekey: boolean; data: string }[];
  iv: string;
  payload: string | null;
}
export interface JsonBundle {
  identityKey: string;
  signedPreKey: { id: number; publicKey: string; signature: string };
  preKeys: { id: number; publicKey: string }[];
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

export const encryptedToJson = (m: LegacyEncrypted): JsonEncrypted => ({
  sid: m.sid,
  keys: m.keys.map((k) => ({ rid: k.rid, prekey: k.prekey, data: b64(k.data) })),
  iv: b64(m.iv),
  payload: m.payload ? b64(m.payload) : null,
});
export const encryptedFromJson = (m: JsonEncrypted): LegacyEncrypted => ({
  sid: m.sid,
  keys: m.keys.map((k) => ({ rid: k.rid, prekey: k.prekey, data: bytes(k.data) })),
  iv: bytes(m.iv),
  payload: m.payload === null ? null : bytes(m.payload),
});
export const bundleToJson = (b: LegacyBundle): JsonBundle => ({
  identityKey: b64(b.identityKey),
  signedPreKey: {
    id: b.signedPreKey.id,
    publicKey: b64(b.signedPreKey.publicKey),
    signature: b64(b.signedPreKey.signature),
  },
  preKeys: b.preKeys.map((p) => ({ id: p.id, publicKey: b64(p.publicKey) })),
});
export const bundleFromJson = (b: JsonBundle): LegacyBundle => ({
  identityKey: bytes(b.identityKey),
  signedPreKey: {
    id: b.signedPreKey.id,
    publicKey: bytes(b.signedPreKey.publicKey),
    signature: bytes(b.signedPreKey.signature),
  },
  preKeys: b.preKeys.map((p) => ({ id: p.id, publicKey: bytes(p.publicKey) })),
});

export class PyPeer {
  readonly #proc: ChildProcessWithoutNullStreams;
  readonly #queue: PyEvent[] = [];
  #wake: (() => void) | null = null;
  #buffer = '';
  #stderr = '';

  private constructor() {
    this.#proc = spawn(PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.#buffer += chunk;
      const lines = this.#buffer.split('\n');
      this.#buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        if (this.#queue.length >= MAX_QUEUED) throw new Error('python peer flooded the queue');
        this.#queue.push(JSON.parse(line) as PyEvent);
      }
      this.#wake?.();
    });
    this.#proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    this.#proc.on('exit', () => this.#wake?.());
  }

  static async start(): Promise<{ peer: PyPeer; ready: PyEvent }> {
    const peer = new PyPeer();
    const ready = await peer.next((e) => e.event === 'ready', 20_000);
    return { peer, ready };
  }

  send(cmd: Record<string, unknown>): void {
    this.#proc.stdin.write(JSON.stringify(cmd) + '\n');
  }

  /** The first queued event matching, waiting at most `ms`. */
  async next(match: (e: PyEvent) => boolean, ms = 10_000): Promise<PyEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.#queue.findIndex(match);
      if (i >= 0) return this.#queue.splice(i, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0 || this.#proc.exitCode !== null) {
        throw new Error(`python peer: no matching event (stderr: ${this.#stderr})`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  /** The reply to a command: its result event or an error event. */
  reply(event: string, ms?: number): Promise<PyEvent> {
    return this.next((e) => e.event === event || e.event === 'error', ms);
  }

  /** Takes every queued event of one kind. */
  drain(event: string): PyEvent[] {
    const taken = this.#queue.filter((e) => e.event === event);
    for (const e of taken) this.#queue.splice(this.#queue.indexOf(e), 1);
    return taken;
  }

  close(): void {
    if (this.#proc.exitCode === null) {
      this.send({ cmd: 'quit' });
      this.#proc.stdin.end();
      setTimeout(() => this.#proc.kill(), 2000).unref();
    }
  }
}
