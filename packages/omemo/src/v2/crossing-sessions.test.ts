import { describe, expect, it } from 'vitest';
import { makeTestDevice } from '../test-support/v2-device.js';
import {
  MAX_PREVIOUS_SESSIONS,
  OmemoV2Error,
  decrypt,
  encrypt,
  parseSession,
  serializeSession,
  startSession,
  type EncryptedMessageV2,
  type SessionRecord,
} from './index.js';

const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof OmemoV2Error) return e.code;
    throw e;
  }
  return 'no error';
}
const str = (u: Uint8Array | null) => (u === null ? null : Buffer.from(u).toString('utf8'));

/**
 * Two devices that each start a session with the other's bundle before either has received
 * anything: both send key exchanges that cross on the wire.
 */
function crossing() {
  const ivy = makeTestDevice('ivy@example.org', 1001);
  const jay = makeTestDevice('jay@example.org', 2002);
  const state = {
    ivy: startSession(ivy.own, jay.bundle) as SessionRecord,
    jay: startSession(jay.own, ivy.bundle) as SessionRecord,
  };
  const send = (from: 'ivy' | 'jay', body: string): EncryptedMessageV2 => {
    const [own, to, deviceId] =
      from === 'ivy'
        ? ([ivy.own, 'jay@example.org', 2002] as const)
        : ([jay.own, 'ivy@example.org', 1001] as const);
    const out = encrypt(own, text(body), [{ jid: to, deviceId, session: state[from] }]);
    state[from] = out.sessions[0]!.session;
    return out.message;
  };
  const receive = (to: 'ivy' | 'jay', message: EncryptedMessageV2): string | null => {
    const [device, sender] =
      to === 'ivy' ? ([ivy, 'jay@example.org'] as const) : ([jay, 'ivy@example.org'] as const);
    const r = decrypt(device.own, {
      senderJid: sender,
      message,
      // As the store keeps it between messages.
      session: parseSession(serializeSession(state[to])),
      preKeys: device.lookup,
    });
    state[to] = r.session;
    return str(r.plaintext);
  };
  return { send, receive, state };
}

describe('sessions started by both devices at once', () => {
  it('opens every message both ways, whichever session the peer keeps sending on', () => {
    const { send, receive } = crossing();
    // Both key exchanges are on the wire before either arrives.
    const ivyFirst = [send('ivy', 'ivy 0'), send('ivy', 'ivy 1')];
    const jayFirst = [send('jay', 'jay 0'), send('jay', 'jay 1')];
    expect(jayFirst.map((m) => receive('ivy', m))).toEqual(['jay 0', 'jay 1']);
    expect(ivyFirst.map((m) => receive('jay', m))).toEqual(['ivy 0', 'ivy 1']);
    // Each now sends on the session the other's key exchange built, which the other replaced.
    const opened: Array<string | null> = [];
    for (let i = 2; i < 12; i++) {
      const fromIvy = send('ivy', `ivy ${i}`);
      const fromJay = send('jay', `jay ${i}`);
      opened.push(receive('jay', fromIvy), receive('ivy', fromJay));
    }
    expect(opened).toEqual(
      Array.from({ length: 10 }, (_, k) => [`ivy ${k + 2}`, `jay ${k + 2}`]).flat(),
    );
    // And in turns, once the crossing is over.
    for (let i = 12; i < 16; i++) {
      expect(receive('jay', send('ivy', `ivy ${i}`))).toBe(`ivy ${i}`);
      expect(receive('ivy', send('jay', `jay ${i}`))).toBe(`jay ${i}`);
    }
  });

  it('opens a late repeat of a key exchange on the session it built, now replaced', () => {
    const { send, receive } = crossing();
    const ivyKex = send('ivy', 'ivy 0');
    const jayKex = send('jay', 'jay 0');
    // Ivy has no answer yet: her next message repeats her key exchange; it arrives late.
    const ivyRepeat = send('ivy', 'ivy 1');
    expect(receive('jay', ivyKex)).toBe('ivy 0');
    expect(receive('ivy', jayKex)).toBe('jay 0');
    // Ivy now answers on the session Jay's key exchange built: Jay's own one is current again.
    expect(receive('jay', send('ivy', 'ivy 2'))).toBe('ivy 2');
    expect(receive('jay', ivyRepeat)).toBe('ivy 1');
    expect(receive('ivy', send('jay', 'jay 1'))).toBe('jay 1');
    expect(receive('jay', send('ivy', 'ivy 3'))).toBe('ivy 3');
  });

  it('calls a redelivered message of a replaced session a replay, not a broken session', () => {
    const { send, receive } = crossing();
    const ivyKex = send('ivy', 'ivy 0');
    const jayKex = send('jay', 'jay 0');
    expect(receive('ivy', jayKex)).toBe('jay 0');
    const onJaysSession = send('ivy', 'ivy 1');
    expect(receive('jay', ivyKex)).toBe('ivy 0');
    const onIvysSession = send('jay', 'jay 1');
    expect(receive('ivy', onIvysSession)).toBe('jay 1');
    const again = send('ivy', 'ivy 2');
    expect(receive('jay', onJaysSession)).toBe('ivy 1');
    // Jay's current session is the one Ivy's key exchange built again; his own is history.
    expect(receive('jay', again)).toBe('ivy 2');
    expect(codeOf(() => receive('jay', onJaysSession))).toBe('duplicate');
  });

  it('keeps a bounded history of replaced sessions, stored with the session', () => {
    const { send, receive, state } = crossing();
    receive('jay', send('ivy', 'ivy 0'));
    expect(state.jay.previous).toHaveLength(1);
    const again = parseSession(serializeSession(state.jay));
    expect(again.previous).toHaveLength(1);
    expect(serializeSession(again)).toBe(serializeSession(state.jay));
    // Old records, written before the history, read as having none.
    const old = JSON.parse(serializeSession(state.jay)) as Record<string, unknown>;
    delete old.previous;
    expect(parseSession(JSON.stringify(old)).previous).toEqual([]);
    const tooMany = { ...old, previous: Array(MAX_PREVIOUS_SESSIONS + 1).fill(old) };
    expect(() => parseSession(JSON.stringify(tooMany))).toThrow(/previous/);
  });
});
