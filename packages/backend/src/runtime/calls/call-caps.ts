// Which of a contact's devices can take a call, from their XEP-0115 entity caps: the `ver` in
// each presence names a disco#info (XEP-0030) that is asked once per `ver`, checked against the
// hash, and kept (bounded) for every device that announces the same one. The presence handler
// reads it for each resource; a `ver` not known yet is asked for, and the contact's presence is
// shown again once the answer is in.
import type { CallMedia } from '@parley/contract';
import {
  NS_JINGLE,
  NS_JINGLE_RTP,
  NS_JINGLE_RTP_AUDIO,
  NS_JINGLE_RTP_VIDEO,
  NS_JMI,
  buildDiscoInfoQuery,
  parseDiscoInfo,
  verifyCaps,
  type CapsInfo,
  type JID,
  type Session,
} from '@parley/xmpp';

/** Different `ver`s kept at once: a handful of client versions per contact is the norm. */
export const MAX_CAPS_KEPT = 256;
/** disco#info queries in flight at once; presence beyond that is looked at again later. */
const MAX_ASKING = 16;
/** Devices waiting for one answer (a contact's devices announcing the same client). */
const MAX_WAITING = 64;

/**
 * What a device with these disco features can take: audio needs XEP-0167 RTP with audio and a
 * way to start a session (XEP-0353 or plain XEP-0166); video needs that and RTP video.
 */
export function callMediaOf(features: readonly string[]): CallMedia[] {
  const has = (ns: string) => features.includes(ns);
  const rtp = has(NS_JINGLE_RTP) && (has(NS_JMI) || has(NS_JINGLE));
  if (!rtp || !has(NS_JINGLE_RTP_AUDIO)) return [];
  return has(NS_JINGLE_RTP_VIDEO) ? ['audio', 'video'] : ['audio'];
}

export class CallCaps {
  /** ver → what it can take, oldest first (Map order), bounded. */
  private readonly known = new Map<string, CallMedia[]>();
  /** ver → who waits for its answer (every device that announced it meanwhile). */
  private readonly asking = new Map<string, Array<() => void>>();

  /** What a device announcing `caps` can take; undefined while not known (or no caps). */
  media(caps: CapsInfo | null): CallMedia[] | undefined {
    return caps ? this.known.get(capsKey(caps)) : undefined;
  }

  /**
   * Asks `device` for the disco#info behind its caps when no one has yet; `learned` runs once
   * the answer is in and matches the hash. A wrong answer is not kept: the next presence with
   * that `ver` asks again (from whatever device sends it).
   */
  learn(session: Session, device: JID, caps: CapsInfo, learned: () => void): void {
    const k = capsKey(caps);
    const waiting = this.asking.get(k);
    if (waiting) {
      if (waiting.length < MAX_WAITING) waiting.push(learned);
      return;
    }
    if (this.known.has(k) || this.asking.size >= MAX_ASKING) return;
    const waiters = [learned];
    this.asking.set(k, waiters);
    session
      .iq(buildDiscoInfoQuery(device, `${caps.node}#${caps.ver}`))
      .then((answer) => {
        const info = parseDiscoInfo(answer);
        if (!info || !verifyCaps(info, caps)) return;
        this.known.set(k, callMediaOf(info.features));
        while (this.known.size > MAX_CAPS_KEPT)
          this.known.delete(this.known.keys().next().value as string);
        for (const w of waiters) w();
      })
      .catch(() => undefined)
      .finally(() => this.asking.delete(k));
  }
}

/** One hash of one disco#info: the node is only the software's name, not part of the key. */
export function capsKey(caps: CapsInfo): string {
  return `${caps.hash} ${caps.ver}`;
}
