import { randomUUID } from 'node:crypto';
import {
  parseInvitation,
  type BackendText,
  type FormValues,
  type InviteLink,
  type RegistrationForm,
  type SignupFailure,
  type TlsMode,
  withEnglish,
} from '@parley/contract';
import {
  credentialsOf,
  describeRegistrationError,
  offersRegistrationToken,
  parseJid,
  parseRegistrationForm,
  preauthRequest,
  PreauthStream,
  registrationFormRequest,
  registrationSubmit,
  SessionError,
  type ParsedRegistration,
  type Trust,
} from '@parley/xmpp';
import type { ProxyRecord } from '@parley/store';
import { toFailure } from './trial-sign-in.js';

/** Sign-ups in progress at once (each holds an open stream); the oldest is dropped past it. */
export const MAX_PENDING = 4;
/** An open sign-up stream is closed after this long without being submitted. */
export const PENDING_TTL_MS = 10 * 60_000;

export interface ServerSettings {
  server: string;
  host: string | null;
  port: number | null;
  tlsMode: TlsMode;
  pinnedFingerprint256: string | null;
  /** Every stream of the sign-up (form, refetch, submit) goes through it; null: directly. */
  proxy?: ProxyRecord | null;
}

/** A sign-up's server settings, with the invitation (XEP-0401) it uses, if any. */
type SignupSettings = ServerSettings & { invitation: InviteLink | null };

interface Pending {
  stream: PreauthStream;
  parsed: ParsedRegistration;
  settings: SignupSettings;
  timer: NodeJS.Timeout;
}

export type Registered = ServerSettings & { jid: string; password: string };

/** A sign-up refused over its invitation, in words the renderer translates. */
function inviteFailure(code: 'bad-request' | 'invite-invalid', text: BackendText): SignupFailure {
  return { code, ...withEnglish(text), certificate: null };
}

/**
 * XEP-0077 sign-ups: each keeps its encrypted, unauthenticated stream open from fetching the
 * form to submitting it (a CAPTCHA belongs to the stream it was issued on). Bounded in number
 * and in time.
 */
