// Protocol names and numbers of the server tools, in words.

/** Features a user may meet while browsing, named as XEPs name them. */
const FEATURES: Record<string, string> = {
  'http://jabber.org/protocol/disco#info': 'Service discovery (info)',
  'http://jabber.org/protocol/disco#items': 'Service discovery (items)',
  'http://jabber.org/protocol/commands': 'Ad-hoc commands',
  'http://jabber.org/protocol/muc': 'Group chat (MUC)',
  'http://jabber.org/protocol/muc#unique': 'Unique room names',
  'http://jabber.org/protocol/muc#self-ping-optimization': 'Group chat self-ping',
  'http://jabber.org/protocol/pubsub': 'Publish-subscribe',
  'http://jabber.org/protocol/pubsub#publish': 'Publish-subscribe: publish',
  'http://jabber.org/protocol/rsm': 'Result set paging',
  'http://jabber.org/protocol/bytestreams': 'SOCKS5 file transfer proxy',
  'http://jabber.org/protocol/caps': 'Entity capabilities',
  'http://jabber.org/protocol/chatstates': 'Typing notifications',
  'http://jabber.org/protocol/address': 'Extended addressing',
  'jabber:iq:version': 'Software version',
  'jabber:iq:last': 'Last activity / uptime',
  'jabber:iq:register': 'In-band registration',
  'jabber:iq:roster': 'Contact list',
  'jabber:iq:private': 'Private storage',
  'jabber:iq:privacy': 'Privacy lists',
  'jabber:iq:search': 'Search',
  'jabber:x:data': 'Data forms',
  'jabber:x:conference': 'Direct room invitations',
  msgoffline: 'Offline messages',
  'urn:xmpp:ping': 'Ping',
  'urn:xmpp:time': 'Entity time',
  'urn:xmpp:blocking': 'Blocking',
  'urn:xmpp:carbons:2': 'Message carbons',
  'urn:xmpp:mam:2': 'Message archive (MAM)',
  'urn:xmpp:mam:2#extended': 'Message archive, extended',
  'urn:xmpp:sid:0': 'Stanza ids',
  'urn:xmpp:http:upload:0': 'HTTP file upload',
  'urn:xmpp:bookmarks:1#compat': 'Bookmarks (compatibility)',
  'urn:xmpp:occupant-id:0': 'Occupant ids',
  'urn:xmpp:csi:0': 'Client state indication',
  'urn:xmpp:sm:3': 'Stream management',
  'urn:xmpp:invite': 'Invitations',
  'urn:xmpp:muc:conversations:0': 'Group chat conversations',
  'urn:xmpp:message-moderate:0': 'Message moderation',
  'urn:xmpp:vcard4': 'Profiles (vCard4)',
  'vcard-temp': 'Profiles (vCard)',
  'urn:ietf:params:xml:ns:vcard-4.0': 'Profiles (vCard4)',
  'urn:xmpp:extdisco:2': 'External services (TURN/STUN)',
  'urn:xmpp:reporting:1': 'Spam reporting',
  'http://jabber.org/protocol/pubsub#auto-create': 'Publish-subscribe: auto-create',
  'http://jabber.org/network/serverinfo': 'Contact addresses',
};

/** The feature's name in words, or null for one we do not know. */
export function featureName(feature: string): string | null {
  return FEATURES[feature] ?? null;
}

const CONTACTS: Record<string, string> = {
  'admin-addresses': 'Administrators',
  'abuse-addresses': 'Abuse reports',
  'support-addresses': 'Support',
  'security-addresses': 'Security issues',
  'sales-addresses': 'Sales',
  'feedback-addresses': 'Feedback',
  'status-addresses': 'Service status',
};

export function contactKind(kind: string): string {
  return CONTACTS[kind] ?? kind.replace(/-addresses$/u, '').replace(/^./u, (c) => c.toUpperCase());
}

/** An identity's kind in words: "Group chat service", "Server", or category/type. */
export function identityWords(category: string, type: string): string {
  if (category === 'server') return 'Server';
  if (category === 'conference') return 'Group chat service';
  if (category === 'pubsub' && type === 'pep') return 'Personal publishing (PEP)';
  if (category === 'pubsub') return 'Publish-subscribe service';
  if (category === 'store' && type === 'file') return 'File upload service';
  if (category === 'proxy') return 'File transfer proxy';
  if (category === 'client') return 'Client';
  if (category === 'account') return 'Account';
  if (category === 'directory') return 'Directory';
  if (category === 'gateway') return `Gateway (${type})`;
  return `${category} / ${type}`;
}

/** "3 days, 4 hours", "5 minutes, 2 seconds": the two largest units. */
export function durationWords(totalSeconds: number): string {
  const units: Array<[string, number]> = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const parts: string[] = [];
  let left = Math.max(0, Math.floor(totalSeconds));
  for (const [name, size] of units) {
    const n = Math.floor(left / size);
    left -= n * size;
    if (n > 0 || (parts.length === 0 && size === 1))
      parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    if (parts.length === 2) break;
  }
  return parts.join(', ');
}
