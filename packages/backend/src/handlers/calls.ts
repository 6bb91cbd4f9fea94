import type { HandlerMap } from '../handler-types.js';

type CallHandlers = Pick<
  HandlerMap,
  | 'calls.start'
  | 'calls.accept'
  | 'calls.end'
  | 'calls.describe'
  | 'calls.candidate'
  | 'calls.connected'
  | 'calls.iceServers'
  | 'calls.list'
>;

const notYet = {
  ok: false as const,
  failure: { code: 'not-supported' as const, message: 'Calls are not available yet' },
};

/** Calls (Jingle): the signalling service replaces these answers. */
export function callHandlers(): CallHandlers {
  return {
    'calls.start': () => notYet,
    'calls.accept': () => notYet,
    'calls.end': () => notYet,
    'calls.describe': () => notYet,
    'calls.candidate': () => notYet,
    'calls.connected': () => notYet,
    'calls.iceServers': () => ({ servers: [] }),
    'calls.list': () => ({ calls: [] }),
  };
}
