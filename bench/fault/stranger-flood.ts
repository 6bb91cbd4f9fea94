/**
 * Strangers flood one account while a contact keeps talking. A real backend and encrypted store
 * log in to a throwaway Prosody as alice; the testkit's XEP-0114 component (crowd.<domain>) may
 * send from any address in its domain, so it plays every stranger, a contact (bob, added to
 * alice's roster) and a hostile room (hostile@crowd.<domain>, answering disco and the join
 * itself). In order:
 *   - the room: a join burst of presences, our own, the subject, then the rest of `occupants`
 *     joining; then typing from nicks that are not in it;
 *   - `presences` available presences from distinct strangers, to alice's full JID;
 *   - `requests` subscription requests, `invitations` room invitations and `states` chat
 *     states, each from distinct strangers;
 *   - and through all of it, `contactMessages` messages from bob, spread between the floods.
 * Pass: every one of bob's messages stored, and each kept thing within its bound (room
 * occupants, open subscription requests, invitations, chat-state events), heap growth bounded.
 *   pnpm fault stranger-flood [--full]
 */
import { connectComponent, startProsody, type ComponentConnection } from '@parley/testkit';
import type { Element } from '@xmpp/xml';
import { addOnlineAccount } from '../../packages/backend/src/test-support/accounts.js';
import { eventually, startHarness } from '../../packages/backend/src/test-support/harness.js';
import { memoryAfterGc } from '../lib/memory.js';
import type { FaultScenario, FaultSize } from './scenario.js';

const SIZES = {
  smoke: { occupants: 3_000, presences: 3_000, requests: 500, invitations: 300, states: 2_000 },
  full: {
    occupants: 50_000,
    presences: 100_000,
    // Prosody keeps each pending request in the user's roster and rewrites it per request
    // (quadratic on its side): 2,000 is still ten times our bound.
    requests: 2_000,
    invitations: 10_000,
    states: 100_000,
  },
} as const;
const CONTACT_MESSAGES = 100;
/** Bounds the scenario checks (the backend's: docs/reliability.md). */
const MAX_OCCUPANTS = 20_000;
const MAX_REQUESTS = 200;
const MAX_INVITATIONS = 100;
/** Heap growth allowed over the whole flood (the room's 20,000 occupants dominate). */
const MAX_HEAP_GROWTH = 256 * 1024 * 1024;
/** Room occupants announced before our own presence; the rest join after. */
const JOIN_BURST = 2_000;
/** Stanzas per socket write. */
const CHUNK = 500;

const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';

