import { z } from 'zod';
import { backendText } from './backend-texts.js';
import { accountId, jidText } from './ids.js';

/*
 * OMEMO (XEP-0384) types shared by the store, the backend and (later) the renderer.
 * Plain data only: keys and session records never cross the contract.
 */

/**
 * The protocol version, as stored and shown: 'omemo' is legacy OMEMO
 * (`eu.siacs.conversations.axolotl`), 'omemo2' is `urn:xmpp:omemo:2`. A message's encryption
 * and a device's namespace use the same words.
 */
export const omemoVersion = z.enum(['omemo', 'omemo2']);
export type OmemoVersion = z.infer<typeof omemoVersion>;

/** OMEMO device ids are 1..2^31-1 (XEP-0384; libsignal's 14-bit ids are too small). */
export const OMEMO_MAX_DEVICE_ID = 2 ** 31 - 1;
export const omemoDeviceId = z.number().int().min(1).max(OMEMO_MAX_DEVICE_ID);

/**
 * Trust in one device's identity key (Blind Trust Before Verification):
 * undecided: not used for sending until the user decides (a contact with a verified device);
 * blind: trusted without verification (BTBV), used for sending and shown as such;
 * verified: the user compared the fingerprint; distrusted: never encrypted to, never lifted
 * by an automatic rule.
 */
export const omemoTrust = z.enum(['undecided', 'blind', 'verified', 'distrusted']);
export type OmemoTrust = z.infer<typeof omemoTrust>;

/** Per conversation, what the user (or the backend's default) chose. */
export const conversationEncryption = z.enum(['off', 'omemo']);
export type ConversationEncryption = z.infer<typeof conversationEncryption>;

/**
 * Why an encrypted message could not be read, as a code the UI turns into words:
 * not-for-this-device: no key element for our device ("encrypted, not for this device");
 * no-session: a normal message from a device we have no session with;
 * session-broken: the ratchet refused it (bad MAC, unknown chain) — offer "reset session";
 * bad-payload: the key opened but the payload did not (or its SCE envelope was wrong);
 * untrusted-key: the sender device's identity key differs from the one pinned for it;
 * room-not-supported: an encrypted group chat message where rooms cannot be read (kept for
 * messages stored before OMEMO in group chats);
 * sender-unknown: an encrypted group chat message whose sender's real JID the room did not tell
 * (an anonymous room, or an occupant who left before we saw them).
 */
export const omemoDecryptError = z.enum([
  'not-for-this-device',
  'no-session',
  'session-broken',
  'bad-payload',
  'untrusted-key',
  'room-not-supported',
  'sender-unknown',
]);
export type OmemoDecryptError = z.infer<typeof omemoDecryptError>;

/** A device's fingerprint: the 32-byte Curve25519 identity key as 64 lowercase hex digits. */
export const omemoFingerprint = z.string().regex(/^[0-9a-f]{64}$/u, 'not an OMEMO fingerprint');

/** One device as contact details and the trust dialog show it. */
export const omemoDevice = z.object({
  jid: z.string().min(1).max(3071),
  version: omemoVersion,
  deviceId: omemoDeviceId,
  /** OMEMO 2's signed label; null when none (legacy has none). */
  label: z.string().max(200).nullable(),
  /** Null while its bundle has not been fetched (no key seen yet). */
  fingerprint: omemoFingerprint.nullable(),
  trust: omemoTrust,
  /** Whether the newest device list holds it. */
  active: z.boolean(),
  /** No answer after many messages: skipped when sending, shown as such. */
  stale: z.boolean(),
  lastMessageAt: z.number().nullable(),
  /** Why it cannot be encrypted to, in words (a broken bundle); null when it can. */
  problem: z.string().max(500).nullable(),
  /** The device showed a different identity key than the one pinned: the user must decide. */
  keyChanged: z.boolean(),
  /** The key it showed instead of the pinned one (what accepting it would pin); null if none. */
  changedFingerprint: omemoFingerprint.nullable().default(null),
  /** This is the device Parley itself runs as (listed among our own account's devices). */
  current: z.boolean().default(false),
});
export type OmemoDevice = z.infer<typeof omemoDevice>;

