import { useEffect, useId, useState, type FormEvent } from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { QrCode } from './QrCode';

/** Our own verification link (text and QR code) for the other side to scan or paste. */
export function OwnLink({ accountId, ownJid }: { accountId: string; ownJid: string }) {
  const { t } = useT('omemo');
  const [uri, setUri] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getClient()
      .call('omemo.verification.uri', { accountId, jid: ownJid })
      .then((got) => setUri(got.uri))
      .catch((e: unknown) => setError(errorText(e)));
  }, [accountId, ownJid]);
  return (
    <section className="verification-own" data-testid="own-link">
      <h3 className="dialog-subtitle">{t('Your verification link')}</h3>
      <p className="hint">
        {t(
          'Let your contact scan this code, or send them the link over another channel: their client verifies your device with it.',
        )}
      </p>
      {uri ? (
        <div className="verification-code">
          <QrCode text={uri} label={t('QR code of your verification link')} />
          <code className="verification-uri" data-testid="own-link-text">
            {uri}
          </code>
        </div>
      ) : (
        <p className="muted">{error ?? t('Loading…')}</p>
      )}
    </section>
  );
}

/**
 * A field to paste a contact's verification link: the devices whose keys match it are verified;
 * if any fingerprint in it differs from the key we know, nothing is verified and that is said.
 */
export function PasteLink({ accountId, onApplied }: { accountId: string; onApplied(): void }) {
  const id = useId();
  const { t } = useT('omemo');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; words: string } | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(null);
    getClient()
      .call('omemo.verification.apply', { accountId, uri: text.trim() })
      .then((result) => {
        const matched = result.devices.filter((d) => d.result === 'match').length;
        const mismatched = result.devices.filter((d) => d.result === 'mismatch');
        const unknown = result.devices.filter((d) => d.result === 'unknown-device').length;
        if (mismatched.length > 0) {
          const ids = mismatched.map((d) => d.deviceId).join(', ');
          setOutcome({
            ok: false,
            words: t(
              'The link does not match the key of device {{ids}}: nothing was verified. Compare the fingerprints in person.',
              { ids },
            ),
          });
        } else if (matched === 0) {
          setOutcome({
            ok: false,
            words: t("None of the link's devices is known for {{jid}}.", { jid: result.jid }),
          });
        } else {
          const words =
            unknown > 0
              ? t(
                  'Verified {{count}} device(s) of {{jid}} ({{unknown}} unknown device(s) ignored).',
                  {
                    count: matched,
                    jid: result.jid,
                    unknown,
                  },
                )
              : t('Verified {{count}} device(s) of {{jid}}.', { count: matched, jid: result.jid });
          setOutcome({ ok: true, words });
          setText('');
          onApplied();
        }
      })
      .catch((e: unknown) => setOutcome({ ok: false, words: errorText(e) }))
      .finally(() => setBusy(false));
  };
  return (
    <form className="verification-paste" onSubmit={submit} data-testid="paste-link">
      <label htmlFor={`${id}-uri`} className="dialog-subtitle">
        {t('Verify with your contact’s link')}
      </label>
      <div className="row">
        <input
          id={`${id}-uri`}
          className="grow"
          value={text}
          placeholder="xmpp:name@example.org?omemo-sid-…"
          onChange={(e) => setText(e.target.value)}
          data-testid="paste-link-input"
        />
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || text.trim() === ''}
          data-testid="paste-link-apply"
        >
          {t('Verify')}
        </button>
      </div>
      {outcome && (
        <p
          className={outcome.ok ? 'saved-note' : 'form-error'}
          role={outcome.ok ? 'status' : 'alert'}
          data-testid="paste-link-result"
        >
          {outcome.words}
        </p>
      )}
    </form>
  );
}
