import type { ConsoleEntry } from '@parley/contract';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { dateFormat } from '../../i18n/format';
import { Dialog } from '../../ui/Dialog';
import { appendEntries, matches, NO_FILTER, type ConsoleFilter } from './console-filter';
import { useServerTools } from './store';

const POLL_MS = 500;
/** Rendered at most (the newest that match); the rest stay searchable. */
const SHOWN = 300;

/**
 * The XML console of one account: what the session reads and writes while it is open (the
 * backend masks passwords, tokens and keys first), and a box to send one raw stanza.
 */
export function XmlConsole({ accountId, jid }: { accountId: string; jid: string }) {
  const { t } = useT('server-tools');
  const id = useId();
  const close = useServerTools((s) => s.close);
  const [entries, setEntries] = useState<ConsoleEntry[]>([]);
  const [dropped, setDropped] = useState(false);
  const [filter, setFilter] = useState<ConsoleFilter>(NO_FILTER);
  const [openError, setOpenError] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<{ error: string } | { reply: string | null } | null>(null);
  const after = useRef(-1);
  const cleared = useRef(-1);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const client = getClient();
    const poll = async (): Promise<void> => {
      try {
        const page = await client.call('servertools.console.read', {
          accountId,
          after: after.current,
        });
        if (!live) return;
        const last = page.entries[page.entries.length - 1];
        if (last) after.current = last.seq;
        if (page.dropped) setDropped(true);
        const fresh = page.entries.filter((e) => e.seq > cleared.current);
        if (fresh.length > 0) setEntries((kept) => appendEntries(kept, fresh));
      } catch (e) {
        if (live) setOpenError(errorText(e));
      }
      if (live) timer = setTimeout(() => void poll(), POLL_MS);
    };
    client
      .call('servertools.console.open', { accountId })
      .then(() => poll())
      .catch((e: unknown) => live && setOpenError(errorText(e)));
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      void client.call('servertools.console.close', { accountId }).catch(() => {});
    };
  }, [accountId]);

  const shown = useMemo(
    () => entries.filter((e) => matches(e, filter)).slice(-SHOWN),
    [entries, filter],
  );

  const send = (event: FormEvent): void => {
    event.preventDefault();
    if (!draft.trim()) return;
    setSending(true);
    setSent(null);
    getClient()
      .call('servertools.console.send', { accountId, xml: draft })
      .then((r) => setSent({ reply: r.reply }))
      .catch((e: unknown) => setSent({ error: errorText(e) }))
      .finally(() => setSending(false));
  };

  const clear = (): void => {
    cleared.current = after.current;
    setEntries([]);
    setDropped(false);
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && close()}
      title={t('XML console · {{jid}}', { jid })}
      description={t(
        'Stanzas read and written while this console is open. Passwords, tokens and encryption keys are masked.',
      )}
      testId="xml-console"
      wide
    >
      <div className="console-toolbar">
        <label htmlFor={`${id}-dir`}>{t('Direction')}</label>
        <select
          id={`${id}-dir`}
          data-testid="console-direction"
          value={filter.direction}
          onChange={(e) =>
            setFilter({ ...filter, direction: e.target.value as ConsoleFilter['direction'] })
          }
        >
          <option value="all">{t('Both')}</option>
          <option value="in">{t('Incoming')}</option>
          <option value="out">{t('Outgoing')}</option>
        </select>
        <label htmlFor={`${id}-kind`}>{t('Type')}</label>
        <select
          id={`${id}-kind`}
          data-testid="console-kind"
          value={filter.kind}
          onChange={(e) => setFilter({ ...filter, kind: e.target.value as ConsoleFilter['kind'] })}
        >
          <option value="all">{t('All')}</option>
          <option value="message">{t('Messages')}</option>
          <option value="presence">{t('Presence')}</option>
          <option value="iq">IQ</option>
          <option value="other">{t('Stream')}</option>
        </select>
        <label htmlFor={`${id}-text`} className="visually-hidden">
          {t('Filter text')}
        </label>
        <input
          id={`${id}-text`}
          className="grow"
          data-testid="console-text"
          placeholder={t('Filter text')}
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
        <button
          type="button"
          className="button button-small"
          onClick={clear}
          data-testid="console-clear"
        >
          {t('Clear')}
        </button>
      </div>
      {openError && (
        <p className="form-error" role="alert">
          {openError}
        </p>
      )}
      {dropped && (
        <p className="hint">
          {t('Older stanzas were dropped: the console keeps the latest {{max, number}}.', {
            max: 2000,
          })}
        </p>
      )}
      <ol className="console-log" data-testid="console-log" aria-label={t('Stanzas')} tabIndex={0}>
        {shown.length === 0 && <li className="hint">{t('Nothing yet.')}</li>}
        {shown.map((e) => (
          <li
            key={e.seq}
            className={`console-entry console-${e.direction}`}
            data-testid="console-entry"
            data-direction={e.direction}
          >
            <span className="console-meta">
              {e.direction === 'in' ? t('← in') : t('→ out')} ·{' '}
              {dateFormat({ timeStyle: 'medium' }).format(e.at)}
            </span>
            <pre>{e.xml}</pre>
          </li>
        ))}
      </ol>
      <form className="console-send" onSubmit={send}>
        <label htmlFor={`${id}-raw`}>{t('Send raw XML')}</label>
        <p className="console-warning" id={`${id}-warn`}>
          <strong>{t('Careful:')}</strong>{' '}
          {t(
            'what you send goes to the server as it is, in your name. One <message/>, <presence/> or <iq/> at a time.',
          )}
        </p>
        <textarea
          id={`${id}-raw`}
          className="textarea console-input"
          aria-describedby={`${id}-warn`}
          data-testid="console-input"
          rows={4}
          spellCheck={false}
          value={draft}
          placeholder={'<iq type="get" id="v1"><query xmlns="jabber:iq:version"/></iq>'}
          onChange={(e) => setDraft(e.target.value)}
        />
        {sent && 'error' in sent && (
          <p className="form-error" role="alert" data-testid="console-send-error">
            {sent.error}
          </p>
        )}
        {sent && 'reply' in sent && (
          <div role="status" data-testid="console-reply">
            {sent.reply === null ? (
              <p className="hint">{t('Sent.')}</p>
            ) : (
              <>
                <p className="hint">{t('The answer:')}</p>
                <pre className="console-reply">{sent.reply}</pre>
              </>
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={sending || !draft.trim()}
            data-testid="console-send"
          >
            {sending ? t('Sending…') : t('Send')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
