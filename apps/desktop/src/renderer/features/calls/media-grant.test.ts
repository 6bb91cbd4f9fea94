import '../../test/jsdom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { lives, release, type Live } from './live';
import { grantCallMedia } from './media-grant';

const sent: unknown[] = [];

function desktop(): void {
  const noop = () => undefined;
  window.parleyDesktop = {
    getSettings: () => Promise.resolve(null),
    setSettings: () => Promise.resolve(null),
    report: noop,
    mention: noop,
    show: noop,
    onAction: () => noop,
    callMedia: (grant) => sent.push(grant),
  };
}

function fakeLive(): Live {
  return {
    session: null,
    local: { getTracks: () => [] } as unknown as MediaStream,
    iceServers: [],
    audio: null,
    camera: null,
    screen: null,
    statsTimer: null,
  };
}

afterEach(() => {
  sent.length = 0;
  lives.clear();
  delete window.parleyDesktop;
});

describe('the devices main lets a call have', () => {
  it('names the devices of the call the user starts or accepts', () => {
    desktop();
    grantCallMedia(['audio', 'video']);
    expect(sent).toEqual([{ media: ['audio', 'video'] }]);
  });

  it('closes them when the last call here lets go of its media', () => {
    desktop();
    lives.set('a', fakeLive());
    lives.set('b', fakeLive());
    release('a');
    expect(sent).toEqual([]);
    release('b');
    expect(sent).toEqual([null]);
  });

  it('is nothing in a browser (no desktop bridge)', () => {
    expect(() => grantCallMedia(['audio'])).not.toThrow();
    lives.set('a', fakeLive());
    release('a');
    expect(sent).toEqual([]);
  });
});
