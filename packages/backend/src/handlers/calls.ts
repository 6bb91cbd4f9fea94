import type { Accounts } from '../accounts.js';
import type { HandlerMap } from '../handler-types.js';
import { CallError } from '../runtime/calls/call-error.js';

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

/** A call command's failure as the contract answers it; anything else is a real error. */
async function attempt<T>(run: () => Promise<T> | T) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CallError) return { ok: false as const, failure: error.failure };
    throw error;
  }
}

/** Calls (XEP-0353 and Jingle): see runtime/calls. */
export function callHandlers(accounts: Accounts): CallHandlers {
  const callsOf = (accountId: string) => {
    accounts.record(accountId);
    return accounts.runtime(accountId).calls;
  };
  const ok = { ok: true as const };
  return {
    'calls.start': ({ accountId, peer, media }) =>
      attempt(async () => ({
        ok: true as const,
        call: await callsOf(accountId).start(peer, media),
      })),
    'calls.accept': ({ accountId, callId }) =>
      attempt(async () => {
        await callsOf(accountId).accept(callId);
        return ok;
      }),
    'calls.end': ({ accountId, callId, reason }) =>
      attempt(async () => {
        const calls = callsOf(accountId);
        await calls.hangUp(calls.entry(callId), reason);
        return ok;
      }),
    'calls.describe': ({ accountId, callId, kind, description }) =>
      attempt(async () => {
        await callsOf(accountId).jingle.describe(callId, kind, description);
        return ok;
      }),
    'calls.candidate': ({ accountId, callId, content, ufrag, candidate }) =>
      attempt(() => {
        callsOf(accountId).jingle.candidate(callId, content, ufrag, candidate);
        return ok;
      }),
    'calls.connected': ({ accountId, callId, connected }) =>
      attempt(() => {
        callsOf(accountId).connected(callId, connected);
        return ok;
      }),
    'calls.iceServers': async ({ accountId }) => {
      accounts.record(accountId);
      const runtime = accounts.runtime(accountId);
      return { servers: await runtime.iceServers.get(runtime.online) };
    },
    'calls.list': () => ({
      calls: accounts
        .list()
        .flatMap((a) => accounts.runtime(a.id).calls.list())
        .slice(0, 16),
    }),
  };
}
