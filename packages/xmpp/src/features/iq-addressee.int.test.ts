import {
  connectComponent,
  startProsody,
  type ComponentConnection,
  type TestServer,
} from '@parley/testkit';
import xml from '@xmpp/xml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../index.js';

let server: TestServer;
let component: ComponentConnection;
let session: Session;

beforeAll(async () => {
  server = await startProsody({ users: [{ local: 'alice', password: 'secret' }] });
  component = await connectComponent({
    port: server.componentPort,
    domain: server.crowdDomain,
    secret: server.componentSecret,
  });
  session = new Session({
    jid: `alice@${server.domain}`,
    password: 'secret',
    resource: 'pc',
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
  });
  await session.start();
});

afterAll(async () => {
  await session?.stop();
  await component?.close();
  await server?.stop();
});

describe('iq answers are matched to their addressee', () => {
  it('an answer with the right id from another address does not resolve the request', async () => {
    const service = server.crowdDomain;
    const stop = component.onStanza((iq) => {
      if (iq.name !== 'iq' || iq.attrs.type !== 'get') return;
      const answer = (from: string, marker: string) =>
        xml(
          'iq',
          { type: 'result', id: iq.attrs.id, from, to: iq.attrs.from },
          xml(
            'query',
            { xmlns: 'http://jabber.org/protocol/disco#info' },
            xml('feature', { var: marker }),
          ),
        ).toString();
      // First a forged answer from inside the service's domain, then the real one.
      void component
        .write(answer(`mallory@${service}`, 'forged'))
        .then(() => new Promise((r) => setTimeout(r, 300)))
        .then(() => component.write(answer(service, 'real')));
    });
    try {
      const result = await session.iq(
        xml(
          'iq',
          { type: 'get', to: service },
          xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
        ),
        5_000,
      );
      expect(result.attrs.from).toBe(service);
      expect(result.getChild('query')?.getChild('feature')?.attrs.var).toBe('real');
    } finally {
      stop();
    }
    // Our server still answers what we ask it, with or without a to.
    const roster = await session.iq(
      xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })),
    );
    expect(roster.attrs.type).toBe('result');
    const info = await session.iq(
      xml(
        'iq',
        { type: 'get', to: server.domain },
        xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
      ),
    );
    expect(info.attrs.type).toBe('result');
    const own = await session.iq(
      xml(
        'iq',
        { type: 'get', to: `alice@${server.domain}` },
        xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
      ),
    );
    expect(own.attrs.type).toBe('result');
  });
});
