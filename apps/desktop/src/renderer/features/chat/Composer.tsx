import type { ChatState } from '@parley/contract';
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
} from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useAccounts } from '../accounts/store';
import { EmojiButton } from '../emoji/EmojiButton';
import { insertAt } from '../emoji/shortcode-query';
import { useShortcodeCompletion } from '../emoji/useShortcodeCompletion';
import { AttachButton } from '../files/AttachButton';
import { clipboardImages } from '../files/send';
import { stageFiles } from '../files/staging';
import { usePrefs } from '../settings/prefs-store';
import { isSendKey, sendKeyLabel } from '../settings/send-key';
import { completeNick, type NickCompletion } from '../rooms/nick-completion';
import { parseComposerInput } from '../commands/parse';
import { runCommand } from '../commands/run';
import { completionSources, useCommandCompletion } from '../commands/useCommandCompletion';
import { chatKey } from '../ui/store';
import { sendMessage } from './actions';
import { ChatStateNotifier } from './chat-state-notifier';
import { useEditKeys } from './edit-composer';
import { ReplyBanner, replyAuthor, useReplyMode } from './reply-composer';
import { useReplies } from './reply-store';
import { useChat } from './store';

interface ComposerProps {
  accountId: string;
  peer: string;
  peerName: string;
  /** Chat states are only worth sending while connected. */
  online: boolean;
  /** Why nothing can be sent here now (e.g. not in the room, no voice); null when it can. */
  blocked?: string | null;
  /** In a room: the nicks Tab completes (recent speakers first) and our own, asked per Tab. */
  nicks?: () => { candidates: string[]; ownNick: string };
}

/**
 * Enter sends, Shift+Enter breaks the line (or Ctrl+Enter sends, by the sendOnEnter setting);
 * typing sends throttled chat states.
 */