async function run(size: FaultSize) {
  const n = SIZES[size];
  const server = await startProsody({ users: [{ local: 'alice', password: 'alice-pw' }] });
  const h = startHarness({ caPem: server.caPem, validateEvents: false });
  let component: ComponentConnection | null = null;
  try {
    const strangers = server.crowdDomain;
    const room = `hostile@${strangers}`;
    const bob = `bob@${strangers}`;
    const account = await addOnlineAccount(h, server, 'alice');
    let started = Date.now();
    const record = h.store.accounts.get(account.id);
    const alice = `${account.jid}/${record?.resource ?? ''}`;
    const c = await connectComponent({
      port: server.componentPort,
      domain: strangers,
      secret: server.componentSecret,
    });
    component = c;
    await h.call('roster.add', { accountId: account.id, jid: bob, name: 'Bob', groups: [] });

    const phase = (what: string) =>
      console.error(`[stranger-flood] ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
    const send = async (count: number, stanza: (i: number) => string) => {
      for (let i = 0; i < count; i += CHUNK) {
        let text = '';
        for (let j = i; j < Math.min(count, i + CHUNK); j++) text += stanza(j);
        await c.write(text);
      }
    };
    let sentByBob = 0;
    const bobSays = () =>
      send(CONTACT_MESSAGES / 5, () => {
        const k = sentByBob++;
        return `<message type='chat' from='${bob}/phone' to='${alice}' id='bob-${k}'><body>bob ${k}</body></message>`;
      });

    let occupant = (i: number) => `${i}`;
    // The hostile room: answers disco#info and the join, with a burst of occupants (the rest
    // "join" once we are in: a 50,000 burst would outlast our 30 s join timeout at Prosody's
    // routing rate).
    c.onStanza((el: Element) => {
      if (el.name === 'iq' && el.attrs.type === 'get' && el.attrs.to === room) {
        void c.write(
          `<iq type='result' id='${el.attrs.id}' from='${room}' to='${el.attrs.from}'>` +
            `<query xmlns='${NS_DISCO_INFO}'><identity category='conference' type='text' name='Hostile'/>` +
            `<feature var='http://jabber.org/protocol/muc'/><feature var='muc_public'/></query></iq>`,
        );
      } else if (el.name === 'iq' && (el.attrs.type === 'get' || el.attrs.type === 'set')) {
        void c.write(
          `<iq type='error' id='${el.attrs.id}' from='${el.attrs.to}' to='${el.attrs.from}'>` +
            `<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
        );
      } else if (el.name === 'presence' && el.attrs.to === `${room}/alice` && !el.attrs.type) {
        const to = el.attrs.from as string;
        occupant = (i: number) =>
          `<presence from='${room}/n${i}' to='${to}'><x xmlns='${NS_MUC_USER}'>` +
          `<item affiliation='none' role='participant'/></x></presence>`;
        void send(Math.min(n.occupants, JOIN_BURST), occupant).then(() =>
          c.write(
            `<presence from='${room}/alice' to='${to}'><x xmlns='${NS_MUC_USER}'>` +
              `<item affiliation='none' role='participant'/><status code='110'/></x></presence>` +
              `<message type='groupchat' from='${room}' to='${to}'><subject/></message>`,
          ),
        );
      }
    });

    const heapBefore = memoryAfterGc().heap;
    const cpuBefore = process.cpuUsage();
    started = Date.now();
    await bobSays();
    const joined = await h.call('rooms.join', {
      accountId: account.id,
      room,
      nick: 'alice',
      password: null,
    });
    phase('joined; the rest of the room joins');
    const late = n.occupants - Math.min(n.occupants, JOIN_BURST);
    await send(late, (i) => occupant(JOIN_BURST + i));
    await send(
      n.states,
      (i) =>
        `<message type='groupchat' from='${room}/ghost${i}' to='${alice}'>` +
        `<composing xmlns='http://jabber.org/protocol/chatstates'/></message>`,
    );
    await bobSays();
    phase('presences');
    await send(n.presences, (i) => `<presence from='s${i}@${strangers}/x' to='${alice}'/>`);
    await bobSays();
    phase('subscription requests');
    await send(
      n.requests,
      (i) => `<presence type='subscribe' from='s${i}@${strangers}' to='${account.jid}'/>`,
    );
    phase('invitations');
    await send(
      n.invitations,
      (i) =>
        `<message from='s${i}@${strangers}/x' to='${alice}'>` +
        `<x xmlns='jabber:x:conference' jid='r${i}@${strangers}'/></message>`,
    );
    await bobSays();
    await send(
      n.states,
      (i) =>
        `<message type='chat' from='s${i}@${strangers}/x' to='${alice}'>` +
        `<composing xmlns='http://jabber.org/protocol/chatstates'/></message>`,
    );
    await bobSays();
    phase('waiting for the last message of the contact');
    // Bob's last message comes after every flood on the same route: once it is stored, all is in.
    await eventually(
      () => h.store.messages.count(account.id, bob) >= CONTACT_MESSAGES,
      size === 'full' ? 600_000 : 120_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const heapGrowth = memoryAfterGc().heap - heapBefore;

    const rooms = await h.call('rooms.list', {});
    const occupants = rooms.find((r) => r.jid === room)?.occupantCount ?? -1;
    const requests = h.store.pendingSubscriptions.count(account.id);
    const invitations = (await h.call('invitations.list', {})).length;
    const stateEvents = h.events.filter((e) => e.name === 'chatState.changed').length;
    const stored = h.store.messages.count(account.id, bob);
    const stanzas =
      n.occupants + n.presences + n.requests + n.invitations + 2 * n.states + CONTACT_MESSAGES;
    const ok =
      joined.state === 'joined' &&
      stored === CONTACT_MESSAGES &&
      occupants > 0 &&
      occupants <= MAX_OCCUPANTS + 1 &&
      requests <= MAX_REQUESTS &&
      invitations <= MAX_INVITATIONS &&
      stateEvents === 0 &&
      heapGrowth <= MAX_HEAP_GROWTH;
    const summary =
      `${stanzas} stanzas from strangers and a hostile room in ${seconds.toFixed(1)} s ` +
      `(${((cpuSeconds * 1e6) / stanzas).toFixed(0)} µs CPU each): ` +
      `contact ${stored}/${CONTACT_MESSAGES} stored, ` +
      `room ${n.occupants} announced → ${occupants} kept, ` +
      `${n.requests} requests → ${requests} kept, ${n.invitations} invitations → ${invitations} kept, ` +
      `${2 * n.states} stranger chat states → ${stateEvents} events, ` +
      `heap +${(heapGrowth / 1048576).toFixed(1)} MB`;
    return { ok, summary };
  } finally {
    await component?.close().catch(() => {});
    await h.close(true);
    await server.stop();
  }
}

const scenario: FaultScenario = { name: 'stranger-flood', run };
export default scenario;
