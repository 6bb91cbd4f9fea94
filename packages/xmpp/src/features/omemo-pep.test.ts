import { describe, expect, it } from 'vitest';
import { parseXml, xml, type Element } from '../stanza.js';
import { encodeBase64 } from './omemo-base64.js';
import { buildBundle, MAX_PREKEYS, parseBundle, type OmemoBundle } from './omemo-bundle.js';
import {
  buildBundleFetch,
  buildBundlePublish,
  buildDeviceListFetch,
  buildDeviceListPublish,
  fetchDeviceList,
  isPreconditionNotMet,
  parseBundleResult,
  parseDeviceListResult,
  publishWithOptions,
} from './omemo-pep.js';
import type { OmemoVersion } from './omemo-ns.js';

const el = (text: string): Element => {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad XML in test: ${text.slice(0, 200)}`);
  return parsed;
};

function keyOf(version: OmemoVersion, fill: number): Uint8Array {
  const key = new Uint8Array(version === 'legacy' ? 33 : 32).fill(fill);
  if (version === 'legacy') key[0] = 0x05;
  return key;
}

function bundleOf(version: OmemoVersion, prekeys = 3): OmemoBundle {
  return {
    signedPreKey: { id: 1, key: keyOf(version, 1), signature: new Uint8Array(64).fill(2) },
    identityKey: keyOf(version, 3),
    preKeys: Array.from({ length: prekeys }, (_, i) => ({
      id: i + 1,
      key: keyOf(version, 10 + i),
    })),
  };
}

/** A fetch result holding `payload` as the node's item. */
function itemsResult(node: string, itemId: string, payload: string): Element {
  return el(
    `<iq type='result' from='bob@localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'>` +
      `<items node='${node}'><item id='${itemId}'>${payload}</item></items></pubsub></iq>`,
  );
}

describe('bundles', () => {
  for (const version of ['legacy', 'v2'] as const) {
    it(`${version}: builds the XEP's element and reads it back`, () => {
      const bundle = bundleOf(version);
      const built = buildBundle(bundle, version);
      expect(parseBundle(el(built.toString()), version)).toEqual(bundle);
    });
  }

  it('legacy wire form names the XEP 0.3 elements, OMEMO 2 the 0.8 ones', () => {
    const legacy = buildBundle(bundleOf('legacy', 1), 'legacy').toString();
    expect(legacy).toMatch(
      /^<bundle xmlns="eu.siacs.conversations.axolotl"><signedPreKeyPublic signedPreKeyId="1">BQEB.*<\/signedPreKeyPublic><signedPreKeySignature>.*<identityKey>BQMD.*<prekeys><preKeyPublic preKeyId="1">/,
    );
    const v2 = buildBundle(bundleOf('v2', 1), 'v2').toString();
    expect(v2).toMatch(
      /^<bundle xmlns="urn:xmpp:omemo:2"><spk id="1">AQEB.*<\/spk><spks>.*<\/spks><ik>AwMD.*<\/ik><prekeys><pk id="1">/,
    );
  });

  it('refuses wrong key sizes, a legacy key without 0x05, a bad signature or no prekey', () => {
    const good = buildBundle(bundleOf('v2'), 'v2').toString();
    const key31 = encodeBase64(new Uint8Array(31));
    expect(parseBundle(el(good.replace(/<ik>[^<]*</, `<ik>${key31}<`)), 'v2')).toEqual({
      rejected: 'identity key missing or malformed',
    });
    expect(parseBundle(el(good.replace(/<spks>[^<]*</, '<spks>AAAA<')), 'v2')).toMatchObject({
      rejected: expect.stringMatching(/signature/),
    });
    expect(parseBundle(el(good.replace(/<spk id="1">[^<]*</, '<spk id="1">!!!!<')), 'v2')).toEqual({
      rejected: 'signed prekey malformed',
    });
    expect(parseBundle(el(good.replace(/<spk id="1">/, '<spk id="0">')), 'v2')).toMatchObject({
      rejected: expect.stringMatching(/id missing/),
    });
    expect(parseBundle(el(good.replace(/<prekeys>.*<\/prekeys>/, '<prekeys/>')), 'v2')).toEqual({
      rejected: 'no usable prekey',
    });
    // A 33-byte legacy key must carry libsignal's type byte.
    const noType = encodeBase64(new Uint8Array(33).fill(9));
    const legacy = buildBundle(bundleOf('legacy'), 'legacy').toString();
    expect(
      parseBundle(el(legacy.replace(/<identityKey>[^<]*</, `<identityKey>${noType}<`)), 'legacy'),
    ).toEqual({ rejected: 'identity key missing or malformed' });
    // A 32-byte OMEMO 2 key is not a legacy key, and the other way round.
    expect(parseBundle(el(good), 'legacy')).toEqual({ rejected: 'not a bundle' });
  });

  it('skips bad prekeys one by one and reads at most MAX_PREKEYS', () => {
    const k = (fill: number) => encodeBase64(keyOf('v2', fill));
    const good = buildBundle(bundleOf('v2', 1), 'v2').toString();
    const prekeys =
      `<pk id='5'>${k(5)}</pk><pk id='5'>${k(6)}</pk><pk id='0'>${k(7)}</pk>` +
      `<pk id='8'>not base64</pk><pk id='9'>${encodeBase64(new Uint8Array(33))}</pk>` +
      Array.from({ length: 1000 }, (_, i) => `<pk id='${100 + i}'>${k(1)}</pk>`).join('');
    const parsed = parseBundle(
      el(good.replace(/<prekeys>.*<\/prekeys>/, `<prekeys>${prekeys}</prekeys>`)),
      'v2',
    );
    expect('rejected' in parsed).toBe(false);
    const ids = (parsed as OmemoBundle).preKeys.map((p) => p.id);
    expect(ids[0]).toBe(5);
    expect(ids[1]).toBe(100);
    expect(ids).toHaveLength(MAX_PREKEYS);
    expect(ids.filter((id) => id === 5)).toHaveLength(1);
  });

  it('the builder refuses keys of the wrong size', () => {
    const bad = { ...bundleOf('v2'), identityKey: new Uint8Array(33) };
    expect(() => buildBundle(bad, 'v2')).toThrow(RangeError);
  });
});

