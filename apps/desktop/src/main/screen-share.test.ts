import type { ScreenSource, ScreenSources } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallMediaGate } from './media-permission.js';
import { ScreenSharePicker, sourceOf, type ScreenGrant } from './screen-share.js';

const screen: ScreenSource = {
  id: 'screen:0:0',
  name: 'Entire screen',
  kind: 'screen',
  thumbnail: null,
};
const editor: ScreenSource = { id: 'window:42:0', name: 'Editor', kind: 'window', thumbnail: null };

let gate: CallMediaGate;
let asked: ScreenSources[];
let sources: ScreenSource[];
let picker: ScreenSharePicker;

/** A display-media request as Electron makes it; resolves with what its callback got. */
function request(): { answered: ScreenGrant[]; done: Promise<void> } {
  const answered: ScreenGrant[] = [];
  const done = picker.request((grant) => answered.push(grant));
  return { answered, done };
}

beforeEach(() => {
  vi.useFakeTimers();
  gate = new CallMediaGate();
  asked = [];
  sources = [screen, editor];
  picker = new ScreenSharePicker({
    inCall: () => gate.inCall,
    listSources: () => Promise.resolve(sources),
    ask: (r) => asked.push(r),
    timeoutMs: 5000,
  });
});
afterEach(() => vi.useRealTimers());

describe('screen sharing in the desktop app', () => {
  it('is refused outside a call, without asking the user', async () => {
    const r = request();
    await r.done;
    expect(r.answered).toEqual([{}]);
    expect(asked).toEqual([]);
  });

  it('during a call, offers the screens and windows and grants the one picked', async () => {
    gate.set({ media: ['audio'] });
    const r = request();
    await r.done;
    expect(asked).toEqual([{ requestId: '1', sources: [screen, editor] }]);
    expect(r.answered).toEqual([]);
    picker.choose('1', 'window:42:0');
    expect(r.answered).toEqual([{ video: { id: 'window:42:0', name: 'Editor' } }]);
    // Answered once: a second pick for the same request changes nothing.
    picker.choose('1', 'screen:0:0');
    expect(r.answered).toHaveLength(1);
  });

  it('refuses a cancel, a source it did not offer, and a pick for another request', async () => {
    gate.set({ media: ['audio', 'video'] });
    const cancelled = request();
    await cancelled.done;
    picker.choose('1', null);
    expect(cancelled.answered).toEqual([{}]);

    const forged = request();
    await forged.done;
    picker.choose('1', 'screen:0:0'); // the old request's id: ignored
    expect(forged.answered).toEqual([]);
    picker.choose('2', 'window:666:0');
    expect(forged.answered).toEqual([{}]);
  });

  it('refuses when the call ended while the picker was open, or no one answered', async () => {
    gate.set({ media: ['audio'] });
    const ended = request();
    await ended.done;
    gate.set(null);
    picker.choose('1', 'screen:0:0');
    expect(ended.answered).toEqual([{}]);

    gate.set({ media: ['audio'] });
    const unanswered = request();
    await unanswered.done;
    vi.advanceTimersByTime(5000);
    expect(unanswered.answered).toEqual([{}]);
  });

  it('a new request refuses the open one; a window closing refuses it too', async () => {
    gate.set({ media: ['audio'] });
    const first = request();
    await first.done;
    const second = request();
    await second.done;
    expect(first.answered).toEqual([{}]);
    expect(asked.map((a) => a.requestId)).toEqual(['1', '2']);
    picker.cancel();
    expect(second.answered).toEqual([{}]);
  });

  it('refuses when there is nothing to share or the list is not what the contract allows', async () => {
    gate.set({ media: ['audio'] });
    sources = [];
    const none = request();
    await none.done;
    expect(none.answered).toEqual([{}]);
    sources = [{ ...screen, id: '../../etc' }];
    const bad = request();
    await bad.done;
    expect(bad.answered).toEqual([{}]);
    expect(asked).toEqual([]);
  });
});

describe('desktopCapturer sources for the picker', () => {
  const image = (url: string, empty = false) => ({ isEmpty: () => empty, toDataURL: () => url });

  it('keeps a PNG thumbnail, names the kind, drops an empty or oversized picture', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sourceOf({ id: 'screen:1:0', name: 'Screen 2', thumbnail: image(png) })).toEqual({
      id: 'screen:1:0',
      name: 'Screen 2',
      kind: 'screen',
      thumbnail: png,
    });
    expect(sourceOf({ id: 'window:7:0', name: 'Mail', thumbnail: image('', true) }).thumbnail).toBe(
      null,
    );
    const huge = `data:image/png;base64,${'A'.repeat(300_000)}`;
    expect(sourceOf({ id: 'window:7:0', name: 'Mail', thumbnail: image(huge) })).toMatchObject({
      kind: 'window',
      thumbnail: null,
    });
  });
});
