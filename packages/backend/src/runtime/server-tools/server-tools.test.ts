import { describe, expect, it, vi } from 'vitest';
import { NS_COMMANDS, SessionError, xml, type Element } from '@parley/xmpp';
import { AdhocRuns } from './adhoc-runs.js';
import { MAX_CONSOLE_ENTRIES, XmlConsoles } from './xml-console.js';
import { iqFailure } from './iq-words.js';

type Tap = ((direction: 'in' | 'out', el: Element) => void) | null;

function fakeSession() {
  const state: { tap: Tap } = { tap: null };
  return { state, setTap: (tap: Tap) => void (state.tap = tap) };
}

describe('XmlConsoles', () => {
  it('taps only while open, keeps a bounded ring and reports dropped entries', () => {
    const consoles = new XmlConsoles(60_000);
    const session = fakeSession();
    consoles.start('a', session);
    expect(session.state.tap).not.toBeNull();
    for (let i = 0; i < MAX_CONSOLE_ENTRIES + 10; i++) {
      session.state.tap?.('in', xml('message', { id: String(i) }));
    }
    const read = consoles.read('a', session, -1);
    expect(read.entries.length).toBe(MAX_CONSOLE_ENTRIES);
    expect(read.dropped).toBe(true);
    expect(read.entries[0]?.seq).toBe(10);
    const later = consoles.read('a', session, read.entries.at(-1)!.seq);
    expect(later).toEqual({ entries: [], dropped: false });
    consoles.stop('a');
    expect(session.state.tap).toBeNull();
    expect(consoles.read('a', session, -1).entries).toEqual([]);
  });

  it('follows a new session and closes itself when nobody reads', () => {
    vi.useFakeTimers();
    try {
      const consoles = new XmlConsoles(1000);
      const first = fakeSession();
      const second = fakeSession();
      consoles.start('a', first);
      consoles.read('a', second, -1);
      expect(first.state.tap).toBeNull();
      expect(second.state.tap).not.toBeNull();
      vi.advanceTimersByTime(1500);
      expect(consoles.isOpen('a')).toBe(false);
      expect(second.state.tap).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('AdhocRuns', () => {
  const answer = (attrs: Record<string, string>, ...children: Element[]) =>
    xml(
      'iq',
      { type: 'result', id: '1' },
      xml('command', { xmlns: NS_COMMANDS, ...attrs }, ...children),
    );

  it('refuses an answer for another session and forgets the run', async () => {
    const runs = new AdhocRuns();
    const iq = vi
      .fn<(el: Element) => Promise<Element>>()
      .mockResolvedValueOnce(answer({ node: 'n', sessionid: 's1', status: 'executing' }))
      .mockResolvedValueOnce(answer({ node: 'n', sessionid: 'other', status: 'executing' }));
    const session = { iq };
    const first = await runs.execute(session, 'a', 'localhost', 'n');
    expect(first.sessionId).toBe('s1');
    await expect(runs.step(session, 'a', 's1', 'complete', {})).rejects.toThrow(
      /another command session/u,
    );
    await expect(runs.step(session, 'a', 's1', 'complete', {})).rejects.toThrow(
      /no longer running/u,
    );
  });

  it('refuses an answer for another command node', async () => {
    const runs = new AdhocRuns();
    const session = {
      iq: async () => answer({ node: 'evil', sessionid: 's', status: 'executing' }),
    };
    await expect(runs.execute(session, 'a', 'localhost', 'n')).rejects.toThrow(/another command/u);
  });

  it('sends cancel for a running command and forgets it', async () => {
    const runs = new AdhocRuns();
    const sent: Element[] = [];
    const session = {
      iq: async (el: Element) => {
        sent.push(el);
        return answer({
          node: 'n',
          sessionid: 's',
          status: sent.length === 1 ? 'executing' : 'canceled',
        });
      },
    };
    await runs.execute(session, 'a', 'localhost', 'n');
    await runs.cancel(session, 'a', 's');
    expect(sent[1]?.getChild('command', NS_COMMANDS)?.attrs).toMatchObject({
      action: 'cancel',
      sessionid: 's',
    });
    await expect(runs.step(session, 'a', 's', 'next', {})).rejects.toThrow(/no longer running/u);
  });
});

describe('iqFailure', () => {
  it('names the condition in words', () => {
    const error = new SessionError('stanza-error', 'iq x failed: forbidden (no)', {
      condition: 'forbidden',
    });
    expect(iqFailure('Running x', error)).toBe(
      'Running x was refused: not allowed for this account (forbidden: no)',
    );
    expect(iqFailure('Running x', new SessionError('timeout', 't'))).toBe(
      'Running x got no answer in time',
    );
  });
});
