// Profiles (XEP-0292 vCard4, XEP-0054 vcard-temp fallback), nicks (XEP-0172) and the contact
// details queries (XEP-0092, XEP-0202, XEP-0012) over a real Prosody, with slixmpp's own
// plugins on the other side where a second implementation matters.
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '@parley/contract';
import { befriend, login, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';
import { slixmppMissing, startPythonPeer, type Peer } from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`profiles.int.test.ts: slixmpp cases skipped: ${noSlixmpp}`);

const PROFILE = {
  fullName: 'Ann Example',
  nickname: 'Annie',
  email: 'ann@example.org',
  organisation: 'Parley Testers',
  note: 'Here to test profiles',
  url: 'https://ann.example',
  birthday: '1990-02-03',
  phone: '+15550100',
};

/** One transparent pixel: a PHOTO another client (or the avatar helper) put in vcard-temp. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

let server: TestServer;
/** Stores vcard-temp on its own (mod_vcard): a contact can have it and no vCard4. */
let plain: TestServer;
const opened: Harness[] = [];
const peers: Peer[] = [];
let n = 0;

interface ProfilePeer extends Peer {
  jid: string;
  run(command: Record<string, unknown>): Promise<void>;
}

let seq = 0;
async function startProfilePeer(on: TestServer, who: TestUser): Promise<ProfilePeer> {
  const peer = startPythonPeer('slixmpp-profile-peer.py', ['--timeout', '60'], on, who, 70_000);
  peers.push(peer);
  const ready = await peer.next('ready');
  return {
    ...peer,
    jid: String(ready['jid']),
    async run(command) {
      const id = ++seq;
      const answered = Promise.race([
        peer.next('done', (e) => e.seq === id),
        peer
          .next('error', (e) => e.seq === id)
          .then((e) => {
            throw new Error(`slixmpp peer: ${String(command['do'])}: ${String(e['error'])}`);
          }),
      ]);
      peer.write({ ...command, seq: id });
      await answered;
    },
  };
}

async function user(on: TestServer, prefix: string): Promise<Device> {
  n += 1;
  await on.createUser(`${prefix}${n}`, `${prefix}${n}-pw`);
  return login(on, opened, `${prefix}${n}`);
}

function contactOf(device: Device, jid: string): Promise<Contact> {
  return device.h.call('roster.list', { accountId: device.account.id }).then((list) => {
    const found = list.find((c) => c.jid === jid);
    if (!found) throw new Error(`${jid} not in the roster`);
    return found;
  });
}

