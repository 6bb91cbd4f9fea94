import type { Migration } from './types.js';

/*
 * OMEMO (XEP-0384, legacy `eu.siacs.conversations.axolotl` = 'omemo' and `urn:xmpp:omemo:2` =
 * 'omemo2'). Everything lives in this encrypted file: no separate key store.
 *
 * - omemo_identity: our device. One identity for both versions: a 32-byte Ed25519 seed (the
 *   Curve25519 key derives from it). The id counters only rise: a prekey or signed-prekey id is
 *   never given out twice, even after its key was deleted (a peer may still hold it).
 * - omemo_signed_prekeys / omemo_prekeys: per version (each version publishes its own bundle).
 *   A signed prekey stays after retirement for one rotation period (late prekey messages use it);
 *   a consumed prekey (consumed_at set) stays until the archive catch-up has ended, since a second
 *   sender may have used the same one. Both go with the identity ("reset OMEMO").
 * - omemo_devices: the device lists we saw per (jid, version): whether the newest list holds the
 *   device, when a list last did, its signed label (OMEMO 2), the last message from it, why its
 *   bundle was unusable, and how many messages we sent it since it last wrote (stale detection).
 * - omemo_identities: the identity key pinned per device on first sight, in its Curve25519 form
 *   (what the fingerprint shows; the same for both versions). A different key later is kept
 *   beside it as a conflict for the user, never written over the pinned one.
 * - omemo_contacts: per contact, whether Blind Trust Before Verification still applies.
 * - omemo_sessions: the ratchet state per (jid, version, device) as opaque bytes; goes with our
 *   identity, since a session is bound to it.
 * - omemo_heartbeats: the peer ratchet keys we already answered with a heartbeat (one per key).
 * - omemo_conversations: the encryption the user (or the default) chose for a conversation.
 * - messages: how a message was protected and by which device; trust at receipt is what it was
 *   then, not updated later; decrypt_error is a code. No CHECK on these columns: SQLite tests a
 *   CHECK added by ALTER TABLE against every existing row (a scan of the whole history at
 *   upgrade), and a new code would need a table rebuild. The repository validates them instead.
 */
const VERSION = `CHECK (namespace IN ('omemo', 'omemo2'))`;
const DEVICE_ID = `INTEGER NOT NULL CHECK (device_id BETWEEN 1 AND 2147483647)`;
const KEY = (column: string) => `${column} BLOB NOT NULL CHECK (length(${column}) = 32)`;

const SQL = `
CREATE TABLE omemo_identity (
  account_id              TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  device_id               ${DEVICE_ID},
  ${KEY('seed')},
  next_prekey_id          INTEGER NOT NULL CHECK (next_prekey_id >= 1),
  next_signed_prekey_id   INTEGER NOT NULL CHECK (next_signed_prekey_id >= 1),
  created_at              INTEGER NOT NULL
) STRICT;

CREATE TABLE omemo_signed_prekeys (
  account_id  TEXT NOT NULL REFERENCES omemo_identity (account_id) ON DELETE CASCADE,
  namespace   TEXT NOT NULL ${VERSION},
  spk_id      INTEGER NOT NULL CHECK (spk_id >= 1),
  ${KEY('priv')},
  ${KEY('pub')},
  signature   BLOB NOT NULL CHECK (length(signature) = 64),
  created_at  INTEGER NOT NULL,
  retired_at  INTEGER,
  PRIMARY KEY (account_id, namespace, spk_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX omemo_signed_prekeys_current
  ON omemo_signed_prekeys (account_id, namespace) WHERE retired_at IS NULL;

CREATE TABLE omemo_prekeys (
  account_id  TEXT NOT NULL REFERENCES omemo_identity (account_id) ON DELETE CASCADE,
  namespace   TEXT NOT NULL ${VERSION},
  prekey_id   INTEGER NOT NULL CHECK (prekey_id >= 1),
  ${KEY('priv')},
  ${KEY('pub')},
  created_at  INTEGER NOT NULL,
  consumed_at INTEGER,
  PRIMARY KEY (account_id, namespace, prekey_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE omemo_devices (
  account_id        TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  jid               TEXT NOT NULL,
  namespace         TEXT NOT NULL ${VERSION},
  device_id         ${DEVICE_ID},
  label             TEXT CHECK (label IS NULL OR length(label) <= 200),
  active            INTEGER NOT NULL CHECK (active IN (0, 1)),
  first_seen_at     INTEGER NOT NULL,
  last_seen_list_at INTEGER NOT NULL,
  last_message_at   INTEGER,
  bundle_error      TEXT CHECK (bundle_error IS NULL OR length(bundle_error) <= 500),
  sent_unanswered   INTEGER NOT NULL DEFAULT 0 CHECK (sent_unanswered >= 0),
  PRIMARY KEY (account_id, jid, namespace, device_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE omemo_identities (
  account_id      TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  jid             TEXT NOT NULL,
  device_id       ${DEVICE_ID},
  ${KEY('identity_key')},
  trust           TEXT NOT NULL
                  CHECK (trust IN ('undecided', 'blind', 'verified', 'distrusted')),
  first_seen_at   INTEGER NOT NULL,
  trust_at        INTEGER NOT NULL,
  conflicting_key BLOB CHECK (conflicting_key IS NULL OR length(conflicting_key) = 32),
  conflict_at     INTEGER,
  PRIMARY KEY (account_id, jid, device_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE omemo_contacts (
  account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  jid         TEXT NOT NULL,
  blind_trust INTEGER NOT NULL CHECK (blind_trust IN (0, 1)),
  PRIMARY KEY (account_id, jid)
) STRICT, WITHOUT ROWID;

CREATE TABLE omemo_sessions (
  account_id TEXT NOT NULL REFERENCES omemo_identity (account_id) ON DELETE CASCADE,
  jid        TEXT NOT NULL,
  namespace  TEXT NOT NULL ${VERSION},
  device_id  ${DEVICE_ID},
  record     BLOB NOT NULL CHECK (length(record) BETWEEN 1 AND 131072),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, jid, namespace, device_id)
) STRICT;

CREATE TABLE omemo_heartbeats (
  account_id  TEXT NOT NULL REFERENCES omemo_identity (account_id) ON DELETE CASCADE,
  jid         TEXT NOT NULL,
  namespace   TEXT NOT NULL ${VERSION},
  device_id   ${DEVICE_ID},
  ratchet_key BLOB NOT NULL CHECK (length(ratchet_key) BETWEEN 32 AND 33),
  at          INTEGER NOT NULL,
  PRIMARY KEY (account_id, jid, namespace, device_id, ratchet_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE omemo_conversations (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  peer       TEXT NOT NULL,
  encryption TEXT NOT NULL CHECK (encryption IN ('off', 'omemo')),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, peer)
) STRICT, WITHOUT ROWID;

ALTER TABLE messages ADD COLUMN encryption TEXT;
ALTER TABLE messages ADD COLUMN sender_device INTEGER;
ALTER TABLE messages ADD COLUMN trust_at_receipt TEXT;
ALTER TABLE messages ADD COLUMN decrypt_error TEXT;
`;

export const omemo: Migration = {
  version: 11,
  name: 'omemo',
  up(db) {
    db.exec(SQL);
  },
};
