// JET-OMEMO (XEP-0391 + XEP-0396) for direct transfers: in a conversation that uses OMEMO, the
// file goes AES-128-GCM encrypted (tag at the end) and its key and IV travel in the offer's
// <security/>, sealed with legacy OMEMO to the contact's devices, as Dino sends and reads it.
// XEP-0391 §Security: when encryption is wanted and cannot be had, the transfer fails; it never
// falls back to clear bytes.
import { randomBytes } from 'node:crypto';
import { buildJetSecurity, type Element, type IqSender } from '@parley/xmpp';
import type { LegacySeal } from '../../omemo/legacy-seal.js';
import type { OmemoChoice } from '../../omemo/omemo-choice.js';

export interface TransportSecret {
  key: Buffer;
  iv: Buffer;
}

const KEY_BYTES = 16;
const IV_BYTES = 12;

export class DirectFileEncryption {
  constructor(
    private readonly seals: LegacySeal,
    private readonly choice: OmemoChoice,
  ) {}

  /** Files to `peer` go encrypted: its conversation uses OMEMO. */
  wanted(peer: string): boolean {
    return this.seals.enabled && this.choice.decide(peer).encryption === 'omemo';
  }

  /** A fresh secret sealed to the contact's devices, and the <security/> that carries it. */
  async offer(
    send: IqSender,
    peer: string,
    contentName: string,
  ): Promise<{ secret: TransportSecret; security: Element } | null> {
    const secret = { key: randomBytes(KEY_BYTES), iv: randomBytes(IV_BYTES) };
    const sealed = await this.seals.seal(send, peer, this.seals.devicesOf(peer), null, secret);
    return sealed ? { secret, security: buildJetSecurity(contentName, sealed) } : null;
  }

  /** The secret an offer's <security/> carries, opened; null when it does not open. */
  async open(peer: string, sealed: Element, keyBytes: number): Promise<TransportSecret | null> {
    const opened = await this.seals.open(peer, sealed, null);
    const key = opened?.transportKey;
    if (!opened || !key || key.length !== keyBytes || opened.iv.length !== IV_BYTES) return null;
    return { key: Buffer.from(key), iv: Buffer.from(opened.iv) };
  }
}
