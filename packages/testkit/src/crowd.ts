import { escapeXML, type Element } from '@xmpp/xml';
import { connectComponent, type ComponentConnection } from './component.js';
import { seedRoom } from './crowd-seed.js';

/** What startCrowd needs of a server: a TestServer, or a bench's copy of its fields. */
export interface CrowdServer {
  componentPort: number;
  crowdDomain: string;
  componentSecret: string;
  host?: string;
  /** Needed with `seed`: Prosody's temp dir (data_path is `${dir}/data`) and MUC domain. */
  dir?: string;
  mucDomain?: string;
}

export interface CrowdOptions {
  /** How many distinct occupants join (u0 … u<count-1>@crowd.<domain>/x). */
  count: number;
  /** The room's bare JID. If it does not exist, u0 creates it and unlocks it (instant room). */
  room: string;
  /** Nicks are `${nickPrefix}${i}`; default "crowd". */
  nickPrefix?: string;
  /** Joins sent before waiting for their self-presences; default 50. */
  batch?: number;
  /** Bound on each wait (a batch's self-presences, an iq); default 60 s. */
  batchTimeoutMs?: number;
  /**
   * Write the occupants into Prosody's storage instead of joining one by one (crowd-seed.ts
   * says why: N real joins cost ~N² presences). The room must be new; it then exists with
   * u0 as owner. Checked by one presence update from u0, which must reach all `count`.
   */
  seed?: boolean;
}

export interface Crowd {
  /** The nicks of the occupants, by index. */
  occupants: string[];
  /** The real (full) JID of occupant i. */
  jid(i: number): string;
  /** Sends a groupchat message from occupant i; resolves when the socket takes more. */
  sendGroupchat(fromIndex: number, body: string, id?: string): Promise<void>;
  /** Occupant i leaves (waits, bounded, for the room's confirmation). */
  leave(i: number): Promise<void>;
  /** Stanzas the component received so far (presence broadcasts dominate). */
  received(): number;
  /**
   * Destroys the room if the crowd owns it (created or seeded it), else makes every occupant
   * leave; then disconnects. Merely disconnecting would leave the occupants in: Prosody would
   * bounce the next stanza to each and kick them one by one, every kick broadcast to the rest.
   */
  close(): Promise<void>;
}

const NS_MUC = 'http://jabber.org/protocol/muc';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner';
const MAX_COUNT = 100_000;

interface Waiter {
  resolve(statuses: string[]): void;
  reject(err: Error): void;
}

/**
 * Fills `room` with `count` occupants through ONE external-component connection (Prosody
 * allows one per component domain, so one crowd at a time per server): each joins with no
 * history and counts once its self-presence (status 110) arrives. Every wait is bounded; a
 * join error (presence type=error) fails the whole start.
 */
export async function startCrowd(server: CrowdServer, options: CrowdOptions): Promise<Crowd> {
  const { count, batch = 50 } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT)
    throw new Error(`crowd count must be 1…${MAX_COUNT}`);
  if (!Number.isInteger(batch) || batch < 1) throw new Error('crowd batch must be ≥ 1');
  const conn = await connectComponent({
    port: server.componentPort,
    domain: server.crowdDomain,
    secret: server.componentSecret,
    ...(server.host ? { host: server.host } : {}),
  });
  const session = new CrowdSession(conn, options);
  try {
    if (options.seed) await session.seed(server);
    else await session.joinAll(batch);
  } catch (err) {
    await conn.close();
    throw err;
  }
  return {
    occupants: session.nicks,
    jid: (i) => session.jid(i),
    sendGroupchat: (i, body, id) => session.groupchat(i, body, id),
    leave: (i) => session.leaveAll([i]),
    received: () => conn.received(),
    close: () => session.close(batch),
  };
}

class CrowdSession {
  readonly nicks: string[];
  private readonly room: string;
  private readonly timeoutMs: number;
  private readonly selfWaiters = new Map<number, Waiter>();
  private readonly iqWaiters = new Map<string, Waiter>();
  /** Occupants in the room (joined, not left). */
  private readonly present = new Set<number>();
  private owned = false;
  private closing: Promise<void> | undefined;
  private nextIq = 0;

  constructor(
    private readonly conn: ComponentConnection,
    options: CrowdOptions,
  ) {
    this.room = options.room.toLowerCase();
    this.timeoutMs = options.batchTimeoutMs ?? 60_000;
    const prefix = options.nickPrefix ?? 'crowd';
    this.nicks = Array.from({ length: options.count }, (_, i) => `${prefix}${i}`);
    conn.onStanza((stanza) => this.route(stanza));
  }

  jid(i: number): string {
    return `u${i}@${this.conn.domain}/x`;
  }

  async joinAll(batch: number): Promise<void> {
    // The first occupant alone: if it created the room, it must unlock it before anyone else
    // can join (XEP-0045 §10.1.2, instant room).
    const [statuses] = await this.presences([0], 'join');
    if (statuses!.includes('201')) {
      this.owned = true;
      await this.iq(
        0,
        'set',
        `<query xmlns='${NS_MUC_OWNER}'><x xmlns='jabber:x:data' type='submit'/></query>`,
      );
    }
    const count = this.nicks.length;
    for (let start = 1; start < count; start += batch)
      await this.presences(range(start, Math.min(start + batch, count)), 'join');
  }

