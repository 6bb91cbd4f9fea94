import type { MucAffiliation, MucRole } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import { occupant, room } from '../../test/fixtures';
import {
  actionId,
  actionTarget,
  editableLists,
  occupantActions,
  type Actor,
  type ModerationAction,
} from './moderation';

const me = (role: MucRole, affiliation: MucAffiliation): Actor => ({
  nick: 'me',
  role,
  affiliation,
});
const ids = (actor: Actor, role: MucRole, affiliation: MucAffiliation, jid = 'x@example.org') =>
  occupantActions(actor, occupant('them', { role, affiliation, jid })).map(actionId);

describe('occupantActions', () => {
  it('offers nothing to a plain participant, nor on ourselves', () => {
    expect(ids(me('participant', 'none'), 'participant', 'none')).toEqual([]);
    expect(ids(me('participant', 'member'), 'visitor', 'none')).toEqual([]);
    expect(
      occupantActions(me('moderator', 'owner'), occupant('me', { affiliation: 'owner' })),
    ).toEqual([]);
  });

  it('lets a moderator kick and devoice users below their affiliation only', () => {
    const mod = me('moderator', 'member');
    expect(ids(mod, 'participant', 'none')).toEqual(['kick', 'voice-revoke']);
    expect(ids(mod, 'visitor', 'none')).toEqual(['kick', 'voice']);
    // Same affiliation: kick yes (§8.2 only protects higher ones), voice no (§8.4 "at or above").
    expect(ids(mod, 'participant', 'member')).toEqual(['kick']);
    expect(ids(mod, 'moderator', 'admin')).toEqual([]);
    expect(ids(mod, 'moderator', 'owner')).toEqual([]);
  });

  it('lets an admin moderate, ban and manage members below admin', () => {
    const admin = me('moderator', 'admin');
    expect(ids(admin, 'participant', 'member')).toEqual([
      'kick',
      'voice-revoke',
      'moderator',
      'ban',
      'affiliation-none',
    ]);
    expect(ids(admin, 'participant', 'none')).toEqual([
      'kick',
      'voice-revoke',
      'moderator',
      'ban',
      'affiliation-member',
    ]);
    expect(ids(admin, 'moderator', 'none')).toEqual([
      'kick',
      'moderator-revoke',
      'ban',
      'affiliation-member',
    ]);
    // Another admin: kickable (same level) but not devoiced, demoted or banned by an admin.
    expect(ids(admin, 'moderator', 'admin')).toEqual(['kick']);
    expect(ids(admin, 'moderator', 'owner')).toEqual([]);
  });

  it('lets an owner change every affiliation, and never revoke an admin’s voice or moderation', () => {
    const owner = me('moderator', 'owner');
    expect(ids(owner, 'moderator', 'admin')).toEqual([
      'kick',
      'ban',
      'affiliation-member',
      'affiliation-owner',
      'affiliation-none',
    ]);
    expect(ids(owner, 'participant', 'none')).toEqual([
      'kick',
      'voice-revoke',
      'moderator',
      'ban',
      'affiliation-member',
      'affiliation-admin',
      'affiliation-owner',
    ]);
  });

  it('needs the real JID for bans and affiliations', () => {
    const owner = me('moderator', 'owner');
    const anonymous = occupantActions(owner, occupant('them', { jid: null }));
    expect(anonymous.map(actionId)).toEqual(['kick', 'voice-revoke', 'moderator']);
  });

  it('maps actions to the role or affiliation they set', () => {
    const cases: [ModerationAction, unknown][] = [
      [{ kind: 'kick' }, { role: 'none' }],
      [{ kind: 'voice', grant: true }, { role: 'participant' }],
      [{ kind: 'voice', grant: false }, { role: 'visitor' }],
      [{ kind: 'moderator', grant: true }, { role: 'moderator' }],
      [{ kind: 'moderator', grant: false }, { role: 'participant' }],
      [{ kind: 'ban' }, { affiliation: 'outcast' }],
      [{ kind: 'affiliation', affiliation: 'none' }, { affiliation: 'none' }],
    ];
    for (const [action, expected] of cases) expect(actionTarget(action)).toEqual(expected);
  });
});

describe('editableLists', () => {
  it('gives admins the member and ban lists and owners all of them', () => {
    expect(editableLists(room('r@x', { ownAffiliation: 'member' }))).toEqual([]);
    expect(editableLists(room('r@x', { ownAffiliation: 'admin' }))).toEqual(['member', 'outcast']);
    expect(editableLists(room('r@x', { ownAffiliation: 'owner' }))).toHaveLength(4);
  });
});
