import '../../test/jsdom.js';
import type { RoomNotice } from '@parley/contract';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n';
import { room } from '../../test/fixtures';
import { noticeParts, roomErrorWords, roomStateWords, summarizeNotices } from './describe';
import { RoomBanner } from './RoomBanner';
import { RoomsToolbar } from './RoomsToolbar';
import { parseComposerInput } from '../commands/parse';

afterEach(() => {
  cleanup();
  applyLanguage('en');
});

function notice(over: Partial<RoomNotice>): RoomNotice {
  return {
    accountId: 'a1',
    room: 'lounge@conference.example.org',
    kind: 'join',
    nick: 'alice',
    value: null,
    actor: null,
    reason: null,
    timestamp: 0,
    ...over,
  };
}

describe('rooms in German and Arabic', () => {
  it('words notices as whole sentences, the nicks still kept apart', () => {
    const kick = notice({ kind: 'kick', actor: 'mod', reason: 'spam' });
    expect(noticeParts(kick)).toEqual([
      { nick: 'alice' },
      ' was kicked by ',
      { nick: 'mod' },
      ': spam',
    ]);
    applyLanguage('de');
    expect(noticeParts(kick)).toEqual([
      { nick: 'alice' },
      ' wurde von ',
      { nick: 'mod' },
      ' hinausgeworfen: spam',
    ]);
    applyLanguage('ar');
    // Arabic puts the verb first and the one who acted before the one kicked.
    expect(noticeParts(kick)).toEqual(['طرد ', { nick: 'mod' }, ' ', { nick: 'alice' }, ': spam']);
  });

  it('summarises a run of notices with the language’s plurals and list', () => {
    const run = [notice({}), notice({ nick: 'bob' }), notice({ kind: 'leave' })];
    expect(summarizeNotices(run)).toBe('2 joined, 1 left');
    applyLanguage('de');
    expect(summarizeNotices([...run, notice({ kind: 'nick', value: 'al' })])).toBe(
      '2 beigetreten, 1 gegangen und 1 Spitznamenänderung',
    );
    applyLanguage('ar');
    expect(summarizeNotices([notice({}), notice({ nick: 'bob' })])).toBe('انضم اثنان');
  });

  it('explains join errors, commands and the banner in German', () => {
    applyLanguage('de');
    expect(roomErrorWords({ code: 'room-full', message: '' })).toBe('Der Raum ist voll.');
    expect(roomStateWords(room('r@muc.example.org', { state: 'left', bookmarked: false }))).toBe(
      'Du hast diesen Raum verlassen.',
    );
    expect(parseComposerInput('/frobnicate', { inRoom: true, peer: 'r@muc.example.org' })).toEqual({
      kind: 'error',
      message:
        'Es gibt keinen Befehl /frobnicate. Gib /help für die Liste ein oder //, um es als Text zu senden.',
    });
    render(<RoomBanner room={room('r@muc.example.org', { state: 'left' })} />);
    expect(screen.getByTestId('room-rejoin').textContent).toBe('Betreten');
  });

  it('names the rooms toolbar in Arabic', () => {
    applyLanguage('ar');
    render(<RoomsToolbar />);
    expect(screen.getByTestId('join-room').getAttribute('aria-label')).toBe(
      'الانضمام إلى محادثة جماعية',
    );
    expect(screen.getByTestId('browse-rooms').textContent).toBe('استعراض');
  });
});
