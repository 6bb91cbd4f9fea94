import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NS_PING, SessionError, type Element, type Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { testScope } from '../../test-support/scope.js';
import { ArchivePages } from '../archive-pages.js';
import { MessagePipeline } from '../message-pipeline.js';
import { Rooms } from './rooms.js';
import { SelfPing } from './self-ping.js';

const INTERVAL = 60_000;
const ROOM = 'lounge@muc.example.org';
const QUIET = 'quiet@muc.example.org';

let temp: TempStore;
let rooms: Rooms;
let join: ReturnType<typeof vi.fn>;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a'));
  const scope = testScope(temp.store, 'a', 'a@example.org');
  const pipeline = new MessagePipeline(scope);
  rooms = new Rooms(scope, pipeline, new ArchivePages(scope, pipeline));
  join = vi.fn(() => Promise.resolve(rooms.view(ROOM)));
  rooms.join = join as unknown as Rooms['join'];
});
afterEach(() => temp.dispose());

/** A room we are in (per the store and live state), last heard from `quietFor` ms ago. */
function inRoom(room: string, nick: string, quietFor: number, password: string | null = null) {
  temp.store.rooms.upsert('a', room, { nick }, { nick, password, joined: true });
  const live = rooms.liveRoom(room);
  live.state = 'joined';
  live.lastActivity = Date.now() - quietFor;
  return live;
}

type Answer = () => Promise<Element>;

/** Only what a round uses of a session: its state and iq(), answered per addressee. */
function fakeSession(answers: Record<string, Answer>) {
  const sent: Element[] = [];
  const session = {
    state: 'online',
    iq: vi.fn((el: Element) => {
      sent.push(el);
      const answer = answers[String(el.attrs.to)];
      return answer ? answer() : Promise.reject(new Error(`unexpected iq to ${el.attrs.to}`));
    }),
  };
  return { session, asSession: session as unknown as Session, sent };
}

const result: Answer = () => Promise.resolve({} as Element);
const stanzaError =
  (condition: string): Answer =>
  () =>
    Promise.reject(new SessionError('stanza-error', `ping failed: ${condition}`, { condition }));
const failure =
  (code: 'timeout' | 'not-connected' | 'session-lost'): Answer =>
  () =>
    Promise.reject(new SessionError(code, code));

