import type { Message, MessageVersion } from '@parley/contract';
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { RowWithMenu, type RowMenuEntry } from '../../ui/RowWithMenu';
import { formatFull } from '../../ui/time';
import { ReportDialog } from '../blocking/ReportDialog';
import { ReasonDialog } from '../rooms/ReasonDialog';
import { useRooms } from '../rooms/store';
import { chatKey } from '../ui/store';
import { useEdits } from './edits-store';
import { messageActions, type MessageActionContext } from './message-actions';
import { useReactionUi } from './MessageReactions';
import { useReplies } from './reply-store';

/** Typing in these is not a shortcut for the message around them (e.g. the emoji search). */
const isTextField = (el: EventTarget): boolean =>
  el instanceof HTMLElement &&
  (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/**
 * The message's actions from a ⋮ button (shown on hover and focus) and by right-click. The
 * message itself takes the focus (Tab), and R on it replies, as the Reply entry does.
 */
export function MessageMenu({ message, children }: { message: Message; children: ReactNode }) {
  const { t } = useT('chat');
  const canModerate = useRooms(
    (s) => s.rooms.get(chatKey(message.accountId, message.peer))?.ownRole === 'moderator',
  );
  const inRoom = useRooms((s) => s.rooms.has(chatKey(message.accountId, message.peer)));
  const [reporting, setReporting] = useState(false);
  const dialog = useEdits((s) => (s.dialog?.message.id === message.id ? s.dialog.kind : null));
  const [failed, setFailed] = useState<string | null>(null);
  const context: MessageActionContext = {
    canModerate,
    reply: (m) => useReplies.getState().startReply(m),
    pickReaction: (m) => useReactionUi.getState().open(m.id, true),
    fail: setFailed,
  };
  const replies = messageActions.some((a) => a.id === 'reply' && a.shown(message, context));
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key.toLowerCase() !== 'r' || !replies || isTextField(event.target)) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.nativeEvent.isComposing) return;
    event.preventDefault();
    context.reply?.(message);
  };
  const shown = messageActions.filter((a) => a.shown(message, context));
  // XEP-0377: someone's message in a one-to-one chat (not a room's, nor one through a room).
  const reportable =
    message.direction === 'in' && !inRoom && !message.peer.includes('/') && !message.retracted;
  // Worded only when the menu opens: a row is shown far more often than its menu.
  const sections = (): RowMenuEntry[][] => [
    [
      ...shown.map((a) => ({
        label: a.id === 'reply' ? t('Reply (R)') : a.label,
        testId: `message-action-${a.id}`,
        ...(a.danger ? { danger: true } : {}),
        onSelect: () => {
          setFailed(null);
          void a.run(message, context);
        },
      })),
      ...(reportable
        ? [
            {
              label: t('Report spam…'),
              testId: 'message-action-report',
              danger: true,
              onSelect: () => setReporting(true),
            },
          ]
        : []),
    ],
  ];
  return (
    <>
      {shown.length === 0 && !reportable ? (
        <div className="message-menu-host">{children}</div>
      ) : (
        <RowWithMenu
          className="message-menu-host"
          name={t('this message')}
          menuTestId="message-menu"
          sections={sections}
          tabIndex={0}
          aria-keyshortcuts={replies ? 'R' : undefined}
          onKeyDown={onKeyDown}
        >
          {children}
        </RowWithMenu>
      )}
      {failed && (
        <p
          className="form-error small message-action-error"
          role="alert"
          data-testid="message-action-error"
        >
          {failed}
          <button type="button" className="link-button" onClick={() => setFailed(null)}>
            {t('Dismiss')}
          </button>
        </p>
      )}
      {dialog && <MessageDialogFor kind={dialog} message={message} />}
      {reporting && (
        <ReportDialog
          accountId={message.accountId}
          jid={message.peer}
          messageIds={[message.id]}
          onClose={() => setReporting(false)}
        />
      )}
    </>
  );
}

function MessageDialogFor({ kind, message }: { kind: string; message: Message }) {
  const { t } = useT('chat');
  const close = () => useEdits.getState().closeDialog();
  const { accountId, peer, id: messageId } = message;
  if (kind === 'history') return <EditHistoryDialog message={message} onClose={close} />;
  if (kind === 'retract') {
    return (
      <ConfirmDialog
        open
        onOpenChange={(o) => !o && close()}
        title={t('Delete this message for everyone?')}
        confirmLabel={t('Delete')}
        danger
        onConfirm={async () => {
          await getClient().call('messages.retract', { accountId, peer, messageId });
        }}
      >
        {t(
          'It is removed here and asked to be removed everywhere. Clients that do not support deletion keep showing it.',
        )}
      </ConfirmDialog>
    );
  }
  return (
    <ReasonDialog
      title={t('Remove this message?')}
      description={t(
        'As a moderator you remove it for everyone in the room. The reason is shown in its place.',
      )}
      confirmLabel={t('Remove')}
      danger
      testId="moderate-dialog"
      onConfirm={async (reason) => {
        await getClient().call('rooms.moderate', { accountId, room: peer, messageId, reason });
      }}
      onClose={close}
    />
  );
}

/** Every version of a corrected message, the original first. */
function EditHistoryDialog({ message, onClose }: { message: Message; onClose(): void }) {
  const { t } = useT('chat');
  const [versions, setVersions] = useState<MessageVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { accountId, peer, id: messageId } = message;
  useEffect(() => {
    getClient()
      .call('messages.editHistory', { accountId, peer, messageId })
      .then(setVersions, (e: unknown) => setError(errorText(e)));
  }, [accountId, peer, messageId, message.edited?.count]);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Edit history')}
      testId="edit-history"
    >
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
      {versions && (
        <ol className="edit-history">
          {versions.map((v, i) => (
            <li key={i} data-testid="edit-version">
              <span className="edit-history-label small">
                {i === 0 ? t('Original') : t('Edit {{n}}', { n: i })} · {formatFull(v.at)}
              </span>
              <p className="edit-history-body">{v.body}</p>
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}
