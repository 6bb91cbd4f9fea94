// The modules that answer, subscribe or take part in something without adding to our messages.
import { NS_AVATAR_METADATA } from '../features/avatar-pep.js';
import { NS_BOOKMARKS2 } from '../features/bookmarks.js';
import { NS_CAPS, NS_DISCO_INFO } from '../features/disco.js';
import { NS_CARBONS, NS_MAM } from '../features/forward.js';
import { NS_CONFERENCE } from '../features/muc-invite.js';
import { NS_MUC } from '../features/muc.js';
import { NS_NICK } from '../features/nick.js';
import { NS_PING } from '../features/ping.js';
import { NS_TIME } from '../features/time.js';
import { NS_VERSION } from '../features/version.js';
import { NS_JINGLE } from '../features/jingle.js';
import { NS_JINGLE_DTLS, NS_JINGLE_ICE } from '../features/jingle-ice.js';
import { NS_JMI } from '../features/jingle-message.js';
import { NS_JINGLE_FT } from '../features/jingle-file-transfer.js';
import { NS_IBB, NS_JINGLE_IBB } from '../features/jingle-ibb.js';
import { NS_BYTESTREAMS, NS_JINGLE_S5B } from '../features/jingle-s5b.js';
import { NS_JINGLE_RTP, NS_JINGLE_RTP_AUDIO, NS_JINGLE_RTP_VIDEO } from '../features/jingle-rtp.js';
import type { XmppModule } from './types.js';

export const discoModule: XmppModule = {
  name: 'XEP-0030 Service Discovery and XEP-0115 Entity Capabilities',
  features: [NS_DISCO_INFO, NS_CAPS],
};

export const mucModule: XmppModule = {
  name: 'XEP-0045 Multi-User Chat and XEP-0249 invitations',
  features: [NS_MUC, NS_CONFERENCE],
};

export const bookmarksModule: XmppModule = {
  name: 'XEP-0402 PEP Native Bookmarks',
  // +notify: subscribe to our own bookmark changes through PEP (XEP-0163 §4).
  features: [`${NS_BOOKMARKS2}+notify`],
};

export const carbonsModule: XmppModule = {
  name: 'XEP-0280 Message Carbons',
  features: [NS_CARBONS],
};

export const mamModule: XmppModule = {
  name: 'XEP-0313 Message Archive Management',
  features: [NS_MAM],
};

export const pingModule: XmppModule = { name: 'XEP-0199 XMPP Ping', features: [NS_PING] };
export const timeModule: XmppModule = { name: 'XEP-0202 Entity Time', features: [NS_TIME] };
export const versionModule: XmppModule = {
  name: 'XEP-0092 Software Version',
  features: [NS_VERSION],
};

export const nickModule: XmppModule = {
  name: 'XEP-0172 User Nickname',
  // +notify: contacts' nicks come to us through PEP (XEP-0163 §4), named where no roster name is.
  features: [`${NS_NICK}+notify`],
};

export const avatarsModule: XmppModule = {
  name: 'XEP-0084 User Avatar and XEP-0153 vCard-Based Avatars',
  // +notify: contacts' PEP servers push their avatar metadata to us (XEP-0163 §4).
  features: [`${NS_AVATAR_METADATA}+notify`],
};

/**
 * XEP-0191 Blocking Command and XEP-0377 Spam Reporting: both are the server's features (it
 * keeps the list and takes the reports); a client announces nothing for them, so the module
 * only names them.
 */
export const blockingModule: XmppModule = {
  name: 'XEP-0191 Blocking Command and XEP-0377 Spam Reporting',
  features: [],
};

/**
 * Audio/video calls: XEP-0166/0167 over XEP-0176 with XEP-0320, started by XEP-0353. Clients
 * (Conversations, Dino) check these before they offer a call button for us.
 */
/**
 * XEP-0234 file transfer over XEP-0261 in-band bytestreams (XEP-0047) and XEP-0260 SOCKS5
 * bytestreams (XEP-0065): peers look for these before they offer us a file directly.
 */
export const directFilesModule: XmppModule = {
  name: 'XEP-0234/0260/0261 Jingle file transfer',
  features: [NS_JINGLE, NS_JINGLE_FT, NS_JINGLE_S5B, NS_BYTESTREAMS, NS_JINGLE_IBB, NS_IBB],
};

export const callsModule: XmppModule = {
  name: 'XEP-0166/0167/0176/0320/0353 Jingle calls',
  features: [
    NS_JINGLE,
    NS_JINGLE_RTP,
    NS_JINGLE_RTP_AUDIO,
    NS_JINGLE_RTP_VIDEO,
    NS_JINGLE_ICE,
    NS_JINGLE_DTLS,
    NS_JMI,
  ],
};