export function Composer({
  accountId,
  peer,
  peerName,
  online,
  blocked = null,
  nicks,
}: ComposerProps) {
  const id = useId();
  const { t } = useT('chat');
  const key = chatKey(accountId, peer);
  const sendOnEnter = usePrefs((s) => s.sendOnEnter);
  const draft = useChat((s) => s.drafts[key] ?? '');
  const setDraft = useChat((s) => s.setDraft);
  // Up in an empty composer corrects our last message; Esc stops (edit-composer.ts).
  const edit = useEditKeys(accountId, peer);
  useEffect(() => {
    if (edit.editing) input.current?.focus(); // "Edit" from a message's menu
  }, [edit.editing]);
  // Reply from a message's menu or its R key; an edit started from a menu ends the reply.
  const reply = useReplyMode(accountId, peer);
  useEffect(() => {
    if (reply.replying) input.current?.focus();
  }, [reply.replying]);
  useEffect(() => {
    if (edit.editing) reply.cancel();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [edit.editing]);
  const [error, setError] = useState<string | null>(null);
  /** The answer to /help, until the next submit. */
  const [note, setNote] = useState<string | null>(null);
  /** A correction or command is being answered: Enter waits for it (see submit). */
  const [sending, setSending] = useState(false);
  const waiting = useRef(false);
  const onlineRef = useRef(online);
  onlineRef.current = online;
  // The backend drops them anyway when the user turned them off; this saves the round trips.
  const sendsChatStates = useAccounts(
    (s) => s.accounts.find((a) => a.id === accountId)?.sendChatStates ?? true,
  );
  const sendsChatStatesRef = useRef(sendsChatStates);
  sendsChatStatesRef.current = sendsChatStates;
  const notifier = useRef<ChatStateNotifier | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const completion = useRef<NickCompletion | null>(null);
  /** Where the caret goes once a completed draft is rendered. */
  const caretAfterRender = useRef<number | null>(null);
  /** Puts a changed draft in place (completion, picked emoji) with the caret at `caret`. */
  const replaceDraft = (text: string, caret: number): void => {
    caretAfterRender.current = caret;
    setDraft(key, text);
    notifier.current?.input(text);
  };
  const emoji = useShortcodeCompletion(replaceDraft);
  const commands = useCommandCompletion(
    () => completionSources(accountId, nicks !== undefined, nicks?.().candidates ?? []),
    replaceDraft,
  );
  const insertEmoji = (picked: string): void => {
    const field = input.current;
    const from = field?.selectionStart ?? draft.length;
    const to = field?.selectionEnd ?? draft.length;
    const done = insertAt(draft, from, to, picked);
    replaceDraft(done.text, done.caret);
    field?.focus();
  };

  useLayoutEffect(() => {
    const caret = caretAfterRender.current;
    if (caret === null || !input.current) return;
    caretAfterRender.current = null;
    input.current.setSelectionRange(caret, caret);
  });

  useEffect(() => {
    const send = (state: ChatState): void => {
      if (!onlineRef.current || !sendsChatStatesRef.current) return;
      getClient()
        .call('chatStates.send', { accountId, peer, state })
        .catch(() => undefined); // best effort: a lost chat state is harmless
    };
    const n = new ChatStateNotifier(send);
    notifier.current = n;
    // Not away from an open dialog (a room's invite dialog opened while it was being joined):
    // the dialog keeps the focus it was given.
    if (!document.querySelector('[role="dialog"], [role="alertdialog"]')) input.current?.focus();
    return () => n.dispose();
  }, [accountId, peer]);

  const submit = async (): Promise<void> => {
    // Read from the store, not this render: two Enters may come before React renders again.
    const raw = useChat.getState().drafts[key] ?? '';
    const text = raw.trim();
    if (!text || waiting.current || blocked) return;
    const parsed = parseComposerInput(text, {
      inRoom: nicks !== undefined,
      peer,
      nicks: nicks?.().candidates ?? [],
    });
    setNote(null);
    if (parsed.kind === 'error' || parsed.kind === 'help') {
      setError(parsed.kind === 'error' ? parsed.message : null);
      setNote(parsed.kind === 'help' ? parsed.message : null);
      // A mistake keeps the text to be put right; /help is answered, so it goes.
      if (parsed.kind === 'help') setDraft(key, '');
      return;
    }
    // A plain message goes at once, however many are still being handed over: the backend
    // stores each in the outbox as it comes, so they leave in the order typed. A correction
    // and a command hold the composer until answered: the next Enter would correct the same
    // message again, or run before the command (a /nick, a /join) has taken effect.
    const holds = edit.editing || parsed.kind === 'command';
    if (holds) {
      waiting.current = true;
      setSending(true);
    }
    setError(null);
    setDraft(key, '');
    // The reply goes with this message; the next one is not a reply unless asked again.
    const answered = parsed.kind === 'text' && !edit.editing ? reply.replying : null;
    if (answered) reply.cancel();
    try {
      if (edit.editing) await edit.correct(text);
      else if (parsed.kind === 'command') await runCommand(accountId, peer, parsed.command);
      else await sendMessage(accountId, peer, parsed.body, answered?.id ?? null);
      notifier.current?.sent();
    } catch (e) {
      setError(
        parsed.kind === 'command'
          ? t('Not done: {{error}}', { error: errorText(e) })
          : t('Not sent: {{error}}', { error: errorText(e) }),
      );
      // Nothing is lost: the text comes back, before whatever was typed since.
      const since = useChat.getState().drafts[key] ?? '';
      setDraft(key, since.trim() ? `${raw}\n${since}` : raw);
      if (answered && !useReplies.getState().replying[key]) {
        useReplies.getState().startReply(answered);
      }
    } finally {
      if (holds) {
        waiting.current = false;
        setSending(false);
      }
      input.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (emoji.onKeyDown(event)) return;
    if (commands.onKeyDown(event)) return;
    if (reply.onKeyDown(event, draft)) return;
    if (edit.onKeyDown(event, draft)) return;
    const { key: pressed, shiftKey, ctrlKey, metaKey } = event;
    const isComposing = event.nativeEvent.isComposing;
    if (isSendKey({ key: pressed, shiftKey, ctrlKey, metaKey, isComposing }, sendOnEnter)) {
      event.preventDefault();
      void submit();
    }
    if (event.key === 'Tab') completeOnTab(event);
  };

  // Tab completes a nick in a room; with nothing to complete it moves the focus as usual.
  const completeOnTab = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    const field = event.currentTarget;
    if (!nicks || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    if (field.selectionStart !== field.selectionEnd) return;
    const { candidates, ownNick } = nicks();
    const done = completeNick(draft, field.selectionStart, candidates, ownNick, completion.current);
    if (!done) return;
    event.preventDefault();
    completion.current = done;
    caretAfterRender.current = done.caret;
    setDraft(key, done.text);
    notifier.current?.input(done.text);
  };

  // An image on the clipboard (a screenshot) goes to the send-files step; text pastes as usual.
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>): void => {
    const images = clipboardImages(event.clipboardData);
    if (images.length === 0 || blocked) return;
    event.preventDefault();
    stageFiles(accountId, peer, images);
  };

  return (
    <div className="composer">
      {error && (
        <p className="form-error small composer-error" role="alert" data-testid="composer-error">
          {error}
        </p>
      )}
      {note && (
        <p className="composer-note small" role="status" data-testid="composer-note">
          {note}
        </p>
      )}
      {emoji.list}
      {/* Always mounted, so a screen reader hears the composer's mode change when it does. */}
      <p className="visually-hidden" role="status" id={`${id}-state`} data-testid="composer-state">
        {edit.editing
          ? t('Editing your message')
          : reply.replying
            ? t('Replying to {{name}}', {
                name: replyAuthor(reply.replying, peerName, nicks !== undefined),
              })
            : ''}
      </p>
      {edit.editing && (
        <p className="composer-editing small" data-testid="composer-editing">
          {t('Editing your message · Esc to cancel')}
        </p>
      )}
      {reply.replying && !edit.editing && (
        <ReplyBanner
          message={reply.replying}
          author={replyAuthor(reply.replying, peerName, nicks !== undefined)}
          onCancel={() => {
            reply.cancel();
            input.current?.focus();
          }}
        />
      )}
      <div className="composer-row">
        <AttachButton accountId={accountId} peer={peer} disabled={blocked !== null} />
        <EmojiButton onPick={insertEmoji} disabled={blocked !== null} />
        <label htmlFor={`${id}-text`} className="visually-hidden">
          {t('Message to {{name}}', { name: peerName })}
        </label>
        <textarea
          id={`${id}-text`}
          ref={input}
          className="composer-input"
          data-testid="composer"
          aria-describedby={`${id}-state`}
          {...commands.fieldProps}
          rows={1}
          placeholder={blocked ?? t('Message {{name}}', { name: peerName })}
          disabled={blocked !== null}
          value={draft}
          maxLength={100_000}
          onChange={(e) => {
            setDraft(key, e.target.value);
            notifier.current?.input(e.target.value);
            emoji.track(e.target);
            commands.track(e.target);
          }}
          onSelect={(e) => {
            emoji.track(e.currentTarget);
            commands.track(e.currentTarget);
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        <button
          type="button"
          className="icon-button send-button"
          aria-label={t('Send')}
          title={t('Send ({{shortcut}})', { shortcut: sendKeyLabel(sendOnEnter) })}
          data-testid="composer-send"
          disabled={!draft.trim() || sending || blocked !== null}
          onClick={() => void submit()}
        >
          <Icon name="send" size={20} />
        </button>
      </div>
      {commands.list}
    </div>
  );
}
