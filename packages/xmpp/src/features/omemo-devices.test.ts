import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import { decodeBase64Strict, decodeKey, encodeBase64 } from './omemo-base64.js';
import {
  buildDeviceList,
  MAX_DEVICES,
  mergeOwnDevice,
  ownListToRepublish,
  parseDeviceList,
  parseDeviceListNotification,
  type DeviceListNotification,
} from './omemo-devices.js';
import { parseOmemoId } from './omemo-ns.js';

const el = (text: string): Element => {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad XML in test: ${text.slice(0, 200)}`);
  return parsed;
};
const sig = encodeBase64(new Uint8Array(64).fill(7));

describe('strict base64', () => {
  it('decodes canonical text, tolerating XML whitespace', () => {
    expect(decodeBase64Strict('AQID', 3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(decodeBase64Strict(' AQ\nID\t', 3)).toEqual(new Uint8Array([1, 2, 3]));
    expect(decodeBase64Strict('AQ==', 1)).toEqual(new Uint8Array([1]));
    expect(decodeBase64Strict('', 1)).toEqual(new Uint8Array([]));
  });

  it('refuses junk characters, bad padding, non-zero padding bits and oversize text', () => {
    for (const bad of ['AQI*', 'AQ=', 'AQ=A', 'A', 'AQ==AQ==', 'AR==', '-_8=', 'AQID%']) {
      expect(decodeBase64Strict(bad, 100), bad).toBeNull();
    }
    expect(decodeBase64Strict('AQID', 2)).toBeNull();
    expect(decodeBase64Strict('A'.repeat(10_000), 32)).toBeNull();
    expect(decodeKey(encodeBase64(new Uint8Array(31)), 32)).toBeNull();
    expect(decodeKey(encodeBase64(new Uint8Array(32)), 32)).toHaveLength(32);
  });
});

describe('device ids', () => {
  it('are plain decimals in 1..2^31-1', () => {
    expect(parseOmemoId('1')).toBe(1);
    expect(parseOmemoId('2147483647')).toBe(2147483647);
    for (const bad of ['0', '2147483648', '-1', '+5', '05', ' 5', '5 ', '1e3', '0x10', '', 'a']) {
      expect(parseOmemoId(bad), bad).toBeNull();
    }
    expect(parseOmemoId(undefined)).toBeNull();
  });
});

describe('device lists', () => {
  it('reads a legacy list, skipping invalid and repeated ids', () => {
    const list = el(
      `<list xmlns='eu.siacs.conversations.axolotl'><device id='12'/><device id='0'/>` +
        `<device id='x'/><device id='12'/><device id='99'/><device/></list>`,
    );
    expect(parseDeviceList(list, 'legacy')).toEqual([{ id: 12 }, { id: 99 }]);
    expect(parseDeviceList(list, 'v2')).toBeNull();
  });

  it('reads OMEMO 2 labels only with a well-formed signature', () => {
    const devices = el(
      `<devices xmlns='urn:xmpp:omemo:2'><device id='1' label='Phone' labelsig='${sig}'/>` +
        `<device id='2' label='unsigned'/><device id='3' label='x' labelsig='AAAA'/>` +
        `<device id='4' label='${'L'.repeat(300)}' labelsig='${sig}'/></devices>`,
    );
    const parsed = parseDeviceList(devices, 'v2');
    expect(parsed?.map((d) => [d.id, d.label?.text ?? null])).toEqual([
      [1, 'Phone'],
      [2, null],
      [3, null],
      [4, null],
    ]);
    expect(parsed?.[0]?.label?.signature).toEqual(new Uint8Array(64).fill(7));
    expect(parseDeviceList(el(`<devices xmlns='urn:xmpp:omemo:2'/>`), 'v2')).toEqual([]);
  });

  it('reads at most MAX_DEVICES devices', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `<device id='${i + 1}'/>`).join('');
    const list = el(`<list xmlns='eu.siacs.conversations.axolotl'>${many}</list>`);
    expect(parseDeviceList(list, 'legacy')).toHaveLength(MAX_DEVICES);
  });

  it('builds what it reads, in both versions', () => {
    const devices = [{ id: 5 }, { id: 7, label: { text: 'Desk', signature: new Uint8Array(64) } }];
    const legacy = buildDeviceList(devices, 'legacy');
    expect(legacy.toString()).toBe(
      `<list xmlns="eu.siacs.conversations.axolotl"><device id="5"/><device id="7"/></list>`,
    );
    expect(parseDeviceList(el(legacy.toString()), 'legacy')).toEqual([{ id: 5 }, { id: 7 }]);
    expect(parseDeviceList(el(buildDeviceList(devices, 'v2').toString()), 'v2')).toEqual(devices);
    expect(() => buildDeviceList([{ id: 0 }], 'v2')).toThrow(RangeError);
  });

  it('merging adds our device and never drops another', () => {
    const others = [{ id: 1 }, { id: 2 }];
    expect(mergeOwnDevice(others, { id: 3 })).toEqual({
      devices: [{ id: 1 }, { id: 2 }, { id: 3 }],
      changed: true,
    });
    expect(mergeOwnDevice([...others, { id: 3 }], { id: 3 }).changed).toBe(false);
    expect(mergeOwnDevice([], { id: 3 }).devices).toEqual([{ id: 3 }]);
    const labelled = { id: 2, label: { text: 'New name', signature: new Uint8Array(64) } };
    expect(mergeOwnDevice(others, labelled)).toEqual({
      devices: [{ id: 1 }, labelled],
      changed: true,
    });
  });
});

function notification(from: string | null, node: string, list: string): Element {
  return el(
    `<message ${from === null ? '' : `from='${from}'`} to='alice@localhost/desk' type='headline'>` +
      `<event xmlns='http://jabber.org/protocol/pubsub#event'><items node='${node}'>` +
      `<item id='current'>${list}</item></items></event></message>`,
  );
}
const LEGACY_NODE = 'eu.siacs.conversations.axolotl.devicelist';
const legacyList = (ids: number[]) =>
  `<list xmlns='eu.siacs.conversations.axolotl'>${ids.map((i) => `<device id='${i}'/>`).join('')}</list>`;

describe('device-list notifications', () => {
  it("reads a contact's list and our own, both namespaces", () => {
    expect(
      parseDeviceListNotification(
        notification('bob@localhost', LEGACY_NODE, legacyList([4, 5])),
        'alice@localhost',
      ),
    ).toEqual({
      version: 'legacy',
      jid: 'bob@localhost',
      own: false,
      devices: [{ id: 4 }, { id: 5 }],
    });
    const v2 = notification(
      'alice@localhost',
      'urn:xmpp:omemo:2:devices',
      `<devices xmlns='urn:xmpp:omemo:2'><device id='9'/></devices>`,
    );
    expect(parseDeviceListNotification(v2, 'alice@localhost')).toEqual({
      version: 'v2',
      jid: 'alice@localhost',
      own: true,
      devices: [{ id: 9 }],
    });
    // No from: our own server on behalf of our account.
    const noFrom = notification(null, LEGACY_NODE, legacyList([1]));
    expect(parseDeviceListNotification(noFrom, 'alice@localhost/desk')).toMatchObject({
      jid: 'alice@localhost',
      own: true,
    });
  });

  it('refuses one from a full JID or a bare domain: PEP notifies from the bare account', () => {
    for (const from of [
      'alice@localhost/evil',
      'bob@localhost/desk',
      'localhost',
      'evil.example',
    ]) {
      const forged = notification(from, LEGACY_NODE, legacyList([666]));
      expect(parseDeviceListNotification(forged, 'alice@localhost'), from).toEqual({
        rejected: 'device list not sent by its owner',
      });
    }
  });

  it('a list from someone else is never taken for ours, so it triggers no republish', () => {
    const fromBob = parseDeviceListNotification(
      notification('bob@localhost', LEGACY_NODE, legacyList([666])),
      'alice@localhost',
    ) as DeviceListNotification;
    expect(fromBob.own).toBe(false);
    expect(ownListToRepublish(fromBob, { id: 42 })).toBeNull();
  });

  it('our own list without our device is republished with it, others kept', () => {
    const ours = parseDeviceListNotification(
      notification('alice@localhost', LEGACY_NODE, legacyList([7])),
      'alice@localhost',
    ) as DeviceListNotification;
    expect(ownListToRepublish(ours, { id: 42 })).toEqual([{ id: 7 }, { id: 42 }]);
    const withUs = parseDeviceListNotification(
      notification('alice@localhost', LEGACY_NODE, legacyList([7, 42])),
      'alice@localhost',
    ) as DeviceListNotification;
    expect(ownListToRepublish(withUs, { id: 42 })).toBeNull();
  });

  it('ignores other events and reads a purge as an empty list', () => {
    expect(
      parseDeviceListNotification(
        notification('bob@localhost', 'urn:xmpp:bookmarks:1', '<x/>'),
        'alice@localhost',
      ),
    ).toBeNull();
    const purge = el(
      `<message from='bob@localhost'><event xmlns='http://jabber.org/protocol/pubsub#event'>` +
        `<purge node='${LEGACY_NODE}'/></event></message>`,
    );
    expect(parseDeviceListNotification(purge, 'alice@localhost')).toMatchObject({ devices: [] });
    const garbage = notification('bob@localhost', LEGACY_NODE, '<list xmlns="other"/>');
    expect(parseDeviceListNotification(garbage, 'alice@localhost')).toEqual({
      rejected: 'device list malformed',
    });
  });
});
