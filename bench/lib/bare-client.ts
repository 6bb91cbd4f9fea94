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
) {
  const xmpp = client({ service, domain, username, password, resource: `bench-${Math.random()}` });
  xmpp.on('error', () => {});
  await xmpp.start();
  await xmpp.send(xml('presence'));
  return xmpp;
}

export { xml };
