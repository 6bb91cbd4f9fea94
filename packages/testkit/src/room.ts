import { xml, type Element } from '@xmpp/xml';

/** What the room helpers need of a client: @xmpp/client, or anything shaped like it. */
export interface StanzaClient {
  send(el: Element): Promise<void>;
  on(event: 'stanza', listener: (stanza: Element) => void): unknown;
  removeListener(event: 'stanza', listener: (stanza: Element) => void): unknown;
  iqCaller: { request(el: Element, timeout?: number): Promise<Element> };
}

export interface Joined {
  /** Status codes of our self-presence (110, and 201 when we created the room). */
  statuses: string[];
  /** Nicks of the other occupants whose presence came before ours, in order. */
  occupants: string[];
  /** Join presence sent → self-presence received. */
  ms: number;
}

const NS_MUC = 'http://jabber.org/protocol/muc';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';

/**
 * Joins `room` as `nick` (no history unless asked) and resolves at our self-presence (status
 * 110), which XEP-0045 puts after every other occupant's presence. Rejects on a presence error
 * or after `timeoutMs`.
 */
export function joinRoom(
  client: StanzaClient,
  room: string,
  nick: string,
  options: { maxstanzas?: number; timeoutMs?: number } = {},
): Promise<Joined> {
  const { maxstanzas = 0, timeoutMs = 30_000 } = options;
  const prefix = `${room.toLowerCase()}/`;
  const occupants: string[] = [];
  let started = 0;
  return new Promise<Joined>((resolve, reject) => {
    const finish = (err: Error | null, statuses: string[] = []): void => {
      clearTimeout(timer);
      client.removeListener('stanza', onStanza);
      if (err) reject(err);
      else resolve({ statuses, occupants, ms: performance.now() - started });
    };
    const timer = setTimeout(
      () => finish(new Error(`no self-presence from ${room} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onStanza = (stanza: Element): void => {
      const from = stanza.attrs['from'] ?? '';
      if (!stanza.is('presence') || !from.toLowerCase().startsWith(prefix)) return;
      if (stanza.attrs['type'] === 'error') {
        const condition = stanza.getChild('error')?.getChildElements()[0]?.name ?? 'unknown';
        return finish(new Error(`joining ${room} failed: ${condition}`));
      }
      const statuses = (stanza.getChild('x', NS_MUC_USER)?.getChildren('status') ?? []).map(
        (s) => s.attrs['code'] ?? '',
      );
      if (statuses.includes('110')) finish(null, statuses);
      else if (stanza.attrs['type'] !== 'unavailable') occupants.push(from.slice(prefix.length));
    };
    client.on('stanza', onStanza);
    started = performance.now();
    client
      .send(
        xml(
          'presence',
          { to: `${room}/${nick}` },
          xml('x', { xmlns: NS_MUC }, xml('history', { maxstanzas: String(maxstanzas) })),
        ),
      )
      .catch((err: unknown) => finish(err instanceof Error ? err : new Error(String(err))));
  });
}

/**
 * Joins `room`, and if that created it (status 201: locked), accepts the default
 * configuration (XEP-0045 §10.1.2 instant room) so others can join.
 */
export async function createRoom(
  client: StanzaClient,
  room: string,
  nick: string,
): Promise<Joined & { created: boolean }> {
  const joined = await joinRoom(client, room, nick);
  const created = joined.statuses.includes('201');
  if (created) {
    await client.iqCaller.request(
      xml(
        'iq',
        { type: 'set', to: room },
        xml(
          'query',
          { xmlns: 'http://jabber.org/protocol/muc#owner' },
          xml('x', { xmlns: 'jabber:x:data', type: 'submit' }),
        ),
      ),
      10_000,
    );
  }
  return { ...joined, created };
}

/** Leaves `room` and waits (bounded) for the room's unavailable self-presence. */
export function leaveRoom(
  client: StanzaClient,
  room: string,
  nick: string,
  timeoutMs = 10_000,
): Promise<void> {
  const prefix = `${room.toLowerCase()}/`;
  return new Promise<void>((resolve, reject) => {
    const finish = (err: Error | null): void => {
      clearTimeout(timer);
      client.removeListener('stanza', onStanza);
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new Error(`no leave confirmation from ${room}`)),
      timeoutMs,
    );
    const onStanza = (stanza: Element): void => {
      const from = (stanza.attrs['from'] ?? '').toLowerCase();
      if (
        stanza.is('presence') &&
        stanza.attrs['type'] === 'unavailable' &&
        from.startsWith(prefix)
      )
        if (stanza.getChild('x', NS_MUC_USER)?.getChildByAttr('code', '110')) finish(null);
    };
    client.on('stanza', onStanza);
    client
      .send(xml('presence', { to: `${room}/${nick}`, type: 'unavailable' }))
      .catch((err: unknown) => finish(err instanceof Error ? err : new Error(String(err))));
  });
}
