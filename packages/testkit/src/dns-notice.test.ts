import { describe, expect, it } from 'vitest';
import { withoutDnsNotice } from './process.js';

const NOTICE = `
**************************
Prosody was unable to find lua-unbound
This package can be obtained in the following ways:

  Debian/Ubuntu | sudo apt install lua-unbound                                  
       luarocks | luarocks install luaunbound                                   
         Source | https://www.zash.se/luaunbound.html                           

Old DNS resolver library will be used
More help can be found on our website, at https://prosody.im/doc/depends
**************************
`;

describe('withoutDnsNotice', () => {
  it('drops the lua-unbound notice a test server prints at start', () => {
    expect(withoutDnsNotice(NOTICE)).toBe('');
  });

  it('keeps every other line, errors included, also next to the notice', () => {
    const error = 'general error Failed to load module mod_invites\n';
    expect(withoutDnsNotice(error)).toBe(error);
    expect(withoutDnsNotice(NOTICE + error)).toBe(error);
    expect(withoutDnsNotice('a\nb')).toBe('a\nb');
  });
});
