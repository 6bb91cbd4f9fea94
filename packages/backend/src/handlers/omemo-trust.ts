import { parseVerificationUri, buildVerificationUri, VerificationUriError } from '@parley/omemo';
import type { IqSender } from '@parley/xmpp';
import { normalizeBareJid, type Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';
import type { AccountRuntime } from '../runtime/account-runtime.js';
import { OmemoTrustService, TrustError } from '../runtime/omemo/omemo-trust-service.js';
import { OwnDeviceError, removeOwnDevice } from '../runtime/omemo/own-device-removal.js';

type OmemoTrustHandlers = Pick<
  HandlerMap,
  | 'omemo.devices.list'
  | 'omemo.device.trust.set'
  | 'omemo.own.device.remove'
  | 'omemo.verification.uri'
  | 'omemo.verification.apply'
  | 'omemo.session.reset'
>;

/** The trust dialog: devices, fingerprints, trust decisions, verification links. */
export function omemoTrustHandlers(accounts: Accounts): OmemoTrustHandlers {
  const service = (runtime: AccountRuntime) => new OmemoTrustService(runtime.scope, runtime.omemo);
  /** Fetching keys is worth it only online with OMEMO on (off, nothing is published anyway). */
  const sender = (runtime: AccountRuntime): IqSender | null => {
    const session = runtime.online;
    return session && runtime.omemo.enabled ? (iq) => session.iq(iq) : null;
  };
  const runtimeOf = (accountId: string) => {
    accounts.record(accountId);
    return accounts.runtime(accountId);
  };
  return {
    'omemo.devices.list': async ({ accountId, jid }) => {
      const runtime = runtimeOf(accountId);
      const devices = await translated(() =>
        service(runtime).list(normalizeBareJid(jid), sender(runtime)),
      );
      return { devices };
    },
    'omemo.device.trust.set': ({ accountId, jid, deviceId, version, trust, keyFingerprint }) => {
      const runtime = runtimeOf(accountId);
      const bare = normalizeBareJid(jid);
      const trustService = service(runtime);
      return translated(() => {
        // A device no list of that version holds is not one the user was shown.
        if (!trustService.device(bare, version, deviceId)) {
          throw new HandlerError('not-found', `no ${version} device ${deviceId} of ${bare}`);
        }
        trustService.setTrust(bare, deviceId, trust, keyFingerprint);
        return { device: trustService.device(bare, version, deviceId)! };
      });
    },
    'omemo.own.device.remove': async ({ accountId, deviceId }) => {
      const runtime = runtimeOf(accountId);
      const session = runtime.requireOnline();
      await translated(() =>
        removeOwnDevice(runtime.scope, runtime.omemo, (iq) => session.iq(iq), deviceId),
      );
      return { ok: true as const };
    },
    'omemo.verification.uri': ({ accountId, jid }) => {
      const runtime = runtimeOf(accountId);
      const bare = normalizeBareJid(jid);
      const devices = service(runtime).linkDevices(bare);
      if (devices.length === 0) {
        throw new HandlerError('not-found', `no OMEMO key of ${bare} is known`);
      }
      return { uri: buildVerificationUri(bare, devices) };
    },
    'omemo.verification.apply': async ({ accountId, uri }) => {
      const runtime = runtimeOf(accountId);
      const link = translated(() => parseVerificationUri(uri));
      const jid = normalizeBareJid(link.jid);
      const trustService = service(runtime);
      // Keys of devices we have not fetched yet can still be checked against the link.
      const send = sender(runtime);
      if (send) await trustService.fetchMissingKeys(jid, send).catch(() => {});
      const devices = trustService.applyLink(jid, link.devices);
      const verified =
        devices.every((d) => d.result !== 'mismatch') && devices.some((d) => d.result === 'match');
      return { jid, verified, devices };
    },
    'omemo.session.reset': () => {
      throw new HandlerError('failed', 'resetting a session is not available yet');
    },
  };
}

/** The trust modules' own errors as the command errors the renderer shows. */
function translated<T>(run: () => T): T {
  const wrap = (error: unknown): never => {
    if (error instanceof TrustError || error instanceof OwnDeviceError)
      throw new HandlerError(error.code, error.message);
    if (error instanceof VerificationUriError)
      throw new HandlerError('invalid-payload', `not a verification link: ${error.message}`);
    throw error;
  };
  try {
    const result = run();
    return (result instanceof Promise ? result.catch(wrap) : result) as T;
  } catch (error) {
    return wrap(error);
  }
}
