import type { Contact } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import { MAX_SUGGESTIONS, suggestContacts } from './contact-suggestions';

function contact(jid: string, name = ''): Contact {
  return {
    accountId: 'a',
    jid,
    name,
    groups: [],
    subscription: 'both',
    askSubscribe: false,
    show: 'offline',
    status: '',
    resources: [],
  };
}

const roster = [
  contact('bob@example.org', 'Bob Builder'),
  contact('alice@example.org', 'Alice'),
  contact('zoe@bobsleigh.example', 'Zoë'),
  contact('carol@example.net', 'Carol Bobbitt'),
  contact('dave@example.org'),
];

describe('contact suggestions for the invite field', () => {
  it('matches names and addresses, prefix matches first', () => {
    expect(suggestContacts(roster, 'bob').map((s) => s.jid)).toEqual([
      'bob@example.org',
      'carol@example.net',
      'zoe@bobsleigh.example',
    ]);
    expect(suggestContacts(roster, 'ZOE')).toEqual([{ jid: 'zoe@bobsleigh.example', name: 'Zoë' }]);
    expect(suggestContacts(roster, 'example.net').map((s) => s.jid)).toEqual(['carol@example.net']);
    // No name: the local part stands for it.
    expect(suggestContacts(roster, 'dav')).toEqual([{ jid: 'dave@example.org', name: 'dave' }]);
  });

  it('suggests nothing for an empty query, no match, or an address already complete', () => {
    expect(suggestContacts(roster, '  ')).toEqual([]);
    expect(suggestContacts(roster, 'mallory')).toEqual([]);
    expect(suggestContacts(roster, 'alice@example.org')).toEqual([]);
  });

  it('is bounded', () => {
    const many = Array.from({ length: 50 }, (_, i) => contact(`user${i}@example.org`));
    expect(suggestContacts(many, 'user')).toHaveLength(MAX_SUGGESTIONS);
  });
});
