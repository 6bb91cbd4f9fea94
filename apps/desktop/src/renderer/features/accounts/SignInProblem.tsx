import type { SignupFailure } from '@parley/contract';
import { useEffect, useRef } from 'react';
import { CertificateDetails } from './CertificateDetails';
import { fixFor } from './signup-words';

interface SignInProblemProps {
  failure: SignupFailure;
  busy: boolean;
  /** Retry trusting exactly the certificate shown. */
  onTrust?(fingerprint256: string): void;
  /** Keep the account although it could not sign in (the user asked for it). */
  onSaveAnyway?(): void;
}

/** Why the sign-in (or sign-up) failed, in words, with what fixes it at hand. */
export function SignInProblem({ failure, busy, onTrust, onSaveAnyway }: SignInProblemProps) {
  const cert = failure.certificate;
  const box = useRef<HTMLDivElement>(null);
  // Below a long form the reason would be out of sight: bring it (and its buttons) into view.
  useEffect(() => box.current?.scrollIntoView?.({ block: 'nearest' }), [failure]);
  return (
    <div ref={box} className="signin-problem" data-testid="signin-problem" data-code={failure.code}>
      <p className="form-error" role="alert" data-testid="signin-problem-reason">
        {failure.message}
      </p>
      <p className="hint" data-testid="signin-problem-fix">
        {fixFor(failure.code)}
      </p>
      {cert && <CertificateDetails cert={cert} />}
      {(cert && onTrust) || onSaveAnyway ? (
        <div className="form-actions">
          {onSaveAnyway && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={onSaveAnyway}
              data-testid="signin-save-anyway"
            >
              Save anyway
            </button>
          )}
          {cert && onTrust && (
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => onTrust(cert.fingerprint256)}
              data-testid="signin-trust-certificate"
            >
              Trust this certificate and continue
            </button>
          )}
        </div>
      ) : null}
    </div>
  );
}
