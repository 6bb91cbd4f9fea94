import { testClient, type TestServer } from '@parley/testkit';
import { xml, type Element } from '@parley/xmpp';

/** One message as the server's archive (XEP-0313) holds it. */
export interface Archived {
  from: string;
  body: string | null;
  /** The namespace of its `<encrypted/>`, if it has one. */
  encrypted: string | null;
}

/**
 * What the server stored of `local`'s conversations, read by a plain client of its own (not
 * Parley): to check that OMEMO messages reach the server without their text. At most 200
 * messages, 15 s.
 */
export async function serverArchive(
  server: TestServer,
  local: string,
  password: string,
): Promise<Archived[]> {
  const client = await testClient(server, local, password);
  const queryid = `q${Math.random().toString(36).slice(2, 8)}`;
  const found: Archived[] = [];
  client.on('stanza', (stanza: Element) => {
    const result = stanza.getChild('result', 'urn:xmpp:mam:2');
    if (!stanza.is('message') || result?.attrs['queryid'] !== queryid) return;
    const message = result.getChild('forwarded', 'urn:xmpp:forward:0')?.getChild('message');
    if (!message) return;
    const encrypted =
      message.getChild('encrypted', 'urn:xmpp:omemo:2') ??
      message.getChild('encrypted', 'eu.siacs.conversations.axolotl');
    found.push({
      from: String(message.attrs['from'] ?? ''),
      body: message.getChildText('body'),
      encrypted: encrypted ? String(encrypted.attrs['xmlns']) : null,
    });
  });
  try {
    await Promise.race([
      client.iqCaller.request(
        xml(
          'iq',
          { type: 'set', id: queryid },
          xml(
            'query',
            { xmlns: 'urn:xmpp:mam:2', queryid },
            xml('set', { xmlns: 'http://jabber.org/protocol/rsm' }, xml('max', {}, '200')),
          ),
        ),
      ),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the archive query timed out')), 15_000),
      ),
    ]);
    return found;
  } finally {
    await client.stop().catch(() => {});
  }
}