function publishOptions(iq: Element): Record<string, string> {
  const form = iq.getChild('pubsub')?.getChild('publish-options')?.getChild('x');
  const fields: Record<string, string> = {};
  for (const f of form?.getChildren('field') ?? []) {
    fields[f.attrs.var as string] = f.getChild('value')?.getText() ?? '';
  }
  return fields;
}

describe('PEP requests', () => {
  it('publishes device lists as item "current" with open access', () => {
    for (const [version, node] of [
      ['legacy', 'eu.siacs.conversations.axolotl.devicelist'],
      ['v2', 'urn:xmpp:omemo:2:devices'],
    ] as const) {
      const iq = buildDeviceListPublish([{ id: 1 }], version);
      const publish = iq.getChild('pubsub')?.getChild('publish');
      expect(publish?.attrs.node).toBe(node);
      expect(publish?.getChild('item')?.attrs.id).toBe('current');
      expect(publishOptions(iq)).toEqual({
        FORM_TYPE: 'http://jabber.org/protocol/pubsub#publish-options',
        'pubsub#access_model': 'open',
      });
    }
  });

  it('publishes bundles: one node per device (legacy), one item per device with max_items (v2)', () => {
    const legacy = buildBundlePublish(1234, bundleOf('legacy'), 'legacy');
    const lp = legacy.getChild('pubsub')?.getChild('publish');
    expect(lp?.attrs.node).toBe('eu.siacs.conversations.axolotl.bundles:1234');
    expect(lp?.getChild('item')?.attrs.id).toBe('current');
    expect(publishOptions(legacy)['pubsub#access_model']).toBe('open');
    const v2 = buildBundlePublish(1234, bundleOf('v2'), 'v2');
    const vp = v2.getChild('pubsub')?.getChild('publish');
    expect(vp?.attrs.node).toBe('urn:xmpp:omemo:2:bundles');
    expect(vp?.getChild('item')?.attrs.id).toBe('1234');
    expect(publishOptions(v2)).toMatchObject({
      'pubsub#access_model': 'open',
      'pubsub#max_items': 'max',
    });
  });

  it('fetches from the bare JID; the OMEMO 2 bundle by its item id', () => {
    const list = buildDeviceListFetch('bob@localhost/phone', 'v2');
    expect(list.attrs.to).toBe('bob@localhost');
    const bundle = buildBundleFetch('bob@localhost', 77, 'v2');
    expect(bundle.getChild('pubsub')?.getChild('items')?.getChild('item')?.attrs.id).toBe('77');
    const legacy = buildBundleFetch('bob@localhost', 77, 'legacy');
    expect(legacy.getChild('pubsub')?.getChild('items')?.attrs.node).toBe(
      'eu.siacs.conversations.axolotl.bundles:77',
    );
  });

  it('reads fetch results, and only for the node and item asked', () => {
    const list = `<list xmlns='eu.siacs.conversations.axolotl'><device id='3'/></list>`;
    const node = 'eu.siacs.conversations.axolotl.devicelist';
    expect(parseDeviceListResult(itemsResult(node, 'current', list), 'legacy')).toEqual([
      { id: 3 },
    ]);
    expect(parseDeviceListResult(itemsResult('other', 'current', list), 'legacy')).toEqual([]);
    const bundle = buildBundle(bundleOf('v2'), 'v2').toString();
    const result = itemsResult('urn:xmpp:omemo:2:bundles', '77', bundle);
    expect(parseBundleResult(result, 77, 'v2')).toEqual(bundleOf('v2'));
    expect(parseBundleResult(result, 78, 'v2')).toEqual({ rejected: 'no bundle published' });
  });
});