describe('SelfPing.round', () => {
  it('pings a quiet joined room through our occupant JID; a result means we stay', async () => {
    const live = inRoom(ROOM, 'me', INTERVAL + 1);
    const { asSession, sent } = fakeSession({ [`${ROOM}/me`]: result });
    const before = live.lastActivity;
    expect(await new SelfPing(rooms, INTERVAL).round(asSession)).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.attrs).toMatchObject({ type: 'get', to: `${ROOM}/me` });
    expect(sent[0]?.getChild('ping', NS_PING)).toBeDefined();
    expect(join).not.toHaveBeenCalled();
    // Heard from: the next ping waits a full interval.
    expect(live.lastActivity).toBeGreaterThan(before);
    expect(live.state).toBe('joined');
  });

  it('rejoins with the stored nick and password when the room says not-acceptable', async () => {
    inRoom(ROOM, 'me', INTERVAL + 1, 's3cret');
    const { asSession } = fakeSession({ [`${ROOM}/me`]: stanzaError('not-acceptable') });
    expect(await new SelfPing(rooms, INTERVAL).round(asSession)).toEqual([ROOM]);
    expect(join).toHaveBeenCalledTimes(1);
    expect(join).toHaveBeenCalledWith(asSession, ROOM, 'me', { password: 's3cret' });
  });

  it.each(['service-unavailable', 'feature-not-implemented', 'item-not-found'])(
    '%s still means joined: no rejoin',
    async (condition) => {
      inRoom(ROOM, 'me', INTERVAL + 1);
      const { asSession } = fakeSession({ [`${ROOM}/me`]: stanzaError(condition) });
      expect(await new SelfPing(rooms, INTERVAL).round(asSession)).toEqual([]);
      expect(join).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['a timeout', failure('timeout')],
    ['remote-server-not-found', stanzaError('remote-server-not-found')],
    ['remote-server-timeout', stanzaError('remote-server-timeout')],
    ['an iq that could not be sent', failure('not-connected')],
    ['a lost session', failure('session-lost')],
  ])('%s is no verdict: no rejoin, and the room is pinged again later', async (_, answer) => {
    const live = inRoom(ROOM, 'me', INTERVAL + 1);
    const quietSince = live.lastActivity;
    const { asSession } = fakeSession({ [`${ROOM}/me`]: answer });
    expect(await new SelfPing(rooms, INTERVAL).round(asSession)).toEqual([]);
    expect(join).not.toHaveBeenCalled();
    expect(live.lastActivity).toBe(quietSince);
  });

  it('leaves alone rooms that talked recently and rooms we are not in', async () => {
    inRoom(ROOM, 'me', 1_000);
    inRoom('joining@muc.example.org', 'me', INTERVAL + 1).state = 'joining';
    inRoom('failed@muc.example.org', 'me', INTERVAL + 1).state = 'error';
    inRoom('left@muc.example.org', 'me', INTERVAL + 1).state = 'left';
    // Live but with no record (forgotten meanwhile): nothing to ping with.
    const orphan = rooms.liveRoom('orphan@muc.example.org');
    orphan.state = 'joined';
    inRoom(QUIET, 'q', INTERVAL + 1);
    const { asSession, sent } = fakeSession({ [`${QUIET}/q`]: result });
    await new SelfPing(rooms, INTERVAL).round(asSession);
    expect(sent.map((el) => el.attrs.to)).toEqual([`${QUIET}/q`]);
  });

  it('does nothing while the session is not online', async () => {
    inRoom(ROOM, 'me', INTERVAL + 1);
    const { session, asSession } = fakeSession({ [`${ROOM}/me`]: result });
    session.state = 'connecting';
    expect(await new SelfPing(rooms, INTERVAL).round(asSession)).toEqual([]);
    expect(session.iq).not.toHaveBeenCalled();
  });

  it('does not rejoin when the session went down while the ping was out', async () => {
    inRoom(ROOM, 'me', INTERVAL + 1);
    const fake = fakeSession({
      [`${ROOM}/me`]: () => {
        fake.session.state = 'disconnected';
        return stanzaError('not-acceptable')();
      },
    });
    expect(await new SelfPing(rooms, INTERVAL).round(fake.asSession)).toEqual([]);
    expect(join).not.toHaveBeenCalled();
  });

  it('runs one round at a time', async () => {
    inRoom(ROOM, 'me', INTERVAL + 1);
    const hanging: { answer?: (el: Element) => void } = {};
    const { session, asSession } = fakeSession({
      // The first ping hangs until answered below; later ones answer at once.
      [`${ROOM}/me`]: () =>
        hanging.answer ? result() : new Promise<Element>((resolve) => (hanging.answer = resolve)),
    });
    const selfPing = new SelfPing(rooms, INTERVAL);
    const first = selfPing.round(asSession);
    expect(await selfPing.round(asSession)).toEqual([]);
    expect(session.iq).toHaveBeenCalledTimes(1);
    hanging.answer?.({} as Element);
    await first;
    // Answered: the room is fresh, so the next round has nothing to do until it goes quiet.
    await selfPing.round(asSession);
    expect(session.iq).toHaveBeenCalledTimes(1);
    rooms.live.get(ROOM)!.lastActivity = 0;
    await selfPing.round(asSession);
    expect(session.iq).toHaveBeenCalledTimes(2);
  });

  it('a failed rejoin does not end the round nor leave it stuck', async () => {
    inRoom(ROOM, 'me', INTERVAL + 1);
    inRoom(QUIET, 'q', INTERVAL + 1);
    join.mockImplementation(() => Promise.reject(new SessionError('not-connected', 'gone')));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { asSession, sent } = fakeSession({
      [`${ROOM}/me`]: stanzaError('not-acceptable'),
      [`${QUIET}/q`]: stanzaError('not-acceptable'),
    });
    const selfPing = new SelfPing(rooms, INTERVAL);
    await expect(selfPing.round(asSession)).resolves.toEqual([ROOM, QUIET]);
    expect(sent).toHaveLength(2);
    expect(join).toHaveBeenCalledTimes(2);
    // Not stuck "running": the next round pings again.
    await selfPing.round(asSession);
    expect(sent).toHaveLength(4);
    warn.mockRestore();
  });
});

describe('SelfPing timer', () => {
  it('pings on its own once started, and not after stop()', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      inRoom(ROOM, 'me', INTERVAL + 1);
      const { session, asSession } = fakeSession({ [`${ROOM}/me`]: result });
      const selfPing = new SelfPing(rooms, INTERVAL);
      selfPing.start(asSession);
      await vi.advanceTimersByTimeAsync(INTERVAL / 2);
      expect(session.iq).toHaveBeenCalledTimes(1);
      selfPing.stop();
      rooms.live.get(ROOM)!.lastActivity = 0;
      await vi.advanceTimersByTimeAsync(INTERVAL * 2);
      expect(session.iq).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
