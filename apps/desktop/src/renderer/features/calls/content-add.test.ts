import { describe, expect, it } from 'vitest';
import { acceptedContents, addedContents, mergeDescription } from './content-add';
import { sdpToDescription } from './sdp-read';
import { descriptionToSdp } from './sdp-write';
import audioOfferSdp from './fixtures/chromium-audio-offer.sdp?raw';
import offerSdp from './fixtures/chromium-offer.sdp?raw';

// The audio-and-video offer stands for the offer after the camera was turned on in an audio
// call: the same audio m-line (mid 0) and a new video one (mid 1).
const audioOnly = sdpToDescription(audioOfferSdp, 'initiator');
const withVideo = sdpToDescription(offerSdp, 'initiator');

describe('content-add as renegotiation', () => {
  it('a content-add carries only the new video content, created by the side that adds it', () => {
    const added = addedContents(withVideo, new Set(['0']), 'responder');
    expect(added.contents.map((c) => [c.name, c.description.media, c.creator])).toEqual([
      ['1', 'video', 'responder'],
    ]);
    expect(added.bundle).toEqual(['0', '1']);
    expect(() => addedContents(withVideo, new Set(['0', '1']), 'initiator')).toThrow();
  });

  it('folds the added content into the whole description, m-line order kept', () => {
    const added = addedContents(withVideo, new Set(['0']), 'initiator');
    const whole = mergeDescription(audioOnly, added);
    expect(whole.contents.map((c) => c.name)).toEqual(['0', '1']);
    expect(whole.contents[0]?.description).toEqual(audioOnly.contents[0]?.description);
    // Bundled with the new content: one transport, the new description's.
    expect(whole.contents[0]?.transport.ufrag).toBe(added.contents[0]?.transport.ufrag);
    expect(whole.bundle).toEqual(['0', '1']);
    // What RTCPeerConnection gets: two m-lines, both in the BUNDLE group.
    const sdp = descriptionToSdp(whole, 'initiator');
    expect(sdp.match(/^m=/gmu)).toHaveLength(2);
    expect(sdp).toContain('a=group:BUNDLE 0 1');
  });

  it('the old m-lines take the DTLS role of the new answer (the adder answered before)', () => {
    const added = addedContents(withVideo, new Set(['0']), 'responder');
    const fp = added.contents[0]!.transport.fingerprint!;
    const accepted = {
      ...added,
      contents: added.contents.map((c) => ({
        ...c,
        transport: { ...c.transport, fingerprint: { ...fp, setup: 'active' as const } },
      })),
    };
    // The first offer said actpass; as part of an answer now, it must say active too.
    expect(audioOnly.contents[0]?.transport.fingerprint?.setup).toBe('actpass');
    const whole = mergeDescription(audioOnly, accepted);
    expect(whole.contents.map((c) => c.transport.fingerprint?.setup)).toEqual(['active', 'active']);
    expect(descriptionToSdp(whole, 'initiator')).not.toContain('a=setup:actpass');
  });

  it('without a group in the content-add, the new names join the old group', () => {
    const added = { ...addedContents(withVideo, new Set(['0']), 'initiator'), bundle: null };
    expect(mergeDescription(audioOnly, added).bundle).toEqual(['0', '1']);
  });

  it('a content-accept answers the contents asked for, with their creator', () => {
    const asked = addedContents(withVideo, new Set(['0']), 'responder');
    const accepted = acceptedContents(withVideo, asked);
    expect(accepted.contents.map((c) => [c.name, c.creator])).toEqual([['1', 'responder']]);
    expect(() => acceptedContents(audioOnly, asked)).toThrow();
  });
});
