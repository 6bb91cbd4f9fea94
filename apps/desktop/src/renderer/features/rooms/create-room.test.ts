import { describe, expect, it } from 'vitest';
import type { DataForm } from '@parley/contract';
import { presetValues, roomSlug } from './create-room';

const field = (v: string, type: string, values: string[]) => ({
  var: v,
  type,
  label: v,
  values,
  options: [],
  required: false,
  desc: '',
});

const PROSODY_LIKE = {
  title: 'Configuration',
  instructions: '',
  fields: [
    field('FORM_TYPE', 'hidden', ['http://jabber.org/protocol/muc#roomconfig']),
    field('muc#roomconfig_roomname', 'text-single', []),
    field('muc#roomconfig_publicroom', 'boolean', ['1']),
    field('muc#roomconfig_persistentroom', 'boolean', ['0']),
    field('muc#roomconfig_membersonly', 'boolean', ['0']),
    field('muc#roomconfig_whois', 'list-single', ['moderators']),
    field('muc#roomconfig_moderatedroom', 'boolean', ['0']),
  ],
} as unknown as DataForm;

describe('creating a group chat', () => {
  it('suggests an address from the name', () => {
    expect(roomSlug('Café Crème!')).toBe('cafe-creme');
    expect(roomSlug('  Team   Sync 2026 ')).toBe('team-sync-2026');
    expect(roomSlug('日本')).toBe('');
    expect(roomSlug('x'.repeat(100)).length).toBeLessThanOrEqual(48);
  });

  it('private: members-only, non-anonymous, persistent, not listed; named', () => {
    const v = presetValues(PROSODY_LIKE, 'private', ' Book club ');
    expect(v).toMatchObject({
      'muc#roomconfig_publicroom': ['0'],
      'muc#roomconfig_membersonly': ['1'],
      'muc#roomconfig_persistentroom': ['1'],
      'muc#roomconfig_whois': ['anyone'],
      'muc#roomconfig_roomname': ['Book club'],
      // The rest as the server proposed, FORM_TYPE included.
      'muc#roomconfig_moderatedroom': ['0'],
      FORM_TYPE: ['http://jabber.org/protocol/muc#roomconfig'],
    });
  });

  it('public: listed, open, persistent, anonymity as the server proposed', () => {
    expect(presetValues(PROSODY_LIKE, 'public', 'Lobby')).toMatchObject({
      'muc#roomconfig_publicroom': ['1'],
      'muc#roomconfig_membersonly': ['0'],
      'muc#roomconfig_persistentroom': ['1'],
      'muc#roomconfig_whois': ['moderators'],
    });
  });

  it('refuses in words when the service cannot make the promised kind of room', () => {
    const bare = {
      ...PROSODY_LIKE,
      fields: PROSODY_LIKE.fields.filter((f) => f.var !== 'muc#roomconfig_whois'),
    };
    expect(() => presetValues(bare, 'private', 'x')).toThrow(/muc#roomconfig_whois/u);
    expect(presetValues(bare, 'public', 'x')['muc#roomconfig_publicroom']).toEqual(['1']);
  });
});
