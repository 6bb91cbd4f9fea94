import { describe, expect, it } from 'vitest';
import { jid, parseXml } from '../stanza.js';
import {
  buildCredentialsQuery,
  buildServicesQuery,
  parseServices,
  servicesNeedingCredentials,
} from './extdisco.js';

const own = jid('juliet@shakespeare.lit');

// XEP-0215 Example 2, as Prosody's mod_external_services answers (credentials inline).
const RESULT = `<iq from='shakespeare.lit' id='ul2bc7y6' type='result'>
  <services xmlns='urn:xmpp:extdisco:2'>
    <service host='stun.shakespeare.lit' port='9998' transport='udp' type='stun'/>
    <service expires='2026-12-07T00:00:00Z' host='turn.shakespeare.lit' password='pw/b64=' port='3478' restricted='1' transport='udp' type='turn' username='1765000000:juliet'/>
    <service host='::1' port='3478' type='turn' transport='tcp' restricted='1'/>
    <service host='upload.shakespeare.lit' type='http'/>
    <service host='bad host' port='1' type='stun'/>
  </services>
</iq>`;

describe('XEP-0215 external services', () => {
  it('asks our server', () => {
    expect(buildServicesQuery('shakespeare.lit').toString()).toBe(
      '<iq type="get" to="shakespeare.lit"><services xmlns="urn:xmpp:extdisco:2"/></iq>',
    );
    expect(buildCredentialsQuery('s.lit', 'turn.s.lit', 'turn').toString()).toBe(
      '<iq type="get" to="s.lit"><credentials xmlns="urn:xmpp:extdisco:2">' +
        '<service host="turn.s.lit" type="turn"/></credentials></iq>',
    );
  });

  it('turns STUN and TURN services into ICE servers, the rest left out', () => {
    const iq = parseXml(RESULT)!;
    expect(parseServices(iq, own)).toEqual([
      { urls: ['stun:stun.shakespeare.lit:9998'], expiresAt: null },
      {
        urls: ['turn:turn.shakespeare.lit:3478?transport=udp'],
        username: '1765000000:juliet',
        credential: 'pw/b64=',
        expiresAt: Date.parse('2026-12-07T00:00:00Z'),
      },
      { urls: ['turn:[::1]:3478?transport=tcp'], expiresAt: null },
    ]);
    expect(servicesNeedingCredentials(iq)).toEqual([{ host: '::1', type: 'turn' }]);
  });

  it('takes the answer only from our own server', () => {
    const forged = parseXml(RESULT.replace("from='shakespeare.lit'", "from='evil.example'"))!;
    expect(parseServices(forged, own)).toBeNull();
    const error = parseXml(RESULT.replace("type='result'", "type='error'"))!;
    expect(parseServices(error, own)).toBeNull();
  });
});
