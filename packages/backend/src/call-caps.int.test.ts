import type { Contact } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import {
  Session,
  buildDiscoInfoResponse,
  capsElement,
  discoInfoOf,
  isDiscoInfoRequest,
  xml,
  type DiscoInfo,
  type Element,
} from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';

// Call buttons follow the contact's devices (XEP-0115 caps → disco#info, through a real
// Prosody): a Parley device can take audio and video calls; a device without XEP-0167 cannot,
// an audio-only one takes audio; a device whose disco#info does not match its hash is not
// believed.
let server: TestServer;
const opened: Harness[] = [];
const sessions: Session[] = [];

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.stop().catch(() => undefined)));
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

/** Another device of `local`, announcing `announced` in its caps and answering `answered`. */
async function plainDevice(
  local: string,
  resource: string,
  announced: DiscoInfo,
  answered: DiscoInfo = announced,
): Promise<Session> {
  const device = new Session({
    jid: `${local}@${server.domain}`,
    password: `${local}-pw`,
    resource,
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
  });
  sessions.push(device);
  device.on('stanza', (el: Element) => {
    if (!isDiscoInfoRequest(el)) return;
    const query = el.getChild('query');
    const node = query?.attrs.node as string | undefined;
    if (query) delete query.attrs.node;
    const answer = buildDiscoInfoResponse(el, answered);
    // The answer names the node asked for (XEP-0115 §6.2), whatever it hashes to.
    const result = answer?.getChild('query');
    if (result && node) result.attrs.node = node;
    if (answer) void device.send(answer).catch(() => undefined);
  });
  await device.start();
  await device.send(xml('presence', {}, capsElement(announced)));
  return device;
}

function resourceOf(d: Device, peer: string, resource: string) {
  const contacts = d.h.events
    .filter((e) => e.name === 'roster.changed')
    .flatMap((e) => (e.payload as { upserted: Contact[] }).upserted)
    .filter((c) => c.jid === peer);
  return contacts.at(-1)?.resources.find((r) => r.resource === resource);
}

const RTP = 'urn:xmpp:jingle:apps:rtp:1';
const AUDIO = 'urn:xmpp:jingle:apps:rtp:audio';
const JMI = 'urn:xmpp:jingle-message:0';

describe('who can take a call (XEP-0115 caps)', () => {
  it('tells call-capable devices from the others, per device', async () => {
    for (const u of ['capa', 'capb']) await server.createUser(u, `${u}-pw`);
    const alice = await login(server, opened, 'capa');
    const bob = await login(server, opened, 'capb');
    await befriend(alice, bob);
    const bobJid = bob.account.jid;
    const bobResource = bob.h.store.accounts.get(bob.account.id)!.resource;

    // Bob's Parley announces XEP-0167 audio and video with XEP-0353.
    await eventually(() =>
      resourceOf(alice, bobJid, bobResource)?.callMedia?.length === 2 ? true : undefined,
    );
    expect(resourceOf(alice, bobJid, bobResource)?.callMedia).toEqual(['audio', 'video']);

    // A chat-only device: known, and it takes no call.
    await plainDevice('capb', 'chat', discoInfoOf(['http://jabber.org/protocol/disco#info']));
    await eventually(() => resourceOf(alice, bobJid, 'chat')?.callMedia);
    expect(resourceOf(alice, bobJid, 'chat')?.callMedia).toEqual([]);

    // An audio-only device takes audio calls only.
    await plainDevice('capb', 'phone', discoInfoOf([RTP, AUDIO, JMI]));
    await eventually(() => resourceOf(alice, bobJid, 'phone')?.callMedia);
    expect(resourceOf(alice, bobJid, 'phone')?.callMedia).toEqual(['audio']);

    // Announces audio and video, answers with something else: its hash does not match, and
    // nothing is believed (the device stays unknown: no call button for it).
    const lie = discoInfoOf([RTP, AUDIO, JMI, 'urn:xmpp:jingle:apps:rtp:video', 'x-lie']);
    await plainDevice('capb', 'liar', lie, discoInfoOf([RTP, AUDIO, JMI]));
    await eventually(() => resourceOf(alice, bobJid, 'liar'));
    // The disco round trip of the others took well under this on loopback.
    await new Promise((r) => setTimeout(r, 1500));
    expect(resourceOf(alice, bobJid, 'liar')?.callMedia).toBeUndefined();
  });
});