describe('profiles and contact details', () => {
  beforeAll(async () => {
    [server, plain] = await Promise.all([
      startProsody({ lastActivity: true }),
      startProsody({ plainVcardTemp: true }),
    ]);
  }, 60_000);

  afterAll(async () => {
    for (const peer of peers) peer.kill();
    for (const h of opened) await h.close(true);
    await Promise.all([server?.stop(), plain?.stop()]);
  }, 30_000);

  it('a profile one account publishes (vCard4) is read by a contact; its nick names her', async () => {
    const ann = await user(server, 'pann');
    const bob = await user(server, 'pbob');
    await befriend(bob, ann);
    const result = await ann.h.call('profile.set', {
      accountId: ann.account.id,
      profile: PROFILE,
      access: 'presence',
    });
    expect(result.vcardTempError).toBeNull();

    const seen = await bob.h.call('profile.get', {
      accountId: bob.account.id,
      jid: ann.account.jid,
    });
    expect(seen).toEqual({ profile: PROFILE, source: 'vcard4', error: null });
    // Our own profile reads back the same (the profile dialog's starting point).
    const own = await ann.h.call('profile.get', {
      accountId: ann.account.id,
      jid: ann.account.jid,
    });
    expect(own.profile).toEqual(PROFILE);

    // XEP-0172: the nick reaches Bob through PEP (+notify) and is on Ann's roster entry.
    const contact = await eventually(async () => {
      const c = await contactOf(bob, ann.account.jid);
      return c.nick === 'Annie' ? c : undefined;
    });
    expect(contact.name).toBe('Friend');
  });

  it('contacts only (the default) keeps the profile from a stranger; open shares it', async () => {
    const ann = await user(server, 'pann');
    const eve = await user(server, 'peve');
    await ann.h.call('profile.set', {
      accountId: ann.account.id,
      profile: PROFILE,
      access: 'presence',
    });
    const hidden = await eve.h.call('profile.get', {
      accountId: eve.account.id,
      jid: ann.account.jid,
    });
    expect(hidden.source).not.toBe('vcard4');
    await ann.h.call('profile.set', {
      accountId: ann.account.id,
      profile: PROFILE,
      access: 'open',
    });
    const shown = await eve.h.call('profile.get', {
      accountId: eve.account.id,
      jid: ann.account.jid,
    });
    expect(shown).toEqual({ profile: PROFILE, source: 'vcard4', error: null });
  });

  it('an edit of ours clears an emptied field and keeps the rest', async () => {
    const ann = await user(server, 'pann');
    await ann.h.call('profile.set', {
      accountId: ann.account.id,
      profile: PROFILE,
      access: 'open',
    });
    const edited = { ...PROFILE, fullName: 'Ann Edited', note: '' };
    await ann.h.call('profile.set', { accountId: ann.account.id, profile: edited, access: 'open' });
    const back = await ann.h.call('profile.get', {
      accountId: ann.account.id,
      jid: ann.account.jid,
    });
    expect(back.profile).toEqual(edited);
  });

  it("a contact's missing profile is no error; a stranger's closed one says so", async () => {
    const ann = await user(server, 'pann');
    const bob = await user(server, 'pbob');
    const eve = await user(server, 'peve');
    const closed = await eve.h.call('profile.get', {
      accountId: eve.account.id,
      jid: bob.account.jid,
    });
    expect(closed).toEqual({ profile: null, source: null, error: 'Not shared with you' });
    await befriend(ann, bob);
    const none = await ann.h.call('profile.get', {
      accountId: ann.account.id,
      jid: bob.account.jid,
    });
    expect(none).toEqual({ profile: null, source: null, error: null });
  });

  it('a client that does not answer is an error for its field, not for the dialog', async () => {
    const ann = await user(server, 'pann');
    const bob = await user(server, 'pbob');
    await befriend(ann, bob);
    // Last activity of a contact whose server has no such module would fail; here we ask a
    // resource that is not there: the server answers for it.
    const info = await ann.h.call('contact.resource.info', {
      accountId: ann.account.id,
      jid: bob.account.jid,
      resource: 'gone',
    });
    expect(info.client.value).toBeNull();
    expect(info.client.error).toMatch(/offline|does not answer/);
    expect(info.time.value).toBeNull();
  });

  describe.skipIf(noSlixmpp)('with slixmpp', () => {
    it('falls back to vcard-temp for a contact who has no vCard4', async () => {
      n += 1;
      const slix = await plain.createUser(`pslix${n}`, `pslix${n}-pw`);
      const peer = await startProfilePeer(plain, slix);
      await peer.run({
        do: 'vcard',
        fn: 'Slix Peer',
        nickname: 'slixy',
        email: 'slix@example.org',
        org: 'Python',
        desc: 'vcard-temp only',
      });
      const ann = await user(plain, 'pann');
      const seen = await ann.h.call('profile.get', { accountId: ann.account.id, jid: slix.jid });
      expect(seen.source).toBe('vcard-temp');
      expect(seen.profile).toMatchObject({
        fullName: 'Slix Peer',
        nickname: 'slixy',
        email: 'slix@example.org',
        organisation: 'Python',
        note: 'vcard-temp only',
      });
    });

    it('writing our profile keeps the PHOTO of our vcard-temp', async () => {
      const ann = await user(plain, 'pann');
      const local = `pann${n}`;
      const annUser: TestUser = { jid: ann.account.jid, local, password: `${local}-pw` };
      const other = await startProfilePeer(plain, annUser);
      await other.run({ do: 'vcard', fn: 'Old Name', photo: PNG });
      await ann.h.call('profile.set', {
        accountId: ann.account.id,
        profile: PROFILE,
        access: 'presence',
      });
      await other.run({ do: 'get-vcard', jid: ann.account.jid });
      const xml = String((await other.next('vcard'))['xml']);
      expect(xml).toContain('<FN>Ann Example</FN>');
      expect(xml).toContain(PNG.slice(0, 40));
    });

    it("reads a slixmpp contact's client version, time, nick and last activity", async () => {
      n += 1;
      const slix = await server.createUser(`pslix${n}`, `pslix${n}-pw`);
      const peer = await startProfilePeer(server, slix);
      const ann = await user(server, 'pann');
      // slixmpp accepts and asks back (its defaults): a mutual subscription.
      await ann.h.call('roster.add', {
        accountId: ann.account.id,
        jid: slix.jid,
        name: '',
        groups: [],
      });
      const online = await eventually(async () => {
        const c = await contactOf(ann, slix.jid);
        return c.subscription === 'both' && c.resources.length > 0 ? c : undefined;
      });
      const resource = online.resources[0]!.resource;
      const info = await ann.h.call('contact.resource.info', {
        accountId: ann.account.id,
        jid: slix.jid,
        resource,
      });
      expect(info.client).toEqual({
        value: { name: 'Slixmpp', version: '1.8.3', os: '' },
        error: null,
      });
      expect(info.time.error).toBeNull();
      expect(info.time.value!.tzoMinutes).toBe(120);
      expect(Math.abs(info.time.value!.utcMs - Date.now())).toBeLessThan(60_000);

      await peer.run({ do: 'nick', nick: 'Slixy' });
      await eventually(async () => (await contactOf(ann, slix.jid)).nick === 'Slixy');

      await peer.run({ do: 'offline', status: 'Gone fishing' });
      await eventually(async () => (await contactOf(ann, slix.jid)).show === 'offline');
      const last = await ann.h.call('contact.lastActivity', {
        accountId: ann.account.id,
        jid: slix.jid,
      });
      expect(last.error).toBeNull();
      expect(last.value).toMatchObject({ status: 'Gone fishing' });
      expect(last.value!.seconds).toBeLessThan(60);
    });
  });
});
