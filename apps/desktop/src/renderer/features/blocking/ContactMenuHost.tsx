import { useEffect, useRef, useState } from 'react';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { displayName } from '../../ui/names';
import { openChat } from '../chat/actions';
import { canPickFiles, pickFiles } from '../files/send';
import { stageFiles } from '../files/staging';
import { deferred } from '../../ui/deferred';
import { unblock } from './actions';
import { useContactMenu } from './contact-menu';

// Loaded when one opens: the host is mounted with the roster, the dialogs are rarely used.
const BlockDialog = deferred(() => import('./BlockDialog').then((m) => m.BlockDialog));
const InviteToRoomDialog = deferred(() =>
  import('./InviteToRoomDialog').then((m) => m.InviteToRoomDialog),
);

/**
 * What the contact menu's Send file… / Invite to room… / Block / Unblock entries open, mounted
 * once beside the roster (rows are virtualised and come and go while scrolling).
 */
export function ContactMenuHost() {
  const { t } = useT('blocking');
  const request = useContactMenu((s) => s.request);
  const close = useContactMenu((s) => s.close);
  const input = useRef<HTMLInputElement>(null);
  const target = useRef<{ accountId: string; jid: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pickedHandler = useRef<(files: File[]) => void>(() => {});

  useEffect(() => {
    // Files go to the contact's chat, into the same confirm step as a drop or the paperclip.
    const send = (accountId: string, jid: string, files: Parameters<typeof stageFiles>[2]) => {
      if (files.length === 0) return;
      openChat(accountId, jid).catch((e: unknown) => setError(errorText(e)));
      stageFiles(accountId, jid, files);
    };
    useContactMenu.setState({
      pickFiles: (accountId, jid) => {
        setError(null);
        if (canPickFiles()) {
          void pickFiles().then((picked) => send(accountId, jid, picked));
          return;
        }
        target.current = { accountId, jid };
        input.current?.click();
      },
    });
    const onPicked = (files: File[]) => {
      const to = target.current;
      target.current = null;
      if (to) send(to.accountId, to.jid, files);
    };
    pickedHandler.current = onPicked;
    return () => useContactMenu.setState({ pickFiles: null });
  }, []);

  useEffect(() => {
    if (request?.action !== 'unblock') return;
    unblock(request.accountId, [request.contact.jid])
      .catch((e: unknown) => setError(errorText(e)))
      .finally(close);
  }, [request, close]);

  const name = request ? displayName(request.contact.name, request.contact.jid) : '';
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        data-testid="contact-send-file-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          pickedHandler.current(files);
        }}
      />
      {error && (
        <p className="form-error small" role="alert" data-testid="contact-menu-error">
          {error}
          <button type="button" className="link-button" onClick={() => setError(null)}>
            {t('Dismiss')}
          </button>
        </p>
      )}
      {request?.action === 'block' && (
        <BlockDialog
          accountId={request.accountId}
          jid={request.contact.jid}
          name={name}
          onClose={close}
        />
      )}
      {request?.action === 'invite' && (
        <InviteToRoomDialog
          accountId={request.accountId}
          contact={request.contact}
          onClose={close}
        />
      )}
    </>
  );
}
