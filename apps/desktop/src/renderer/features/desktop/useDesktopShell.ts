import { useEffect } from 'react';
import type { DesktopAction, DesktopReport } from '@parley/contract';
import { currentLanguage, i18n } from '../../i18n';
import { connectAccount, disconnectAccount, setPresence } from '../accounts/actions';
import { useAccounts } from '../accounts/store';
import { acceptCall, endCall } from '../calls/actions';
import { callKey } from '../calls/store';
import { openChat } from '../chat/actions';
import { useConversations } from '../conversations/store';
import { useUi } from '../ui/store';
import {
  changeDesktopPrefs,
  desktopBridge,
  loadDesktopView,
  onDesktopAction,
  type DesktopBridge,
} from './bridge';
import { attentionCount, desktopReport } from './report';

/**
 * Keeps main's tray and badge in step with the renderer: sends the report whenever what it
 * says changes, and a mention signal when the count of messages that call for attention
 * rises. Returns the unsubscribe.
 */
export function reportToDesktop(bridge: DesktopBridge): () => void {
  let last = '';
  let attention = attentionCount(useConversations.getState().byKey.values());
  const send = () => {
    const conversations = useConversations.getState().byKey;
    const report: DesktopReport = desktopReport(
      useAccounts.getState().accounts,
      conversations.values(),
    );
    const text = JSON.stringify(report);
    if (text !== last) {
      last = text;
      bridge.report(report);
    }
    const now = attentionCount(conversations.values());
    if (now > attention) bridge.mention();
    attention = now;
  };
  send();
  const offConversations = useConversations.subscribe(send);
  const offAccounts = useAccounts.subscribe(send);
  return () => {
    offConversations();
    offAccounts();
  };
}

/**
 * Does what the user chose in the tray or a call notice: presence for every enabled account, a
 * chat, or answering / declining a ringing call.
 */
export async function runDesktopAction(action: DesktopAction): Promise<void> {
  if (action.kind === 'open') {
    await openChat(action.chat.accountId, action.chat.peer);
    return;
  }
  if (action.kind === 'call') {
    // From the call notice: Answer takes the microphone only (no camera from a notification).
    const key = callKey(action.accountId, action.callId);
    if (action.answer) await acceptCall(key, false);
    else await endCall(key, 'declined');
    return;
  }
  const accounts = useAccounts.getState().accounts.filter((a) => a.enabled);
  const show = action.show;
  await Promise.allSettled(
    accounts.map(async (account) => {
      if (show === 'offline') {
        if (account.state !== 'disconnected') await disconnectAccount(account.id);
        return;
      }
      await setPresence(account.id, { show, status: account.ownPresence.status });
      if (account.state === 'disconnected' || account.state === 'error') {
        await connectAccount(account.id);
      }
    }),
  );
}

/**
 * Reopens the conversation that was open when Parley last ran (once, when accounts and
 * conversations are loaded and nothing is open yet), then remembers each one opened.
 */
export function rememberConversation(bridge: DesktopBridge): () => void {
  let restored = false;
  let stopped = false;
  let saved: string | null = null;
  const save = () => {
    const chat = useUi.getState().openChat;
    const text = chat ? `${chat.accountId}\u0000${chat.peer}` : '';
    if (!restored || text === saved) return;
    saved = text;
    changeDesktopPrefs(bridge, { lastConversation: chat ? { ...chat } : null }).catch(
      () => undefined,
    );
  };
  const restore = async () => {
    let last: { accountId: string; peer: string } | null = null;
    try {
      last = (await loadDesktopView(bridge)).prefs.lastConversation;
    } catch {
      // No remembered conversation then.
    }
    // What main has already: written again only when another conversation opens.
    saved = last ? `${last.accountId}\u0000${last.peer}` : '';
    const ready = () => useAccounts.getState().loaded && useConversations.getState().loaded;
    if (!ready()) {
      await new Promise<void>((resolve) => {
        const check = () => {
          if (!ready() && !stopped) return;
          offA();
          offC();
          resolve();
        };
        const offA = useAccounts.subscribe(check);
        const offC = useConversations.subscribe(check);
        check();
      });
    }
    if (stopped) return;
    const ui = useUi.getState();
    const exists =
      last !== null && useAccounts.getState().accounts.some((a) => a.id === last.accountId);
    if (last && exists && !ui.openChat) {
      await openChat(last.accountId, last.peer).catch(() => undefined);
    }
    restored = true;
    save();
  };
  void restore();
  const offUi = useUi.subscribe(save);
  return () => {
    stopped = true;
    offUi();
  };
}

/** Tells main the interface's language now and after each change (tray, menus, dialogs). */
export function reportLanguage(bridge: DesktopBridge): () => void {
  const send = () => bridge.setLanguage?.(currentLanguage());
  send();
  i18n.on('languageChanged', send);
  return () => i18n.off('languageChanged', send);
}

/** The renderer's side of the desktop shell (tray, badge, attention, last conversation). */
export function useDesktopShell(win: Window = window): void {
  useEffect(() => {
    const bridge = desktopBridge(win);
    if (!bridge) return;
    const offReport = reportToDesktop(bridge);
    const offActions = onDesktopAction(bridge, (action) => {
      runDesktopAction(action).catch(() => undefined);
    });
    const offRemember = rememberConversation(bridge);
    const offLanguage = reportLanguage(bridge);
    return () => {
      offLanguage();
      offReport();
      offActions();
      offRemember();
    };
  }, [win]);
}
