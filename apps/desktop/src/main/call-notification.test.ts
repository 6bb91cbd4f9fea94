import type { CallNotice, DesktopAction } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import { CallNotices } from './call-notification.js';
import { FakeNotice } from './test-support/fake-electron.js';

function setUp() {
  const made: FakeNotice[] = [];
  const actions: DesktopAction[] = [];
  let shown = 0;
  const notices = new CallNotices(
    (options) => {
      const n = new FakeNotice(options);
      made.push(n);
      return n;
    },
    (a) => actions.push(a),
    () => shown++,
  );
  return { notices, made, actions, shown: () => shown };
}

const notice = (callId = 'c1'): CallNotice => ({
  accountId: 'a1',
  callId,
  title: 'Incoming call',
  body: 'Ada is calling',
  answer: 'Answer',
  decline: 'Decline',
});

describe('the incoming-call notification', () => {
  it('shows Answer and Decline and stays until answered', () => {
    const { notices, made } = setUp();
    notices.set(notice());
    expect(made).toHaveLength(1);
    expect(made[0]!.shown).toBe(true);
    expect(made[0]!.options).toMatchObject({
      title: 'Incoming call',
      body: 'Ada is calling',
      actions: [
        { type: 'button', text: 'Answer' },
        { type: 'button', text: 'Decline' },
      ],
      timeoutType: 'never',
    });
  });

  it('Answer brings the window and tells the renderer to answer; the notice goes', () => {
    const { notices, made, actions, shown } = setUp();
    notices.set(notice());
    made[0]!.fire('action', 0);
    expect(actions).toEqual([{ kind: 'call', accountId: 'a1', callId: 'c1', answer: true }]);
    expect(shown()).toBe(1);
    expect(made[0]!.closed).toBe(true);
    // A second press (the system may repeat it) does nothing more.
    made[0]!.fire('action', 0);
    expect(actions).toHaveLength(1);
  });

  it('Decline declines without opening the window', () => {
    const { notices, made, actions, shown } = setUp();
    notices.set(notice());
    made[0]!.fire('action', 1);
    expect(actions).toEqual([{ kind: 'call', accountId: 'a1', callId: 'c1', answer: false }]);
    expect(shown()).toBe(0);
  });

  it('a click only brings the window (its dialog answers); an unknown button does nothing', () => {
    const { notices, made, actions, shown } = setUp();
    notices.set(notice());
    made[0]!.fire('action', 7);
    made[0]!.fire('click');
    expect(actions).toEqual([]);
    expect(shown()).toBe(1);
  });

  it('goes when the call stops ringing, and an old notice’s buttons do nothing', () => {
    const { notices, made, actions } = setUp();
    notices.set(notice('c1'));
    notices.set(null);
    expect(made[0]!.closed).toBe(true);
    made[0]!.fire('action', 0);
    notices.set(notice('c2'));
    notices.set(notice('c3'));
    expect(made[1]!.closed).toBe(true);
    made[1]!.fire('action', 1);
    expect(actions).toEqual([]);
    made[2]!.fire('action', 1);
    expect(actions).toEqual([{ kind: 'call', accountId: 'a1', callId: 'c3', answer: false }]);
  });
});
