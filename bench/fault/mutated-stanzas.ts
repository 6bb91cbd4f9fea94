/**
 * Mutated stanzas through the real session and pipeline. A real backend and encrypted store log
 * in to a throwaway Prosody as alice; the testkit's XEP-0114 component (crowd.<domain>) sends
 * `count` stanzas to alice's full JID: seeded mutations (packages/xmpp/src/test-support/
 * mutate-stanza.ts) of the client corpus there — forged carbons and archive results, roster
 * and bookmark pushes from strangers, delays "from our server" dated 2001 and 2099, nicks,
 * invitations, room presences, chat states, iq requests and guessed iq answers. Prosody parses
 * and re-serializes each, as it would for any remote sender; only the outer `from` is kept in
 * the component's domain (the server would refuse anything else) and `to` is alice's.
 * Pass:
 *   - 0 crashes: no handler threw, the account never left 'online', a last message after
 *     the flood is stored;
 *   - 0 spoofed senders: nobody entered the roster or the room list; every stored message is
 *     incoming, from an address in the stranger's domain, dated within the run (no sender's
 *     delay trusted);
 *   - 0 unbounded growth: open subscription requests and invitations within their bounds,
 *     heap growth bounded.
 *   pnpm fault mutated-stanzas [--full]
 */
import { connectComponent, startProsody, type ComponentConnection } from '@parley/testkit';
import type { Message } from '@parley/contract';
import { addOnlineAccount } from '../../packages/backend/src/test-support/accounts.js';
import { eventually, startHarness } from '../../packages/backend/src/test-support/harness.js';
import { parseJid, parseXml } from '../../packages/xmpp/src/stanza.js';
import {
  clientCorpus,
  mutate,
  networkValues,
  NETWORK_NAMESPACES,
  rng,
} from '../../packages/xmpp/src/test-support/mutate-stanza.js';
import { memoryAfterGc } from '../lib/memory.js';
import type { FaultScenario, FaultSize } from './scenario.js';

const COUNT = { smoke: 3_000, full: 100_000 } as const;
const SEED = 20261204;
const MAX_REQUESTS = 200;
const MAX_INVITATIONS = 100;
const MAX_HEAP_GROWTH = 128 * 1024 * 1024;
/** Stanzas per socket write. */
const CHUNK = 200;

/** Every message of the account, across its conversations. */
function allMessages(h: ReturnType<typeof startHarness>, accountId: string): Message[] {
  const out: Message[] = [];
  for (const conversation of h.store.conversations.list()) {
    if (conversation.accountId !== accountId) continue;
    let beforeId: string | null = null;
    for (let page = 0; page < 10_000; page++) {
      const got = h.store.messages.page(accountId, conversation.peer, { beforeId, limit: 500 });
      out.push(...got.messages);
      if (!got.hasOlder || got.messages.length === 0) break;
      beforeId = got.messages[0]!.id;
    }
  }
  return out;
}

async function run(size: FaultSize) {
  const count = COUNT[size];
  const server = await startProsody({ users: [{ local: 'alice', password: 'alice-pw' }] });
  const h = startHarness({ caPem: server.caPem, validateEvents: false });
  let component: ComponentConnection | null = null;
  const errors: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    errors.push(args.map(String).join(' ').slice(0, 300));
    consoleError(...args);
  };
  try {
    const strangers = server.crowdDomain;
    const account = await addOnlineAccount(h, server, 'alice');
    const alice = `${account.jid}/${h.store.accounts.get(account.id)?.resource ?? ''}`;
    const c = await connectComponent({
      port: server.componentPort,
      domain: strangers,
      secret: server.componentSecret,
    });
    component = c;
    const parties = { own: account.jid, stranger: `s@${strangers}`, room: `den@${strangers}` };
    const corpus = clientCorpus(parties);
    const mutations = { values: networkValues(parties), namespaces: NETWORK_NAMESPACES };
    const random = rng(SEED);
    const eventsBefore = h.events.length;
    const heapBefore = memoryAfterGc().heap;
    const cpuBefore = process.cpuUsage();
    const started = Date.now();

    for (let i = 0; i < count; i += CHUNK) {
      let text = '';
      for (let j = i; j < Math.min(count, i + CHUNK); j++) {
        const stanza = parseXml(corpus[j % corpus.length]!)!;
        mutate(stanza, random, mutations);
        // What a server passes on from a remote sender: its own stream namespace, a `from`
        // the sender may use (here: inside the component's domain), our address.
        delete stanza.attrs.xmlns;
        const from = parseJid(stanza.attrs.from);
        if (from?.domain !== strangers) stanza.attrs.from = `s${j % 100}@${strangers}/x`;
        stanza.attrs.to = alice;
        text += stanza.toString();
      }
      await c.write(text);
    }
    const marker = `<message type='chat' from='last@${strangers}/x' to='${alice}' id='last'><body>last</body></message>`;
    await c.write(marker);
    await eventually(
      () => h.store.messages.count(account.id, `last@${strangers}`) === 1,
      size === 'full' ? 600_000 : 120_000,
    );
    const ended = Date.now();
    const cpu = process.cpuUsage(cpuBefore);
    const heapGrowth = memoryAfterGc().heap - heapBefore;

    const crashes = errors.filter((e) => e.includes('stanza handling failed')).length;
    const offline = h.events
      .slice(eventsBefore)
      .filter(
        (e) => e.name === 'account.changed' && (e.payload as { state: string }).state !== 'online',
      ).length;
    const messages = allMessages(h, account.id);
    const spoofed = messages.filter(
      (m) =>
        m.direction !== 'in' ||
        m.fromOtherDevice ||
        parseJid(m.peer)?.domain !== strangers ||
        m.timestamp < started ||
        m.timestamp > ended,
    );
    const contacts = h.store.contacts.list(account.id).length;
    const rooms = h.store.rooms.list(account.id).length;
    const requests = h.store.pendingSubscriptions.count(account.id);
    const invitations = (await h.call('invitations.list', {})).length;
    const ok =
      crashes === 0 &&
      offline === 0 &&
      spoofed.length === 0 &&
      contacts === 0 &&
      rooms === 0 &&
      requests <= MAX_REQUESTS &&
      invitations <= MAX_INVITATIONS &&
      heapGrowth <= MAX_HEAP_GROWTH;
    if (spoofed.length) consoleError('spoofed:', spoofed.slice(0, 3));
    const seconds = (ended - started) / 1000;
    const summary =
      `${count} mutated stanzas in ${seconds.toFixed(1)} s ` +
      `(${((cpu.user + cpu.system) / count).toFixed(0)} µs CPU each): ` +
      `${crashes} crashes, ${offline} disconnects, ${spoofed.length} spoofed of ` +
      `${messages.length} stored, ${contacts} contacts, ${rooms} rooms, ` +
      `${requests} requests, ${invitations} invitations kept, ` +
      `heap +${(heapGrowth / 1048576).toFixed(1)} MB`;
    return { ok, summary };
  } finally {
    console.error = consoleError;
    await component?.close().catch(() => {});
    await h.close(true);
    await server.stop();
  }
}

const scenario: FaultScenario = { name: 'mutated-stanzas', run };
export default scenario;
