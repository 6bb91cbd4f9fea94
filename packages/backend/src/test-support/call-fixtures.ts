import type { CallDescription, IceCandidate } from '@parley/contract';

const FP = Array.from({ length: 32 }, (_, i) =>
  (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0'),
).join(':');

/** A description as a renderer would derive it from Chromium's SDP (one audio content). */
export function audioDescription(ufrag: string, setup: 'actpass' | 'active'): CallDescription {
  return {
    bundle: ['0'],
    contents: [
      {
        name: '0',
        creator: 'initiator',
        senders: 'both',
        description: {
          media: 'audio',
          payloadTypes: [
            {
              id: 111,
              name: 'opus',
              clockrate: 48000,
              channels: 2,
              parameters: [{ name: 'useinbandfec', value: '1' }],
              feedback: [{ type: 'transport-cc' }],
            },
          ],
          headerExtensions: [{ id: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' }],
          rtcpMux: true,
          sources: [{ ssrc: 1234, parameters: [{ name: 'cname', value: 'x' }] }],
          sourceGroups: [],
        },
        transport: {
          ufrag,
          pwd: `${ufrag}pwdpwdpwdpwdpwdpwdpwdpwd`,
          fingerprint: { hash: 'sha-256', setup, value: FP },
          candidates: [],
        },
      },
    ],
  };
}

export function hostCandidate(id: string, port: number): IceCandidate {
  return {
    component: 1,
    foundation: '1',
    generation: 0,
    id,
    ip: '127.0.0.1',
    port,
    priority: 2130706431,
    protocol: 'udp',
    type: 'host',
  };
}
