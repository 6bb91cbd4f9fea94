import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { jid, parseXml } from '../stanza.js';
import { buildReceipt, parseReceipt } from './receipts.js';

describe('XEP-0184 receipts', () => {
  it('reads a request on a message with an id', () => {
    const msg =
      parseXml(`<message xmlns='jabber:client' from='northumberland@shakespeare.lit/westminster'
      id='richard2-4.1.247' to='kingrichard@royalty.england.lit/throne'>
      <body>My lord, dispatch; read o'er these articles.</body><request xmlns='urn:xmpp:receipts'/></message>`)!;
    expect(parseReceipt(msg)).toEqual({ requested: true, receivedId: null });
  });

  it('never asks us to answer id-less, error or groupchat messages', () => {
    const request = () => xml('request', { xmlns: 'urn:xmpp:receipts' });
    expect(parseReceipt(xml('message', {}, request()))).toEqual({
      requested: false,
      receivedId: null,
    });
    expect(parseReceipt(xml('message', { id: 'a', type: 'error' }, request())).requested).toBe(
      false,
    );
    expect(parseReceipt(xml('message', { id: 'a', type: 'groupchat' }, request())).requested).toBe(
      false,
    );
    expect(
      parseReceipt(xml('message', { id: 'a' }, xml('request', { xmlns: 'urn:xmpp:receipts:1' })))
        .requested,
    ).toBe(false);
  });

  it('reads a receipt, ignoring one without a usable id', () => {
    expect(
      parseReceipt(
        xml('message', {}, xml('received', { xmlns: 'urn:xmpp:receipts', id: 'richard2-4.1.247' })),
      ).receivedId,
    ).toBe('richard2-4.1.247');
    expect(
      parseReceipt(xml('message', {}, xml('received', { xmlns: 'urn:xmpp:receipts' }))).receivedId,
    ).toBeNull();
    expect(
      parseReceipt(
        xml('message', {}, xml('received', { xmlns: 'urn:xmpp:receipts', id: 'x'.repeat(1000) })),
      ).receivedId,
    ).toBeNull();
  });

  it('builds a receipt that round-trips', () => {
    const receipt = buildReceipt(
      'Northumberland@shakespeare.lit/westminster',
      'richard2-4.1.247',
      'r-1',
    );
    expect(receipt.toString()).toBe(
      '<message to="northumberland@shakespeare.lit/westminster" type="chat" id="r-1">' +
        '<received xmlns="urn:xmpp:receipts" id="richard2-4.1.247"/><store xmlns="urn:xmpp:hints"/></message>',
    );
    expect(parseReceipt(receipt).receivedId).toBe('richard2-4.1.247');
    const generated = buildReceipt(jid('a@b/c'), 'x');
    expect(generated.attrs.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
