import type { Call } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { Session, buildJmi, parseJmi, xml, type Element, type JmiMessage } from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';

// XEP-0353 §8.1 from both sides, with the crossing propose's session id chosen: a device of
// the callee (a plain session, not Parley) proposes back with the lowest and then the highest
// possible id while our call to it rings.
let server: TestServer;
const opened: Harness[] = [];
let peer: Session;
const heard: JmiMessage[] = [];
let alice: Device;
let bob: Device;

beforeAll(async () => {
  server = await startProsody();
  for (const u of ['tiea', 'tieb']) await server.createUser(u, `${u}-pw`);
  alice = await login(server, opened, 'tiea');
  bob = await login(server, opened, 'tieb');
  await befriend(alice, bob);
  peer = new Session({
    jid: bob.account.jid,
    password: 'tieb-pw',
    resource: 'plain',
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
  });
  peer.on('stanza', (el: Element) => {
    const jmi = el.name === 'message' ? parseJmi(el) : null;
    if (jmi) heard.push(jmi);
  });
  await peer.start();
  await peer.send(xml('presence'));
});
afterAll(async () => {
  await peer?.stop().catch(() => undefined);
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

async function ringBob(): Promise<Call> {
  const started = await alice.h.call('calls.start', {
    accountId: alice.account.id,
    peer: bob.account.jid,
    media: ['audio'],
  });
  if (!started.ok) throw new Error(started.failure.message);
  // The propose reached the plain device too.
  await eventually(() => heard.find((j) => j.action === 'propose' && j.sid === started.call.id));
  return started.call;
}

const live = async () => (await alice.h.call('calls.list', {})).calls;

describe('crossing proposes (XEP-0353 tie-break)', () => {
  it('theirs has the lower id: ours is retracted with <tie-break/>, theirs rings', async () => {
    const ours = await ringBob();
    await peer.send(buildJmi(alice.account.jid, 'propose', '0', { media: ['audio'] }));
    const retract = await eventually(() =>
      heard.find((j) => j.action === 'retract' && j.sid === ours.id),
    );
    expect(retract).toMatchObject({ tieBreak: true, reason: { condition: 'expired' } });
    await eventually(async () => ((await live())[0]?.id === '0' ? true : undefined));
    expect(await live()).toMatchObject([{ id: '0', state: 'incoming', direction: 'in' }]);
    await alice.h.call('calls.end', { accountId: alice.account.id, callId: '0', reason: 'busy' });
  });

  it('theirs has the higher id: theirs is rejected with <tie-break/>, ours rings on', async () => {
    const ours = await ringBob();
    await peer.send(buildJmi(alice.account.jid, 'propose', '~~', { media: ['audio'] }));
    const reject = await eventually(() =>
      heard.find((j) => j.action === 'reject' && j.sid === '~~'),
    );
    expect(reject).toMatchObject({ tieBreak: true, reason: { condition: 'expired' } });
    expect(await live()).toMatchObject([{ id: ours.id, state: 'ringing', direction: 'out' }]);
  });
});
