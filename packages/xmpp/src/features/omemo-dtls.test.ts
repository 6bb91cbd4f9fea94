import { describe, expect, it } from 'vitest';
import { buildJmi } from './jingle-message.js';
import { NS_JINGLE_DTLS, NS_JINGLE_ICE } from './jingle-ice.js';
import {
  NS_OMEMO_DTLS,
  openFingerprints,
  proceedDevice,
  sealFingerprints,
  withProceedDevice,
} from './omemo-dtls.js';
import { NS_OMEMO_LEGACY } from './omemo-ns.js';
import { parseXml, xml, type Element } from '../stanza.js';

const FP =
  'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

function jingle(...transports: Element[]): Element {
  return xml(
    'jingle',
    { xmlns: 'urn:xmpp:jingle:1', action: 'session-initiate', sid: 's1' },
    ...transports.map((t, i) => xml('content', { creator: 'initiator', name: String(i) }, t)),
  );
}

function transport(...children: Element[]): Element {
  return xml('transport', { xmlns: NS_JINGLE_ICE, ufrag: 'u', pwd: 'p' }, ...children);
}

const clearFp = (value = FP) =>
  xml('fingerprint', { xmlns: NS_JINGLE_DTLS, hash: 'sha-256', setup: 'actpass' }, value);
const sealedFp = (marker: string) =>
  xml(
    'fingerprint',
    { xmlns: NS_OMEMO_DTLS, hash: 'sha-256', setup: 'actpass' },
    xml('encrypted', { xmlns: NS_OMEMO_LEGACY }, xml('payload', {}, marker)),
  );

describe('the callee names its OMEMO device in <proceed/>', () => {
  it('is written into the proceed and read back', () => {
    const message = withProceedDevice(buildJmi('a@x/r', 'proceed', 'sid1'), 1234);
    expect(proceedDevice(parseXml(message.toString())!)).toBe(1234);
  });

  it('reads nothing from a proceed without it, or with an id out of range', () => {
    expect(proceedDevice(buildJmi('a@x/r', 'proceed', 'sid1'))).toBeNull();
    for (const id of ['0', '-5', '4294967296', 'abc', '']) {
      const m = buildJmi('a@x/r', 'proceed', 'sid1');
      m.getChild('proceed')!.append(xml('device', { xmlns: NS_OMEMO_DTLS, id }));
      expect(proceedDevice(m)).toBeNull();
    }
  });
});

describe('sealing and opening DTLS fingerprints', () => {
  it('seals each clear fingerprint and opens it back to the same value', async () => {
    const el = jingle(transport(clearFp()), transport(clearFp()));
    const sealed = await sealFingerprints(el, async (value) =>
      xml('encrypted', { xmlns: NS_OMEMO_LEGACY }, xml('payload', {}, value)),
    );
    expect(sealed).toEqual({ sealed: 2, clear: 0 });
    // Nothing of the fingerprint stays clear on the wire.
    expect(el.toString()).not.toContain(NS_JINGLE_DTLS);

    const wire = parseXml(el.toString())!;
    const opened = await openFingerprints(wire, async (enc) => enc.getChildText('payload'));
    expect(opened).toEqual({ opened: 2, clear: 0, failed: 0 });
    const fps = wire
      .getChildren('content')
      .map((c) => c.getChild('transport')!.getChild('fingerprint', NS_JINGLE_DTLS)!);
    expect(fps.map((f) => [f.text(), f.attrs.hash, f.attrs.setup])).toEqual([
      [FP, 'sha-256', 'actpass'],
      [FP, 'sha-256', 'actpass'],
    ]);
  });

  it('leaves a fingerprint clear when it cannot be sealed, and says so', async () => {
    const el = jingle(transport(clearFp()));
    expect(await sealFingerprints(el, async () => null)).toEqual({ sealed: 0, clear: 1 });
    expect(el.toString()).toContain(FP);
  });

  it('a sealed fingerprint that does not open leaves no fingerprint at all', async () => {
    const el = jingle(transport(sealedFp('x'), clearFp('11:22')));
    expect(await openFingerprints(el, async () => null)).toEqual({
      opened: 0,
      clear: 0,
      failed: 1,
    });
    // The clear one beside it could come from anyone: it is dropped too.
    expect(el.toString()).not.toContain('fingerprint');
  });

  it('a transport with both forms keeps only the sealed one’s value', async () => {
    const el = jingle(transport(clearFp('11:22:33'), sealedFp(FP)));
    const found = await openFingerprints(el, async (enc) => enc.getChildText('payload'));
    expect(found.opened).toBe(1);
    const fps = el.getChild('content')!.getChild('transport')!.getChildren('fingerprint');
    expect(fps.map((f) => f.text())).toEqual([FP]);
  });

  it('counts clear fingerprints as clear', async () => {
    const el = jingle(transport(clearFp()));
    expect(await openFingerprints(el, async () => 'never')).toEqual({
      opened: 0,
      clear: 1,
      failed: 0,
    });
  });
});