  async seed(server: CrowdServer): Promise<void> {
    if (!server.dir || !server.mucDomain) throw new Error('seed needs the server dir');
    const realJids = this.nicks.map((_, i) => this.jid(i));
    await seedRoom({
      dataDir: `${server.dir}/data`,
      mucDomain: server.mucDomain,
      room: this.room,
      nicks: this.nicks,
      realJids,
    });
    this.owned = true;
    for (let i = 0; i < this.nicks.length; i++) this.present.add(i);
    // The first stanza restores the room; u0's presence update then goes to every occupant
    // (its own copy, status 110, last), so counting the copies proves they are all there.
    let copies = 0;
    const from0 = `${this.room}/${this.nicks[0]}`;
    const stop = this.conn.onStanza((st) => {
      if (st.name === 'presence' && st.attrs['from']?.toLowerCase() === from0) copies++;
    });
    await this.presences([0], 'update').finally(stop);
    if (copies !== this.nicks.length)
      throw new Error(
        `seeded room ${this.room}: ${copies} of ${this.nicks.length} occupants answered`,
      );
  }

  groupchat(i: number, body: string, id?: string): Promise<void> {
    const idAttr = id === undefined ? '' : ` id='${escapeXML(id)}'`;
    return this.conn.write(
      `<message from='${escapeXML(this.jid(i))}' to='${escapeXML(this.room)}' type='groupchat'${idAttr}>` +
        `<body>${escapeXML(body)}</body></message>`,
    );
  }

  async leaveAll(indexes: number[]): Promise<void> {
    await this.presences(indexes, 'leave');
  }

  close(batch: number): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (this.owned && this.present.has(0))
          await this.iq(0, 'set', `<query xmlns='${NS_MUC_OWNER}'><destroy/></query>`);
        else
          for (let start = 0, all = [...this.present]; start < all.length; start += batch)
            await this.leaveAll(all.slice(start, start + batch));
      } catch {
        // The connection goes anyway; the caller is tearing down.
      }
      await this.conn.close();
    })();
    return this.closing;
  }

  /** Sends a presence for each occupant and waits (bounded) for each one's self-presence. */
  private async presences(
    indexes: number[],
    kind: 'join' | 'update' | 'leave',
  ): Promise<string[][]> {
    const waits = indexes.map(
      (i) =>
        new Promise<string[]>((resolve, reject) => this.selfWaiters.set(i, { resolve, reject })),
    );
    const what = `crowd ${kind} of ${indexes[0]}…${indexes.at(-1)} in ${this.room}`;
    const all = bounded(Promise.all(waits), this.timeoutMs, what, () => {
      for (const i of indexes) this.selfWaiters.delete(i);
    });
    all.catch(() => {}); // observed below; this only keeps a failed write from leaving it unhandled
    for (const i of indexes) {
      const attrs = `from='${escapeXML(this.jid(i))}' to='${escapeXML(`${this.room}/${this.nicks[i]}`)}'`;
      await this.conn.write(
        kind === 'join'
          ? `<presence ${attrs}><x xmlns='${NS_MUC}'><history maxstanzas='0'/></x></presence>`
          : `<presence ${attrs}${kind === 'leave' ? " type='unavailable'" : ''}/>`,
      );
    }
    const statuses = await all;
    for (const i of indexes) {
      if (kind === 'leave') this.present.delete(i);
      else this.present.add(i);
    }
    return statuses;
  }

  /** An iq from occupant i's real JID to the room; resolves on its result (bounded). */
  private async iq(i: number, type: 'get' | 'set', payload: string): Promise<void> {
    const id = `crowd-${this.nextIq++}`;
    const done = new Promise<string[]>((resolve, reject) =>
      this.iqWaiters.set(id, { resolve, reject }),
    );
    await this.conn.write(
      `<iq type='${type}' id='${id}' from='${escapeXML(this.jid(i))}' to='${escapeXML(this.room)}'>${payload}</iq>`,
    );
    await bounded(done, this.timeoutMs, `iq ${id} to ${this.room}`, () =>
      this.iqWaiters.delete(id),
    );
  }

  /** Dispatches one incoming stanza: self-presences and errors to their waiters, iq results. */
  private route(stanza: Element): void {
    const { to = '', from = '', type, id = '' } = stanza.attrs;
    if (stanza.name === 'presence') {
      // Cheap checks first: almost everything here is another occupant's broadcast presence.
      const at = to.indexOf('@');
      const waiter = this.selfWaiters.get(
        to.startsWith('u') && at > 1 ? Number(to.slice(1, at)) : NaN,
      );
      if (!waiter || !from.toLowerCase().startsWith(`${this.room}/`)) return;
      const index = Number(to.slice(1, at));
      if (type === 'error') {
        this.selfWaiters.delete(index);
        waiter.reject(new Error(`join of ${to} refused: ${errorText(stanza)}`));
        return;
      }
      const statuses = (stanza.getChild('x', NS_MUC_USER)?.getChildren('status') ?? []).map(
        (s) => s.attrs['code'] ?? '',
      );
      if (statuses.includes('110')) {
        this.selfWaiters.delete(index);
        waiter.resolve(statuses);
      }
    } else if (stanza.name === 'iq') {
      if (type === 'result' || type === 'error') {
        const waiter = this.iqWaiters.get(id);
        if (!waiter) return;
        this.iqWaiters.delete(id);
        if (type === 'result') waiter.resolve([]);
        else waiter.reject(new Error(`iq ${id} failed: ${errorText(stanza)}`));
      } else {
        // Nobody here answers requests; say so rather than leave the sender waiting.
        void this.conn
          .write(
            `<iq type='error' id='${escapeXML(id)}' from='${escapeXML(to)}' to='${escapeXML(from)}'>` +
              `<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>` +
              `</error></iq>`,
          )
          .catch(() => {});
      }
    }
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

function errorText(stanza: Element): string {
  const error = stanza.getChild('error');
  return error?.getChildElements()[0]?.name ?? error?.toString() ?? stanza.toString();
}

function bounded<T>(work: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`timed out after ${ms} ms: ${what}`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
