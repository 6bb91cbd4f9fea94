// Independent XMPP peers for interoperability tests: slixmpp scripts run under Debian's Python.
// Each prints one JSON object per stdout line as it observes things; a driven peer also reads
// one JSON command per stdin line.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestServer, TestUser } from '@parley/testkit';

/** Debian's interpreter: the default `python3` may be a pyenv without Debian's modules. */
export const PYTHON = '/usr/bin/python3';

/** Why `import module` fails under Debian's python, or null when it works. */
export function cannotImport(module: string): string | null {
  const r = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8', timeout: 15_000 });
  if (r.error) return `${PYTHON} cannot run (${r.error.message})`;
  if (r.status !== 0)
    return `${PYTHON} cannot import ${module} (apt-get install python3-${module})`;
  return null;
}

/**
 * Why slixmpp tests cannot run here, or null. CI installs the peer (.ci/run): there a missing
 * peer is a failure, never a skip.
 */
export function slixmppMissing(module = 'slixmpp'): string | null {
  return process.env['CI'] === 'true' ? null : cannotImport(module);
}

export interface PeerEvent {
  event: string;
  [field: string]: unknown;
}

export interface Peer {
  events: PeerEvent[];
  /** The first event named `event` (already seen or to come) that `match` accepts. */
  next(event: string, match?: (e: PeerEvent) => boolean): Promise<PeerEvent>;
  /** Resolves when the peer exits 0; rejects with its stderr otherwise. */
  finish(): Promise<void>;
  /** One command line on the peer's stdin (driven peers only). */
  write(command: Record<string, unknown>): void;
  /** Ends stdin (a driven peer then disconnects and exits). */
  end(): void;
  kill(): void;
  /** What the peer wrote to stderr so far (slixmpp's warnings and errors). */
  stderr(): string;
}

const script = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** Runs `/usr/bin/python3 <script> ...args` logged in as `who`; killed after `killMs`. */
export function startPythonPeer(
  scriptName: string,
  args: string[],
  // Any test server (Prosody's TestServer, ejabberd's EjabberdServer): where, and its CA.
  server: Pick<TestServer, 'host' | 'c2sPort' | 'caPath'>,
  who: TestUser,
  killMs: number,
): Peer {
  const argv = [script(scriptName), ...args, '--jid', who.jid, '--password', who.password];
  argv.push('--host', server.host, '--port', String(server.c2sPort), '--ca', server.caPath);
  const child: ChildProcess = spawn(PYTHON, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), killMs);

  const events: PeerEvent[] = [];
  const listeners = new Set<() => void>();
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const lines = stdout.split('\n');
    stdout = lines.pop()!;
    for (const line of lines.filter((l) => l.trim() !== '')) {
      events.push(JSON.parse(line) as PeerEvent);
    }
    for (const listener of [...listeners]) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin!.on('error', () => {}); // the peer exited first: its exit says why
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal });
    });
  });
  // Stream 'end' can trail 'exit': wait for both so the last lines are in `events`.
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('close', () => void exited.then(resolve)),
  );
  const describeRun = (what: string, how: { code: number | null; signal: string | null }) =>
    `slixmpp peer (${[scriptName, ...args].join(' ')}) ${what}; exit ${how.code ?? how.signal}; ` +
    `events ${JSON.stringify(events)}; stderr:\n${stderr.trim()}`;

  return {
    events,
    next(event, match = () => true) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.event === event && match(e));
          if (!found) return;
          listeners.delete(check);
          resolve(found);
        };
        listeners.add(check);
        check();
        void closed.then((how) => {
          if (listeners.delete(check)) reject(new Error(describeRun(`never said "${event}"`, how)));
        });
      });
    },
    async finish() {
      const how = await closed;
      if (how.code !== 0) throw new Error(describeRun('failed', how));
    },
    write(command) {
      child.stdin!.write(`${JSON.stringify(command)}\n`);
    },
    end() {
      child.stdin!.end();
    },
    kill() {
      child.kill('SIGKILL');
    },
    stderr: () => stderr,
  };
}

/** A driven slixmpp peer: `run` sends a command and waits for its answer. */
export interface DrivenPeer extends Peer {
  /** Sends one command; resolves when the peer did it, rejects with its error. */
  run(command: Record<string, unknown>): Promise<void>;
  /** The first message (seen or to come) that `match` accepts, within `timeoutMs`. */
  message(match: (m: PeerEvent) => boolean, timeoutMs?: number): Promise<PeerEvent>;
}

let seq = 0;

/**
 * Starts `slixmpp-driven-peer.py` as `who` and waits until it is online. It speaks XEP-0308,
 * 0444, 0424 (:0), 0425 (:0), 0461, 0428, 0333, 0359 and 0421 through slixmpp's own plugins.
 */
export async function startDrivenPeer(
  server: TestServer,
  who: TestUser,
  { timeoutS = 60 }: { timeoutS?: number } = {},
): Promise<DrivenPeer> {
  const args = ['--timeout', String(timeoutS)];
  const peer = startPythonPeer(
    'slixmpp-driven-peer.py',
    args,
    server,
    who,
    timeoutS * 1000 + 10_000,
  );
  await peer.next('ready');
  return {
    ...peer,
    async run(command) {
      const n = ++seq;
      const answered = Promise.race([
        peer.next('done', (e) => e.seq === n),
        peer
          .next('error', (e) => e.seq === n)
          .then((e) => {
            throw new Error(`slixmpp peer: ${String(command['do'])} failed: ${String(e.error)}`);
          }),
      ]);
      peer.write({ ...command, seq: n });
      await answered;
    },
    message(match, timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const seen = JSON.stringify(peer.events.filter((e) => e.event !== 'done'));
          reject(
            new Error(
              `slixmpp peer: no such message in ${timeoutMs} ms; saw ${seen}; ` +
                `stderr:\n${peer.stderr()}`,
            ),
          );
        }, timeoutMs);
      });
      return Promise.race([peer.next('message', match), late]).finally(() => clearTimeout(timer));
    },
  };
}

/**
 * Numbered commands to a JSON-lines peer: `run(command, answer)` writes the command with the
 * next `seq` and resolves with the peer's `answer` event of that number, or rejects with the
 * peer's error (and its stderr). `peer` is read at each call (tests start it in beforeAll).
 */
export function commandRunner(
  peer: () => Peer,
): (command: Record<string, unknown>, answer: string) => Promise<PeerEvent> {
  let seq = 0;
  return (command, answer) => {
    const p = peer();
    const n = ++seq;
    const done = Promise.race([
      p.next(answer, (e) => e.seq === n),
      p
        .next('error', (e) => e.seq === n)
        .then((e) => {
          throw new Error(`python peer: ${String(e.error)}\n${p.stderr()}`);
        }),
    ]);
    p.write({ ...command, seq: n });
    return done;
  };
}
