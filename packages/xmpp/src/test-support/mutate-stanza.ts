// Seeded stanza mutations for the hostile-corpus tests: each feature's corpus picks its own
// hostile values and namespaces; the mutation steps and the PRNG are shared so failures
// reproduce the same way everywhere.
import { parseXml, type Element } from '../stanza.js';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function allElements(root: Element): Element[] {
  return [root, ...root.getChildElements().flatMap(allElements)];
}

export interface Mutations {
  /** Attribute values and texts to plant. */
  values: readonly string[];
  /** Namespaces to swap in. */
  namespaces: readonly string[];
}

/**
 * One to four random edits: drop an attribute, set one (or `from`) to a hostile value, swap the
 * namespace, duplicate the first child, drop the first child, or add hostile text.
 */
export function mutate(root: Element, random: () => number, m: Mutations): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
    const el = pick(allElements(root));
    const keys = Object.keys(el.attrs);
    switch (Math.floor(random() * 6)) {
      case 0:
        if (keys.length) delete el.attrs[pick(keys)];
        break;
      case 1:
        el.attrs[keys.length ? pick(keys) : 'from'] = pick(m.values);
        break;
      case 2:
        el.attrs.xmlns = pick(m.namespaces);
        break;
      case 3: {
        const child = el.getChildElements()[0];
        if (child) el.append(parseXml(child.toString())!);
        break;
      }
      case 4:
        el.children = el.children.slice(1);
        break;
      default:
        el.t(pick(m.values));
    }
  }
}

/** Who the network corpus is addressed to and from (templated into every seed). */
export interface CorpusParties {
  /** Our bare JID (the account the stanzas go to). */
  own: string;
  /** A stranger's bare JID (the usual sender). */
  stranger: string;
  /** A room JID the stranger controls. */
  room: string;
}

/**
 * Seeds for stanzas a client receives, covering what strangers send to claim trust they do not
 * have: forged carbons and archive results, roster and bookmark pushes, delays (past, future,
 * "from our server"), subscription nicks, invitations, room presences and messages with
 * occupant ids, chat states, iq requests and answers. Used by the unit corpora and by the
 * mutated-stanzas fault scenario (which sends them through a real server).
 */
export function clientCorpus({ own, stranger, room }: CorpusParties): string[] {
  const domain = own.slice(own.indexOf('@') + 1);
  const U = 'http://jabber.org/protocol/muc#user';
  return [
    `<message from='${stranger}/x' type='chat' id='c1'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message from='boss@${domain}/pc' to='${own}/x' type='chat' id='a'><body>forged carbon</body></message></forwarded></received></message>`,
    `<message from='${stranger}/x' type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message from='${own}/pc' to='boss@${domain}' type='chat' id='b'><body>forged sent carbon</body></message></forwarded></sent></message>`,
    `<message from='${stranger}'><result xmlns='urn:xmpp:mam:2' queryid='q' id='s1'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/><message from='boss@${domain}' type='chat'><body>forged archive</body></message></forwarded></result></message>`,
    `<iq type='set' id='p1' from='${stranger}/x'><query xmlns='jabber:iq:roster' ver='v'><item jid='boss@${domain}' name='Boss' subscription='both'><group>G</group></item></query></iq>`,
    `<message from='${stranger}/x' type='chat' id='d1'><body>dated 2099</body><delay xmlns='urn:xmpp:delay' stamp='2099-01-01T00:00:00Z' from='${domain}'/></message>`,
    `<message from='${stranger}/x' type='chat' id='d2'><body>dated 2001</body><delay xmlns='urn:xmpp:delay' stamp='2001-01-01T00:00:00Z' from='${own}'/><request xmlns='urn:xmpp:receipts'/></message>`,
    `<message from='${stranger}/x' type='chat' id='m'><body>b</body><stanza-id xmlns='urn:xmpp:sid:0' id='z' by='${own}'/><origin-id xmlns='urn:xmpp:sid:0' id='o'/><active xmlns='http://jabber.org/protocol/chatstates'/></message>`,
    `<message from='${stranger}/x' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`,
    `<message from='${stranger}/x' type='chat' id='r1'><received xmlns='urn:xmpp:receipts' id='o'/></message>`,
    `<presence from='${stranger}/x'><show>away</show><status>s</status><priority>3</priority></presence>`,
    `<presence from='${stranger}' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>Boss</nick></presence>`,
    `<message from='${stranger}/x'><x xmlns='jabber:x:conference' jid='${room}' reason='r' password='p'/></message>`,
    `<message from='${room}'><x xmlns='${U}'><invite from='boss@${domain}'><reason>r</reason></invite><password>p</password></x></message>`,
    `<presence from='${room}/n'><x xmlns='${U}'><item affiliation='owner' role='moderator' jid='boss@${domain}/pc'/><status code='110'/></x><occupant-id xmlns='urn:xmpp:occupant-id:0' id='occ'/></presence>`,
    `<message from='${room}/n' type='groupchat' id='g'><body>b</body><stanza-id xmlns='urn:xmpp:sid:0' id='s' by='${room}'/><occupant-id xmlns='urn:xmpp:occupant-id:0' id='occ'/><delay xmlns='urn:xmpp:delay' stamp='2001-01-01T00:00:00Z' from='${room}'/></message>`,
    `<message from='${own}' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:bookmarks:1'><item id='${room}'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'><nick>n</nick></conference></item></items></event></message>`,
    `<iq type='get' id='q1' from='${stranger}/x'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
    `<iq type='result' id='guess-1' from='${stranger}/x'><slot xmlns='urn:xmpp:http:upload:0'><put url='https://${domain}/u'/><get url='https://${domain}/g'/></slot></iq>`,
  ];
}

/**
 * Attribute values and texts that a real server will carry (no characters XML forbids, which
 * the server would refuse before they reach us): hostile addresses, ids, stamps, long text.
 */
export function networkValues({ own, stranger, room }: CorpusParties): string[] {
  const domain = own.slice(own.indexOf('@') + 1);
  return [
    '',
    own,
    `${own}/evil`,
    domain,
    stranger,
    room,
    `${room}/n`,
    'a@b@c',
    '2099-01-01T00:00:00Z',
    '1970-01-01T00:00:00Z',
    'not-a-date',
    'x'.repeat(5000),
    '\u202Eevil',
    '-1',
    '99999999999999999999',
  ];
}

/** The namespaces a mutation swaps in for the network corpus. */
export const NETWORK_NAMESPACES = [
  'urn:evil',
  'jabber:client',
  'urn:xmpp:carbons:2',
  'urn:xmpp:mam:2',
  'urn:xmpp:delay',
  'urn:xmpp:occupant-id:0',
  'jabber:iq:roster',
] as const;
