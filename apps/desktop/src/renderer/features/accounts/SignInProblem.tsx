import type { SignupFailure } from '@parley/contract';
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n';
import { CertificateDetails } from './CertificateDetails';
import { fixForFailure } from './signup-words';
import { failureWords } from '../../i18n/backend-texts';

interface SignInProblemProps {
  failure: SignupFailure;
  busy: boolean;
  /** Retry trusting exactly the certificate shown. */
  onTrust?(fingerprint256: string): void;
  /** Keep the account although it could not sign in (the user asked for it). */
  onSaveAnyway?(): void;
  /** What to do about it, when the caller knows better than the failure's code. */
  fix?: string;
  /** Fetch a fresh form (a CAPTCHA is answered once). */
  onNewForm?(): void;
}

/** Why the sign-in (or sign-up) failed, in words, with what fixes it at hand. */
export function SignInProblem({
  failure,
  busy,
  onTrust,
  onSaveAnyway,
  fix,
  onNewForm,
}: SignInProblemProps) {
  const { t } = useT('accounts');
  const cert = failure.certificate;
  const box = useRef<HTMLDivElement>(null);
  // Below a long form the reason would be out of sight: bring it (and its buttons) into view.
  // A block body: newer browsers return a promise from scrollIntoView, and React would take
  // any returned value for a cleanup function and call it on unmount.
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [failure]);
  return (
    <div ref={box} className="signin-problem" data-testid="signin-problem" data-code={failure.code}>
      <p className="form-error" role="alert" data-testid="signin-problem-reason">
        {failureWords(failure)}
      </p>
      <p className="hint" data-testid="signin-problem-fix">
        {fix ?? fixForFailure(failure)}
      </p>
      {cert && <CertificateDetails cert={cert} />}
      {(cert && onTrust) || onSaveAnyway || onNewForm ? (
        <div className="form-actions">
          {onNewForm && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={onNewForm}
              data-testid="register-new-form"
            >
              {t('New challenge')}
            </button>
          )}
          {onSaveAnyway && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={onSaveAnyway}
              data-testid="signin-save-anyway"
            >
              {t('Save anyway')}
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
              {t('Trust and continue')}
            </button>
          )}
        </div>
      ) : null}
    </div>
  );
}
