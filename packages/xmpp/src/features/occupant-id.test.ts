import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { NS_OCCUPANT_ID, parseOccupantId } from './occupant-id.js';

describe('XEP-0421 occupant-id', () => {
  it('reads the id in its namespace only', () => {
    const el = (ns: string, id?: string) =>
      xml('message', {}, xml('occupant-id', { xmlns: ns, ...(id !== undefined ? { id } : {}) }));
    expect(parseOccupantId(el(NS_OCCUPANT_ID, 'abc='))).toBe('abc=');
    expect(parseOccupantId(el('urn:xmpp:occupant-id:1', 'abc='))).toBeNull();
    expect(parseOccupantId(el(NS_OCCUPANT_ID, ''))).toBeNull();
    expect(parseOccupantId(el(NS_OCCUPANT_ID))).toBeNull();
    expect(parseOccupantId(xml('message', {}))).toBeNull();
  });
});