describe('reading a list closed to us', () => {
  it('is no devices, whichever child the server writes first (ejabberd: pubsub#errors)', async () => {
    // As Session.iq rejects: the condition @xmpp/client took (the first child), the element.
    const refusal = (first: string, second: string, condition: string) => () =>
      Promise.reject(
        Object.assign(new Error(condition), {
          condition,
          cause: {
            name: 'StanzaError',
            element: el(`<error type='auth'>${first}${second}</error>`),
          },
        }),
      );
    const pubsubErr = `<presence-subscription-required xmlns='http://jabber.org/protocol/pubsub#errors'/>`;
    const notAuthorized = `<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>`;
    const ejabberd = refusal(pubsubErr, notAuthorized, 'presence-subscription-required');
    expect(await fetchDeviceList(ejabberd, 'bob@localhost', 'legacy')).toEqual([]);
    const prosody = refusal(
      `<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>`,
      '',
      'forbidden',
    );
    expect(await fetchDeviceList(prosody, 'bob@localhost', 'v2')).toEqual([]);
    // Anything else still fails.
    const broken = refusal(
      `<internal-server-error xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>`,
      '',
      'internal-server-error',
    );
    await expect(fetchDeviceList(broken, 'bob@localhost', 'v2')).rejects.toThrow(
      'internal-server-error',
    );
  });
});

