import { useEffect, useId, useState, type FormEvent } from 'react';
import { errorText, getClient } from '../../app/client';
import { QrCode } from './QrCode';

/** Our own verification link (text and QR code) for the other side to scan or paste. */
export function OwnLink({ accountId, ownJid }: { accountId: string; ownJid: string }) {
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
      <h3 className="dialog-subtitle">Your verification link</h3>
      <p className="hint">
        Let your contact scan this code, or send them the link over another channel: their client
        verifies your device with it.
      </p>
      {uri ? (
        <div className="verification-code">
          <QrCode text={uri} label="QR code of your verification link" />
          <code className="verification-uri" data-testid="own-link-text">
            {uri}
          </code>
        </div>
      ) : (
        <p className="muted">{error ?? 'Loading…'}</p>
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
            words: `The link does not match the key of device ${ids}: nothing was verified. Compare the fingerprints in person.`,
          });
        } else if (matched === 0) {
          setOutcome({
            ok: false,
            words: `None of the link's devices is known for ${result.jid}.`,
          });
        } else {
          const rest = unknown > 0 ? ` (${unknown} unknown device(s) ignored)` : '';
          setOutcome({ ok: true, words: `Verified ${matched} device(s) of ${result.jid}${rest}.` });
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
        Verify with your contact’s link
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
          Verify
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
