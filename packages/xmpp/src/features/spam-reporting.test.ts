import { describe, expect, it } from 'vitest';
import {
  MAX_REPORTED_MESSAGES,
  buildBlockWithReport,
  buildReport,
  supportsReporting,
} from './spam-reporting.js';

describe('XEP-0377 spam reports', () => {
  it('puts the report with its stanza-ids and text inside the block item', () => {
    const iq = buildBlockWithReport('Spammer@Example.net', {
      reason: 'spam',
      messages: [{ id: '28482-98726-73623', by: 'juliet@capulet.com/balcony' }],
      text: '  Buy cheap watches  ',
    });
    expect(iq.toString()).toBe(
      '<iq type="set"><block xmlns="urn:xmpp:blocking"><item jid="spammer@example.net">' +
        '<report xmlns="urn:xmpp:reporting:1" reason="urn:xmpp:reporting:spam">' +
        '<stanza-id xmlns="urn:xmpp:sid:0" by="juliet@capulet.com" id="28482-98726-73623"/>' +
        '<text xml:lang="en">Buy cheap watches</text></report></item></block></iq>',
    );
  });

  it('reports abuse without messages or text, and bounds what it names', () => {
    expect(buildReport({ reason: 'abuse', text: '   ' }).toString()).toBe(
      '<report xmlns="urn:xmpp:reporting:1" reason="urn:xmpp:reporting:abuse"/>',
    );
    const many = Array.from({ length: 100 }, (_, i) => ({ id: `id${i}`, by: 'a@b.c' }));
    const report = buildReport({ reason: 'spam', messages: many, text: 'x'.repeat(10_000) });
    expect(report.getChildren('stanza-id')).toHaveLength(MAX_REPORTED_MESSAGES);
    expect(report.getChildText('text')?.length).toBe(4_096);
  });

  it('tells from disco#info whether the server takes reports', () => {
    const info = (features: string[]) => ({ identities: [], features, forms: [] });
    expect(supportsReporting(info(['urn:xmpp:blocking', 'urn:xmpp:reporting:1']))).toBe(true);
    expect(supportsReporting(info(['urn:xmpp:blocking', 'urn:xmpp:reporting:0']))).toBe(false);
    expect(supportsReporting(null)).toBe(false);
  });
});
