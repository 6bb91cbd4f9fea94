// Protocol names and numbers of the server tools, in words.
import { tFor } from '../../i18n';

const t = tFor('server-tools');

/**
 * Features a user may meet while browsing, named as XEPs name them; each name written out
 * (translated when asked for), so extraction finds it.
 */
function features(): Record<string, string> {
  return {
    'http://jabber.org/protocol/disco#info': t('Service discovery (info)'),
    'http://jabber.org/protocol/disco#items': t('Service discovery (items)'),
    'http://jabber.org/protocol/commands': t('Ad-hoc commands'),
    'http://jabber.org/protocol/muc': t('Group chat (MUC)'),
    'http://jabber.org/protocol/muc#unique': t('Unique room names'),
    'http://jabber.org/protocol/muc#self-ping-optimization': t('Group chat self-ping'),
    'http://jabber.org/protocol/pubsub': t('Publish-subscribe'),
    'http://jabber.org/protocol/pubsub#publish': t('Publish-subscribe: publish'),
    'http://jabber.org/protocol/rsm': t('Result set paging'),
    'http://jabber.org/protocol/bytestreams': t('SOCKS5 file transfer proxy'),
    'http://jabber.org/protocol/caps': t('Entity capabilities'),
    'http://jabber.org/protocol/chatstates': t('Typing notifications'),
    'http://jabber.org/protocol/address': t('Extended addressing'),
    'jabber:iq:version': t('Software version'),
    'jabber:iq:last': t('Last activity / uptime'),
    'jabber:iq:register': t('In-band registration'),
    'jabber:iq:roster': t('Contact list'),
    'jabber:iq:private': t('Private storage'),
    'jabber:iq:privacy': t('Privacy lists'),
    'jabber:iq:search': t('Search'),
    'jabber:x:data': t('Data forms'),
    'jabber:x:conference': t('Direct room invitations'),
    msgoffline: t('Offline messages'),
    'urn:xmpp:ping': t('Ping'),
    'urn:xmpp:time': t('Entity time'),
    'urn:xmpp:blocking': t('Blocking'),
    'urn:xmpp:carbons:2': t('Message carbons'),
    'urn:xmpp:mam:2': t('Message archive (MAM)'),
    'urn:xmpp:mam:2#extended': t('Message archive, extended'),
    'urn:xmpp:sid:0': t('Stanza ids'),
    'urn:xmpp:http:upload:0': t('HTTP file upload'),
    'urn:xmpp:bookmarks:1#compat': t('Bookmarks (compatibility)'),
    'urn:xmpp:occupant-id:0': t('Occupant ids'),
    'urn:xmpp:csi:0': t('Client state indication'),
    'urn:xmpp:sm:3': t('Stream management'),
    'urn:xmpp:invite': t('Invitations'),
    'urn:xmpp:muc:conversations:0': t('Group chat conversations'),
    'urn:xmpp:message-moderate:0': t('Message moderation'),
    'urn:xmpp:vcard4': t('Profiles (vCard4)'),
    'vcard-temp': t('Profiles (vCard)'),
    'urn:ietf:params:xml:ns:vcard-4.0': t('Profiles (vCard4)'),
    'urn:xmpp:extdisco:2': t('External services (TURN/STUN)'),
    'urn:xmpp:reporting:1': t('Spam reporting'),
    'http://jabber.org/protocol/pubsub#auto-create': t('Publish-subscribe: auto-create'),
    'http://jabber.org/network/serverinfo': t('Contact addresses'),
  };
}

/** The feature's name in words, or null for one we do not know. */
export function featureName(feature: string): string | null {
  return features()[feature] ?? null;
}

function contactKinds(): Record<string, string> {
  return {
    'admin-addresses': t('Administrators'),
    'abuse-addresses': t('Abuse reports'),
    'support-addresses': t('Support'),
    'security-addresses': t('Security issues'),
    'sales-addresses': t('Sales'),
    'feedback-addresses': t('Feedback'),
    'status-addresses': t('Service status'),
  };
}

export function contactKind(kind: string): string {
  return (
    contactKinds()[kind] ?? kind.replace(/-addresses$/u, '').replace(/^./u, (c) => c.toUpperCase())
  );
}

/** An identity's kind in words: "Group chat service", "Server", or category/type. */
export function identityWords(category: string, type: string): string {
  if (category === 'server') return t('Server');
  if (category === 'conference') return t('Group chat service');
  if (category === 'pubsub' && type === 'pep') return t('Personal publishing (PEP)');
  if (category === 'pubsub') return t('Publish-subscribe service');
  if (category === 'store' && type === 'file') return t('File upload service');
  if (category === 'proxy') return t('File transfer proxy');
  if (category === 'client') return t('Client');
  if (category === 'account') return t('Account');
  if (category === 'directory') return t('Directory');
  if (category === 'gateway') return t('Gateway ({{type}})', { type });
  return `${category} / ${type}`;
}

/** "3 days, 4 hours", "5 minutes, 2 seconds": the two largest units. */
export function durationWords(totalSeconds: number): string {
  // Each unit written out with its plural forms, so extraction finds it.
  const units: Array<[(count: number) => string, number]> = [
    [(count) => t('{{count}} days', { count }), 86_400],
    [(count) => t('{{count}} hours', { count }), 3600],
    [(count) => t('{{count}} minutes', { count }), 60],
    [(count) => t('{{count}} seconds', { count }), 1],
  ];
  const parts: string[] = [];
  let left = Math.max(0, Math.floor(totalSeconds));
  for (const [words, size] of units) {
    const n = Math.floor(left / size);
    left -= n * size;
    if (n > 0 || (parts.length === 0 && size === 1)) parts.push(words(n));
    if (parts.length === 2) break;
  }
  const [larger, smaller] = parts;
  return smaller === undefined ? (larger ?? '') : t('{{larger}}, {{smaller}}', { larger, smaller });
}
