import { client, xml } from '@xmpp/client';

/**
 * A plain @xmpp/client session, the baseline every Parley figure is compared with. It trusts
 * the test CA through NODE_EXTRA_CA_CERTS (set by the bench before it starts this process),
 * since @xmpp/client offers no per-connection TLS option.
 */
export async function bareClient(
  service: string,
  domain: string,
  username: string,
  password: string,
  options: { carbons?: boolean } = {},
) {
  const xmpp = client({
    service,
    domain,
    username,
    password,
    resource: `bench-${Math.random()}`,
    // @xmpp/connection gives each stream step (open after STARTTLS, close) 2 s by default: on a
    // busy 2-core machine (CI, several test runs at once) the TLS handshake alone can take longer,
    // and the bench then dies on a TimeoutError that says nothing about Parley.
    timeout: 30_000,
  });
  xmpp.on('error', () => {});
  await xmpp.start();
  // start() resolves at resource binding, before <enabled/> is handled; enabling then zeroes
  // the XEP-0198 inbound count, possibly after an <a h=…/> already went out for stanzas in the
  // same read, and Prosody closes the stream ("Client acknowledged less stanzas than already
  // acknowledged"). Send nothing until stream management is on (Prosody always offers it).
  for (let waited = 0; !xmpp.streamManagement.enabled; waited += 5) {
    if (waited >= 5_000) throw new Error('stream management was not enabled');
    await new Promise((r) => setTimeout(r, 5));
  }
  if (options.carbons) {
    // Message Carbons, as every modern client (and Parley) enables: it changes what the server
    // does per message, so a fair receiving baseline has it on too.
    await xmpp.iqCaller.request(
      xml('iq', { type: 'set' }, xml('enable', { xmlns: 'urn:xmpp:carbons:2' })),
    );
  }
  await xmpp.send(xml('presence'));
  // The server handles one stream's stanzas in order: once this ping is answered, our presence
  // is in effect. Without it the first message sent to us can find no available resource and
  // go only to the archive (the test server stores no offline messages).
  await serverPing(xmpp);
  return xmpp;
}

/**
 * An iq round trip to our own server: everything sent before it has been processed. After a
 * burst of 10,000 messages the answer waits behind all of them, which on a busy machine took
 * longer than @xmpp/iq's 30 s default: allow two minutes.
 */
export async function serverPing(xmpp: ReturnType<typeof client>): Promise<void> {
  const ping = xml('iq', { type: 'get' }, xml('ping', { xmlns: 'urn:xmpp:ping' }));
  await xmpp.iqCaller.request(ping, 120_000);
}

export { xml };
