import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { buildVersionResponse, isVersionRequest } from './version.js';

describe('XEP-0092 version', () => {
  it('answers with name and version, no OS', () => {
    const request = xml(
      'iq',
      { type: 'get', id: 'v1', from: 'romeo@montague.lit/orchard' },
      xml('query', { xmlns: 'jabber:iq:version' }),
    );
    expect(isVersionRequest(request)).toBe(true);
    expect(buildVersionResponse(request, '1.2.3')?.toString()).toBe(
      '<iq type="result" to="romeo@montague.lit/orchard" id="v1"><query xmlns="jabber:iq:version">' +
        '<name>Parley</name><version>1.2.3</version></query></iq>',
    );
  });

  it('ignores anything else', () => {
    expect(
      buildVersionResponse(
        xml('iq', { type: 'set', id: 'v' }, xml('query', { xmlns: 'jabber:iq:version' })),
        '1',
      ),
    ).toBeNull();
    expect(
      buildVersionResponse(
        xml('iq', { type: 'get', id: 'v' }, xml('query', { xmlns: 'jabber:iq:roster' })),
        '1',
      ),
    ).toBeNull();
  });
});
