import type {
  Account,
  Attachment,
  Contact,
  Conversation,
  DataForm,
  FormField,
  Invitation,
  Message,
  Occupant,
  PublicRoom,
  Room,
  RoomNotice,
  Transfer,
} from '@parley/contract';

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
    position: 0,
    color: 'blue',
    colorChosen: false,
    priority: 0,
    statusHistory: [],
    proxy: null,
    autoDownloadBytes: 5 * 1024 * 1024,
    sendChatStates: true,
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
    attachment: null,
    ...over,
  };
}

export function conversation(peer: string, over: Partial<Conversation> = {}): Conversation {
  return {
    accountId: 'a1',
    peer,
    kind: 'chat',
    name: '',
    lastMessage: null,
    unread: 0,
    mentions: 0,
    notify: 'default',
    updatedAt: Date.UTC(2025, 0, 1),
    ...over,
  };
}

export function room(jid: string, over: Partial<Room> = {}): Room {
  return {
    accountId: 'a1',
    jid,
    name: '',
    description: '',
    nick: 'me',
    state: 'joined',
    error: null,
    suggestedNick: null,
    subject: '',
    canSetSubject: false,
    ownRole: 'participant',
    ownAffiliation: 'none',
    occupantCount: 0,
    features: null,
    bookmarked: false,
    autojoin: false,
    ...over,
  };
}

export function occupant(nick: string, over: Partial<Occupant> = {}): Occupant {
  return {
    nick,
    jid: null,
    role: 'participant',
    affiliation: 'none',
    show: 'available',
    status: '',
    ...over,
  };
}

export function notice(kind: RoomNotice['kind'], nick: string, over: Partial<RoomNotice> = {}) {
  const value: RoomNotice = {
    accountId: 'a1',
    room: 'room@conference.example.org',
    kind,
    nick,
    value: null,
    actor: null,
    reason: null,
    timestamp: Date.UTC(2025, 0, 1, 12, 0, 0),
    ...over,
  };
  return value;
}

export function invitation(room: string, over: Partial<Invitation> = {}): Invitation {
  return {
    accountId: 'a1',
    room,
    from: 'alice@example.org',
    reason: '',
    password: null,
    mode: 'direct',
    receivedAt: Date.UTC(2025, 0, 1),
    ...over,
  };
}

export function publicRoom(jid: string, over: Partial<PublicRoom> = {}): PublicRoom {
  return {
    jid,
    name: '',
    description: '',
    occupants: null,
    membersOnly: false,
    passwordProtected: false,
    ...over,
  };
}

export function field(type: FormField['type'], name: string | null, over: Partial<FormField> = {}) {
  const value: FormField = {
    var: name,
    type,
    label: '',
    desc: '',
    required: false,
    values: [],
    options: [],
    ...over,
  };
  return value;
}

/** A room configuration form as Prosody sends it, cut down. */
export function roomConfigForm(): DataForm {
  return {
    title: 'Configuration for room@conference.example.org',
    instructions: 'Complete and submit this form to configure the room.',
    fields: [
      field('hidden', 'FORM_TYPE', { values: ['http://jabber.org/protocol/muc#roomconfig'] }),
      field('fixed', null, { values: ['Room information'] }),
      field('text-single', 'muc#roomconfig_roomname', { label: 'Title', values: ['Old name'] }),
      field('text-multi', 'muc#roomconfig_roomdesc', { label: 'Description', values: ['a', 'b'] }),
      field('boolean', 'muc#roomconfig_persistentroom', { label: 'Persistent', values: ['0'] }),
      field('text-private', 'muc#roomconfig_roomsecret', { label: 'Password' }),
      field('list-single', 'muc#roomconfig_whois', {
        label: 'Who may see real addresses',
        values: ['moderators'],
        options: [
          { label: 'Moderators only', value: 'moderators' },
          { label: 'Anyone', value: 'anyone' },
        ],
      }),
      field('list-multi', 'muc#roomconfig_presencebroadcast', {
        label: 'Broadcast presence of',
        values: ['moderator', 'participant'],
        options: [
          { label: 'Moderator', value: 'moderator' },
          { label: 'Participant', value: 'participant' },
          { label: 'Visitor', value: 'visitor' },
        ],
      }),
      field('jid-multi', 'muc#roomconfig_roomadmins', { label: 'Admins', values: [] }),
    ],
  };
}

export function attachment(over: Partial<Attachment> = {}): Attachment {
  return {
    url: 'https://upload.example.org/abc/photo.png',
    name: 'photo.png',
    size: 10_000_000,
    mediaType: 'image/png',
    sha256: null,
    ...over,
  };
}

export function transfer(id: string, over: Partial<Transfer> = {}): Transfer {
  return {
    id,
    accountId: 'a1',
    peer: 'alice@example.org',
    direction: 'download',
    messageId: null,
    name: 'photo.png',
    size: 10_000_000,
    mediaType: 'image/png',
    bytes: 0,
    rate: 0,
    state: 'queued',
    error: null,
    localPath: null,
    createdAt: Date.UTC(2025, 0, 1, 12, 0, 0),
    ...over,
  };
}