describe('publishing over a node with other settings', () => {
  const preconditionError = () =>
    Object.assign(new Error('conflict'), {
      condition: 'conflict',
      cause: {
        name: 'StanzaError',
        element: el(
          `<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>` +
            `<precondition-not-met xmlns='http://jabber.org/protocol/pubsub#errors'/></error>`,
        ),
      },
    });

  it('recognises precondition-not-met only with its pubsub#errors element', () => {
    expect(isPreconditionNotMet(preconditionError())).toBe(true);
    expect(
      isPreconditionNotMet(Object.assign(new Error('conflict'), { condition: 'conflict' })),
    ).toBe(false);
    expect(isPreconditionNotMet(null)).toBe(false);
  });

  it('reconfigures the node to the same options and publishes again', async () => {
    const sent: Element[] = [];
    let refusals = 1;
    const send = (iq: Element) => {
      sent.push(iq);
      const isPublish = iq.getChild('pubsub')?.getChild('publish');
      if (isPublish && refusals-- > 0) return Promise.reject(preconditionError());
      return Promise.resolve(xml('iq', { type: 'result' }));
    };
    await publishWithOptions(send, buildBundlePublish(9, bundleOf('v2'), 'v2'));
    expect(sent).toHaveLength(3);
    const configure = sent[1]!.getChild('pubsub', 'http://jabber.org/protocol/pubsub#owner');
    expect(configure?.getChild('configure')?.attrs.node).toBe('urn:xmpp:omemo:2:bundles');
    const fields = configure?.getChild('configure')?.getChild('x')?.getChildren('field') ?? [];
    expect(
      Object.fromEntries(fields.map((f) => [f.attrs.var, f.getChild('value')?.getText()])),
    ).toEqual({
      FORM_TYPE: 'http://jabber.org/protocol/pubsub#node_config',
      'pubsub#access_model': 'open',
      'pubsub#max_items': 'max',
    });
    expect(sent[2]!.toString()).toBe(sent[0]!.toString());
  });

  /** A server like ejabberd 23.01: publish-options may only name the access model. */
  function ejabberdLike(nodeExists: boolean) {
    const sent: Element[] = [];
    let exists = nodeExists;
    const send = (iq: Element) => {
      sent.push(iq);
      const pubsub = iq.getChild('pubsub');
      const options = pubsub?.getChild('publish-options')?.getChild('x')?.getChildren('field');
      if (options?.some((f) => f.attrs.var === 'pubsub#max_items')) {
        const reason = "Unknown field 'pubsub#max_items'";
        return Promise.reject(
          Object.assign(new Error(reason), { condition: 'resource-constraint' }),
        );
      }
      if (pubsub?.getChild('configure') && !exists)
        return Promise.reject(Object.assign(new Error('no node'), { condition: 'item-not-found' }));
      if (pubsub?.getChild('publish')) exists = true;
      return Promise.resolve(xml('iq', { type: 'result' }));
    };
    const step = (iq: Element): string => {
      const pubsub = iq.getChild('pubsub')!;
      if (pubsub.getChild('configure')) return 'configure';
      const fields = pubsub.getChild('publish-options')!.getChild('x')!.getChildren('field');
      return `publish ${fields.map((f) => f.attrs.var as string).filter((v) => v !== 'FORM_TYPE')}`;
    };
    return { send, steps: () => sent.map(step), sent };
  }

  it('an unknown max_items option (ejabberd): configures the node, publishes with access only', async () => {
    const fresh = ejabberdLike(false);
    await publishWithOptions(fresh.send, buildBundlePublish(9, bundleOf('v2'), 'v2'));
    // The publish creates the node (with one item at most), so it is configured after it.
    expect(fresh.steps()).toEqual([
      'publish pubsub#access_model,pubsub#max_items',
      'configure',
      'publish pubsub#access_model',
      'configure',
    ]);
    expect(fresh.sent[2]!.getChild('pubsub')!.getChild('publish')!.toString()).toBe(
      fresh.sent[0]!.getChild('pubsub')!.getChild('publish')!.toString(),
    );
    // An existing node is configured first, so another device's bundle item is not dropped.
    const existing = ejabberdLike(true);
    await publishWithOptions(existing.send, buildBundlePublish(9, bundleOf('v2'), 'v2'));
    expect(existing.steps()).toEqual([
      'publish pubsub#access_model,pubsub#max_items',
      'configure',
      'publish pubsub#access_model',
    ]);
  });

  it('gives up after a second refusal, and passes other errors on', async () => {
    const always = () => Promise.reject(preconditionError());
    await expect(
      publishWithOptions(always, buildDeviceListPublish([{ id: 1 }], 'legacy')),
    ).rejects.toThrow('conflict');
    let calls = 0;
    const forbidden = () => {
      calls++;
      return Promise.reject(Object.assign(new Error('forbidden'), { condition: 'forbidden' }));
    };
    await expect(
      publishWithOptions(forbidden, buildDeviceListPublish([{ id: 1 }], 'v2')),
    ).rejects.toThrow('forbidden');
    expect(calls).toBe(1);
  });
});
