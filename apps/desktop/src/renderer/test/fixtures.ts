import type { Account, Contact, Conversation, Message } from '@parley/contract';

/** Domain objects for renderer tests, with overridable defaults. */
export function contact(jid: string, over: Partial<Contact> = {}): Contact {
  return {
    accountId: 'a1',
    jid,
    name: '',
    groups: [],
    subscription: 'both',
    askSubscribe: false,
    show: 'offline',
    status: '',
    resources: [],
    ...over,
  };
}

export function account(over: Partial<Account> = {}): Account {
  return {
    id: 'a1',
    jid: 'me@example.org',
    host: null,
    port: null,
    tlsMode: 'auto',
    pinnedFingerprint256: null,
    enabled: true,
    state: 'online',
    error: null,
    untrustedCertificate: null,
    ownPresence: { show: 'available', status: '' },
    ...over,
  };
}

export function message(id: string, over: Partial<Message> = {}): Message {
  return {
    id,
    accountId: 'a1',
    peer: 'alice@example.org',
    direction: 'in',
    body: `body ${id}`,
    timestamp: Date.UTC(2025, 0, 1, 12, 0, 0),
    status: 'received',
    originId: null,
    stanzaId: null,
    resource: null,
    fromOtherDevice: false,
    ...over,
  };
}

export function conversation(peer: string, over: Partial<Conversation> = {}): Conversation {
  return {
    accountId: 'a1',
    peer,
    name: '',
    lastMessage: null,
    unread: 0,
    updatedAt: Date.UTC(2025, 0, 1),
    ...over,
  };
}
