import { describe, expect, it } from 'vitest';
import type { CallDescription } from '@parley/contract';
import { candidateLine, parseCandidateLine } from './sdp-candidate';
import { sdpToDescription } from './sdp-read';
import { descriptionToSdp } from './sdp-write';
import answerSdp from './fixtures/chromium-answer.sdp?raw';
import audioOfferSdp from './fixtures/chromium-audio-offer.sdp?raw';
import offerSdp from './fixtures/chromium-offer.sdp?raw';

// Captured once from Debian's Chromium 156 (two RTCPeerConnections in a page, fake devices,
// audio and video, ICE gathering complete).

/** Candidate ids are minted fresh on every read; compare without them. */
function withoutIds(d: CallDescription) {
  return {
    ...d,
    contents: d.contents.map((c) => ({
      ...c,
      transport: { ...c.transport, candidates: c.transport.candidates.map(({ id: _, ...r }) => r) },
    })),
  };
}

describe('Chromium offer → Jingle description', () => {
  const offer = sdpToDescription(offerSdp, 'initiator');
  const [audio, video] = offer.contents;

  it('keeps the BUNDLE group and one content per m= line, named by mid', () => {
    expect(offer.bundle).toEqual(['0', '1']);
    expect(offer.contents.map((c) => [c.name, c.description.media, c.senders])).toEqual([
      ['0', 'audio', 'both'],
      ['1', 'video', 'both'],
    ]);
  });

  it('keeps payload types in preference order with clock rate, channels, fmtp and rtcp-fb', () => {
    expect(audio?.description.payloadTypes.map((p) => p.id)).toEqual([
      111, 63, 9, 0, 8, 13, 110, 126,
    ]);
    expect(audio?.description.payloadTypes[0]).toEqual({
      id: 111,
      name: 'opus',
      clockrate: 48000,
      channels: 2,
      parameters: [
        { name: 'minptime', value: '10' },
        { name: 'useinbandfec', value: '1' },
      ],
      feedback: [{ type: 'transport-cc' }],
    });
    // RED's fmtp is a bare list, not name=value.
    expect(audio?.description.payloadTypes[1]?.parameters).toEqual([
      { name: '111/111', value: '' },
    ]);
    const vp8 = video?.description.payloadTypes[0];
    expect(vp8?.feedback).toContainEqual({ type: 'nack', subtype: 'pli' });
    expect(vp8?.feedback).toContainEqual({ type: 'ccm', subtype: 'fir' });
    expect(video?.description.payloadTypes.find((p) => p.id === 97)?.parameters).toEqual([
      { name: 'apt', value: '96' },
    ]);
  });

  it('keeps header extensions, rtcp-mux, sources and source groups', () => {
    expect(audio?.description.headerExtensions).toContainEqual({
      id: 1,
      uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    });
    expect(audio?.description.rtcpMux).toBe(true);
    expect(video?.description.sourceGroups).toEqual([
      { semantics: 'FID', ssrcs: [1119612922, 3135431882] },
    ]);
    expect(video?.description.sources[0]?.parameters[0]).toEqual({
      name: 'cname',
      value: 'mzlZwzOy+UAuyRzZ',
    });
  });

  it('keeps ICE credentials, candidates and the DTLS fingerprint with its setup role', () => {
    const t = audio?.transport;
    expect([t?.ufrag, t?.pwd]).toEqual(['PmQa', '3/g4UXpowAC3DUVnv7pDnoqD']);
    expect(t?.fingerprint).toEqual({
      hash: 'sha-256',
      setup: 'actpass',
      value: expect.stringMatching(/^4A:02:72:9E/u) as string,
    });
    expect(t?.candidates).toHaveLength(4);
    expect(t?.candidates[2]).toMatchObject({
      protocol: 'tcp',
      tcpType: 'active',
      type: 'host',
      ip: '192.0.2.2',
      network: 1,
    });
  });

  it('round-trips: SDP written from the description reads back the same', () => {
    const again = sdpToDescription(descriptionToSdp(offer, 'initiator'), 'initiator');
    expect(withoutIds(again)).toEqual(withoutIds(offer));
  });
});

describe('Chromium answer', () => {
  const answer = sdpToDescription(answerSdp, 'responder');

  it('carries the active DTLS role and round-trips', () => {
    expect(answer.contents[0]?.transport.fingerprint?.setup).toBe('active');
    const again = sdpToDescription(descriptionToSdp(answer, 'responder'), 'responder');
    expect(withoutIds(again)).toEqual(withoutIds(answer));
  });
});

describe('Chromium audio-only offer', () => {
  it('keeps a BUNDLE group of one content (its mid read as text, not a number)', () => {
    const offer = sdpToDescription(audioOfferSdp, 'initiator');
    expect(offer.bundle).toEqual(['0']);
    expect(offer.contents.map((c) => c.description.media)).toEqual(['audio']);
    expect(offer.contents[0]?.transport.candidates).toEqual([]);
  });
});

describe('directions by role', () => {
  it('a one-way content reads as the sending role and writes back from either side', () => {
    const sendonly = offerSdp.replace(/a=sendrecv/gu, 'a=sendonly');
    const d = sdpToDescription(sendonly, 'initiator');
    expect(d.contents[0]?.senders).toBe('initiator');
    // The initiator's "I send" is "I receive" when the responder writes about the same content.
    expect(descriptionToSdp(d, 'responder')).toContain('a=recvonly');
    expect(descriptionToSdp(d, 'initiator')).toContain('a=sendonly');
  });
});

describe('trickled candidates', () => {
  it('a relay candidate line survives the round trip', () => {
    const line =
      'candidate:1 1 udp 41885439 127.0.0.1 50000 typ relay raddr 0.0.0.0 rport 0 generation 0 network-id 1';
    const c = parseCandidateLine(line);
    expect(c).toMatchObject({ type: 'relay', ip: '127.0.0.1', port: 50000, relAddr: '0.0.0.0' });
    expect(c && candidateLine(c)).toBe(line);
  });

  it('refuses a candidate Jingle cannot carry', () => {
    expect(parseCandidateLine('candidate:1 1 sctp 1 127.0.0.1 5 typ host')).toBeNull();
  });
});

describe('hostile input', () => {
  it('an SDP whose ICE password breaks the contract is refused, not passed on', () => {
    expect(() =>
      sdpToDescription(offerSdp.replace('3/g4UXpowAC3DUVnv7pDnoqD', 'short'), 'initiator'),
    ).toThrow();
  });
});