/**
 * One conversation's lock (issue 10): what is chosen, whether it was chosen at all (nothing yet:
 * the backend turns it on once the contact has OMEMO devices, as Conversations and Dino do),
 * whether the contact has devices (the lock is disabled without), and whether the account's
 * `omemo` setting is on (off: the lock explains that OMEMO is off in the settings).
 */
export const omemoConversationState = z.object({
  accountId,
  peer: jidText,
  encryption: conversationEncryption,
  chosen: z.boolean(),
  hasDevices: z.boolean(),
  enabled: z.boolean(),
  /**
   * Group chats only (absent for a one-to-one chat): whether the room allows OMEMO (members-only
   * and non-anonymous, as XEP-0384 asks) and, when not, why in words.
   */
  room: z
    .object({
      eligible: z.boolean(),
      reason: z.string().max(500).nullable(),
      /** The reason as a text the renderer translates (absent from older backends). */
      reasonText: backendText.nullable().optional(),
    })
    .optional(),
});
export type OmemoConversationState = z.infer<typeof omemoConversationState>;

/** A device the user decides about (its JID, id and version as the devices list shows it). */
const deviceRef = z.object({
  accountId,
  jid: jidText,
  deviceId: omemoDeviceId,
  version: omemoVersion,
});

/** What the user may set: "undecided" is only the state before a decision. */
export const omemoTrustChoice = z.enum(['verified', 'blind', 'distrusted']);

/** One device checked against a pasted verification link. */
export const omemoVerificationCheck = z.object({
  deviceId: omemoDeviceId,
  /** match: verified now; mismatch: another key (nothing verified); unknown: no key known. */
  result: z.enum(['match', 'mismatch', 'unknown-device']),
});

/**
 * The trust dialog's commands (XEP-0384 trust, BTBV; issue 10): spread into `commands`.
 * A changed key is decided only by naming it: `trust.set` with `keyFingerprint` equal to the
 * key the device showed instead of the pinned one replaces the pinned key, then sets `trust`.
 */
export const omemoTrustCommands = {
  /** A contact's (or our own) devices of both versions, fetching missing keys when online. */
  'omemo.devices.list': {
    request: z.object({ accountId, jid: jidText }),
    response: z.object({ devices: z.array(omemoDevice) }),
  },
  'omemo.device.trust.set': {
    request: deviceRef.extend({
      trust: omemoTrustChoice,
      /** The fingerprint the user saw and decided about: required when the key changed. */
      keyFingerprint: omemoFingerprint.nullable().default(null),
    }),
    response: z.object({ device: omemoDevice }),
  },
  /** Republishes our device lists without another device of ours and deletes its bundles. */
  'omemo.own.device.remove': {
    request: z.object({ accountId, deviceId: omemoDeviceId }),
    response: z.object({ ok: z.literal(true) }),
  },
  /** The `xmpp:` verification link of `jid`'s devices whose keys we know (ours: to show). */
  'omemo.verification.uri': {
    request: z.object({ accountId, jid: jidText }),
    response: z.object({ uri: z.string().max(4096) }),
  },
  /** Verifies the devices a pasted link's fingerprints match; a mismatch verifies nothing. */
  'omemo.verification.apply': {
    request: z.object({ accountId, uri: z.string().min(1).max(4096) }),
    response: z.object({
      jid: jidText,
      verified: z.boolean(),
      devices: z.array(omemoVerificationCheck),
    }),
  },
  /** Starts a new session with one device (the next message carries a prekey message). */
  'omemo.session.reset': {
    request: deviceRef,
    response: z.object({}),
  },
} as const;

/** A contact announced devices we had not seen (not on its first list): a quiet notice. */
export const omemoNewDevices = z.object({
  accountId,
  jid: jidText,
  version: omemoVersion,
  deviceIds: z.array(omemoDeviceId),
});

/** A device showed an identity key other than the pinned one: the user has to decide. */
export const omemoKeyChanged = z.object({
  accountId,
  jid: jidText,
  deviceId: omemoDeviceId,
  pinnedFingerprint: omemoFingerprint,
  newFingerprint: omemoFingerprint,
});

/** The trust dialog's events: spread into `events`. */
export const omemoTrustEvents = {
  /** A device list, a key or a trust of `jid` changed: the devices list is out of date. */
  'omemo.devices.changed': z.object({ accountId, jid: jidText }),
  'omemo.devices.new': omemoNewDevices,
  'omemo.key.changed': omemoKeyChanged,
} as const;
