import { describe, expect, it } from 'vitest';
import { isExternalWebUrl } from './external-url.js';

describe('isExternalWebUrl', () => {
  it('lets http and https links out', () => {
    expect(isExternalWebUrl('https://xmpp.org/extensions/')).toBe(true);
    expect(isExternalWebUrl('http://example.org')).toBe(true);
  });

  it('keeps every other scheme in', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'xmpp:alice@example.org',
      'data:text/html,<script>alert(1)</script>',
      'smb://host/share',
      'ms-msdt:/id PCWDiagnostic',
      'not a url',
      'https://',
    ]) {
      expect(isExternalWebUrl(url), url).toBe(false);
    }
  });
});