export class Registrations {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly trust: (pinnedFingerprint256: string | null) => Trust,
    private readonly timeoutMs = 15_000,
  ) {}

  async start(
    settings: ServerSettings & { invite?: string | null },
  ): Promise<{ ok: true; form: RegistrationForm } | { ok: false; failure: SignupFailure }> {
    const domain = serverDomain(settings.server);
    if (!domain) {
      const message = 'Enter the server as a domain name, for example example.org.';
      return { ok: false, failure: { code: 'bad-request', message, certificate: null } };
    }
    const { invite = null, ...server } = settings;
    const invitation = invite ? parseInvitation(invite) : null;
    if (invitation && (!invitation.ok || !invitation.invitation.canRegister)) {
      const id = invitation.ok ? 'invite.existing-accounts-only' : 'invite.not-a-link';
      return { ok: false, failure: inviteFailure('bad-request', { id }) };
    }
    if (invitation && invitation.invitation.server !== domain) {
      const params = { invited: invitation.invitation.server, server: domain };
      const text = { id: 'invite.other-server' as const, params };
      return { ok: false, failure: inviteFailure('bad-request', text) };
    }
    const signup = { ...server, server: domain, invitation: invitation?.invitation ?? null };
    try {
      const { stream, parsed } = await this.openForm(signup);
      const id = this.keep(stream, parsed, signup);
      const { form, legacy, captcha, media, webPage } = parsed;
      return { ok: true, form: { id, server: domain, form, legacy, captcha, media, webPage } };
    } catch (err) {
      return { ok: false, failure: registrationFailure(err) };
    }
  }

  /** An encrypted stream to the server and its registration form. */
  private async openForm(
    settings: SignupSettings,
  ): Promise<{ stream: PreauthStream; parsed: ParsedRegistration }> {
    const domain = settings.server;
    const stream = await PreauthStream.open({
      domain,
      host: settings.host,
      port: settings.port,
      tlsMode: settings.tlsMode,
      trust: this.trust(settings.pinnedFingerprint256),
      proxy: settings.proxy ?? null,
      timeoutMs: this.timeoutMs,
    });
    try {
      // XEP-0401 §4: the token first, on the same stream; the server then allows the sign-up.
      if (settings.invitation) await sendToken(stream, domain, settings.invitation.token);
      const parsed = parseRegistrationForm(await stream.iq(registrationFormRequest(domain)));
      if (parsed.form.fields.length === 0 && !parsed.webPage) {
        throw new SessionError('stanza-error', 'The server sent an empty form', {
          condition: 'service-unavailable',
        });
      }
      return { stream, parsed };
    } catch (err) {
      await stream.close();
      throw err;
    }
  }

  /**
   * Servers close unauthenticated streams after a while (Prosody: 5 minutes). A form without a
   * challenge is fetched again on a new stream and the same answers go with it; a CAPTCHA
   * belongs to its stream, so the user must get a new one.
   */
  private async reopen(entry: Pending): Promise<boolean> {
    if (entry.parsed.captcha) return false;
    try {
      const { stream, parsed } = await this.openForm(entry.settings);
      void entry.stream.close();
      entry.stream = stream;
      entry.parsed = parsed;
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Submits the user's values on the form's stream. On success the stream is closed and the
   * new account's settings come back; on a refusal the stream stays open for another try.
   */
  async submit(
    id: string,
    values: FormValues,
  ): Promise<
    | { ok: true; account: Registered; invitation: InviteLink | null }
    | { ok: false; failure: SignupFailure }
  > {
    const entry = this.pending.get(id);
    if (!entry || (!entry.stream.isOpen && !(await this.reopen(entry)))) {
      this.drop(id);
      const message = 'This sign-up form has expired. Fetch the form again.';
      return { ok: false, failure: { code: 'timeout', message, certificate: null } };
    }
    const credentials = credentialsOf(values);
    if (!credentials) {
      const message = 'Enter a username and a password.';
      return { ok: false, failure: { code: 'bad-request', message, certificate: null } };
    }
    const domain = entry.settings.server;
    const jid = parseJid(`${credentials.username}@${domain}`);
    if (!jid || jid.resource) {
      const message = 'That username cannot be used in an address; choose another one.';
      return { ok: false, failure: { code: 'not-acceptable', message, certificate: null } };
    }
    try {
      await entry.stream.iq(registrationSubmit(domain, entry.parsed, values));
    } catch (err) {
      const failure = registrationFailure(err);
      // Prosody's registration_invite_only refuses with not-acceptable, which would read as a
      // weak password: a server that takes tokens (XEP-0401 §4) and refused means "invite only".
      const refused = failure.code === 'not-acceptable' || failure.code === 'not-allowed';
      if (refused && !entry.settings.invitation && offersRegistrationToken(entry.stream.features))
        return { ok: false, failure: { ...failure, code: 'invite-required' } };
      return { ok: false, failure };
    }
    this.drop(id);
    const { invitation, ...settings } = entry.settings;
    return {
      ok: true,
      account: { ...settings, jid: jid.bare().toString(), password: credentials.password },
      invitation,
    };
  }

  cancel(id: string): void {
    this.drop(id);
  }

  stopAll(): void {
    for (const id of [...this.pending.keys()]) this.drop(id);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Tests: ends a sign-up's stream as a server's idle timeout would. */
  async closeStreamOf(id: string): Promise<void> {
    await this.pending.get(id)?.stream.close();
  }

  private keep(stream: PreauthStream, parsed: ParsedRegistration, settings: SignupSettings) {
    while (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    const id = randomUUID();
    const timer = setTimeout(() => this.drop(id), PENDING_TTL_MS);
    timer.unref();
    this.pending.set(id, { stream, parsed, settings, timer });
    return id;
  }

  private drop(id: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    void entry.stream.close();
  }
}

/** Prosody answers a bad token with forbidden; any refusal of it means the same to the user. */
async function sendToken(stream: PreauthStream, domain: string, token: string): Promise<void> {
  try {
    await stream.iq(preauthRequest(domain, token));
  } catch (err) {
    if (err instanceof SessionError && err.code === 'stanza-error') throw new InviteRefused();
    throw err;
  }
}

class InviteRefused extends Error {}

/** A server address: a bare domain (no user, no resource), normalised. */
function serverDomain(text: string): string | null {
  const jid = parseJid(text.trim());
  if (!jid || jid.local || jid.resource) return null;
  return jid.domain;
}

/** A stanza error in registration's words; connection failures as for a sign-in. */
export function registrationFailure(err: unknown): SignupFailure {
  if (err instanceof InviteRefused)
    return inviteFailure('invite-invalid', { id: 'invite.refused' });
  if (err instanceof SessionError && (err.code === 'stanza-error' || err.code === 'timeout')) {
    const condition = err.code === 'timeout' ? 'timeout' : err.condition;
    const text = err.code === 'stanza-error' && err.message !== err.condition ? err.message : '';
    return { ...describeRegistrationError(condition, text, 'register'), certificate: null };
  }
  return toFailure(err);
}
