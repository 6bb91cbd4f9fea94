import type { Trust } from '@parley/xmpp';
import type { Accounts } from '../accounts.js';
import { parseBareAddress } from '../addresses.js';
import { type HandlerMap, textError } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { changePassword, removeAccountOnServer } from '../runtime/registration-account.js';
import { Registrations, type Registered } from '../runtime/registration.js';
import { completeInvitedSignup } from './invites.js';
import { ShownCertificates } from '../runtime/shown-certificates.js';
import { newAccountProxy } from '../runtime/signin-proxy.js';
import { trialSignIn } from '../runtime/trial-sign-in.js';

type SignupHandlers = Pick<
  HandlerMap,
  | 'accounts.signIn'
  | 'accounts.saveUntried'
  | 'registration.start'
  | 'registration.submit'
  | 'registration.cancel'
  | 'account.password.change'
  | 'account.server.delete'
>;

export interface SignupOptions {
  /** How long a trial sign-in may take (tests shorten it). */
  loginMs?: number;
}

/**
 * First sign-in (a trial login before anything is saved), in-band registration, password change
 * and account deletion. `stop` closes sign-up streams still open.
 */
export function signupHandlers(
  accounts: Accounts,
  ctx: RuntimeContext,
  options: SignupOptions = {},
): { handlers: SignupHandlers; stop(): void } {
  const { store, bus } = ctx;
  const shown = new ShownCertificates();
  const trust = (pinnedFingerprint256: string | null): Trust => ({
    caPem: ctx.trustedCaPem,
    pinnedFingerprint256,
  });
  const registrations = new Registrations(trust);

  /** Only a certificate a failed attempt showed may be pinned (as accounts.pinCertificate). */
  const checkPin = (pin: string | null): void => {
    if (pin && !shown.wasShown(pin)) throw textError('conflict', 'certificate.not-presented');
  };
  const checkNew = (jid: string): string => {
    const bare = parseBareAddress(jid);
    if (store.accounts.list().some((a) => a.jid === bare))
      throw textError('conflict', 'account.exists', { jid: bare });
    return bare;
  };
  /**
   * Saves an account (with the pin the user chose and the proxy its first connection used) and
   * connects it. Both are written before the first connect, so it never goes around the proxy.
   */
  const save = (settings: Omit<Registered, 'server'>) => {
    const record = accounts.add(settings);
    const { pinnedFingerprint256 } = settings;
    const proxy = settings.proxy ?? null;
    try {
      if (pinnedFingerprint256 || proxy)
        store.accounts.update(record.id, { pinnedFingerprint256, proxy });
    } catch (error) {
      // Half an account (say, without its proxy) would connect directly on the next start.
      store.accounts.remove(record.id);
      throw error;
    }
    bus.emit('account.changed', accounts.viewById(record.id));
    accounts.runtime(record.id).connect();
    return accounts.viewById(record.id);
  };

  const handlers: SignupHandlers = {
    'accounts.signIn': async (request) => {
      checkPin(request.pinnedFingerprint256);
      const jid = checkNew(request.jid);
      const settings = { ...request, jid, proxy: newAccountProxy(request.proxy) };
      const failure = await trialSignIn(
        settings,
        trust(request.pinnedFingerprint256),
        options.loginMs,
      );
      if (failure) {
        if (failure.certificate) shown.remember(failure.certificate.fingerprint256);
        return { ok: false, failure };
      }
      return { ok: true, account: save(settings) };
    },
    'accounts.saveUntried': (request) => {
      checkPin(request.pinnedFingerprint256);
      const jid = checkNew(request.jid);
      return save({ ...request, jid, proxy: newAccountProxy(request.proxy) });
    },
    'registration.start': async (request) => {
      checkPin(request.pinnedFingerprint256);
      const answer = await registrations.start({
        ...request,
        proxy: newAccountProxy(request.proxy),
      });
      if (!answer.ok && answer.failure.certificate)
        shown.remember(answer.failure.certificate.fingerprint256);
      return answer;
    },
    'registration.submit': async ({ id, values }) => {
      const answer = await registrations.submit(id, values);
      if (!answer.ok) return answer;
      checkNew(answer.account.jid);
      const account = save(answer.account);
      const { invitation } = answer;
      // The account exists either way: making the inviter a contact is best effort.
      if (invitation)
        void completeInvitedSignup(accounts, ctx, account.id, invitation).catch(() => {});
      return { ok: true, account };
    },
    'registration.cancel': ({ id }) => {
      registrations.cancel(id);
      return { ok: true };
    },
    'account.password.change': async ({ accountId, password, oldPassword }) => {
      const record = accounts.record(accountId);
      const session = accounts.runtime(accountId).requireOnline();
      const outcome = await changePassword(session, {
        oldPassword: oldPassword || record.password,
        password,
      });
      // Stored only once the server took it; the live session stays (it is already logged in).
      if (outcome.ok) store.accounts.update(accountId, { password });
      return outcome;
    },
    'account.server.delete': async ({ accountId, confirm }) => {
      const record = accounts.record(accountId);
      let typed: string | null = null;
      try {
        typed = parseBareAddress(confirm.trim());
      } catch {
        typed = null;
      }
      if (typed !== record.jid)
        throw textError('invalid-payload', 'account.confirm-deletion', { jid: record.jid });
      const session = accounts.runtime(accountId).requireOnline();
      const outcome = await removeAccountOnServer(session);
      // The server confirmed: the account and everything stored for it go here too.
      if (outcome.ok) await accounts.remove(accountId);
      return outcome;
    },
  };
  return { handlers, stop: () => registrations.stopAll() };
}
