import { AccountForm } from './AccountForm';

/** Shown while there is no account: the one thing to do is add one. */
export function FirstRun() {
  return (
    <div className="first-run">
      <div className="first-run-card">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <span className="brand-name">Parley</span>
        </div>
        <h1>Add an account</h1>
        <p className="muted">
          Sign in with an existing XMPP (Jabber) account. Your messages stay between you and your
          server.
        </p>
        <AccountForm />
      </div>
    </div>
  );
}
