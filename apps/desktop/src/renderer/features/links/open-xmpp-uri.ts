import { parseInvitation, type InviteLink } from '@parley/contract';
import { useAccounts } from '../accounts/store';
import { openChat } from '../chat/actions';
import { useChat } from '../chat/store';
import { useInvites } from '../invites/store';
import { useRoomDialog } from '../rooms/dialogs';
import { useRooms } from '../rooms/store';
import { chatKey, useUi } from '../ui/store';
import { parseXmppUri } from './xmpp-uri';

/** What following an xmpp: link does; exported for tests and callers that want to know. */
export type LinkOutcome =
  | { kind: 'join-dialog'; accountId: string; room: string }
  | { kind: 'chat'; accountId: string; peer: string }
  /** A contact invite an account is asked to open, or an invitation to sign up with. */
  | { kind: 'invitation'; accountId: string | null; mode: 'accept' | 'signup' }
  | { kind: 'ignored'; reason: string };

/**
 * The account a link acts as: the one of the message it was in, else the account the sidebar
 * shows, else the first. RFC 5122's authority (xmpp://me@host/…) is not trusted to choose.
 */
function actingAccount(preferred: string | null): string | null {
  const { accounts } = useAccounts.getState();
  const known = (id: string | null) => (id && accounts.some((a) => a.id === id) ? id : null);
  return known(preferred) ?? known(useUi.getState().activeAccountId) ?? accounts[0]?.id ?? null;
}

/**
 * Follows an xmpp: link (RFC 5122, actions from XEP-0147): `?join` opens the join dialog for
 * the room (or the room itself when already joined); a contact's address opens the chat with
 * them, with `?message;body=…` as the draft. Nothing is sent or joined without the user.
 */
export function openXmppUri(text: string, accountId: string | null = null): LinkOutcome {
  const invitation = parseInvitation(text);
  if (invitation.ok) return openInvitation(invitation.invitation, text.trim(), accountId);
  const uri = parseXmppUri(text);
  if (!uri) return { kind: 'ignored', reason: 'not an xmpp: address' };
  const account = actingAccount(accountId);
  if (!account) return { kind: 'ignored', reason: 'no account to open it with' };
  const bare = uri.jid.split('/', 1)[0] ?? '';
  if (!bare.includes('@')) return { kind: 'ignored', reason: 'a server, not a person or room' };
  const room = useRooms.getState().rooms.get(chatKey(account, bare));
  if (uri.action === 'join' || room) {
    if (room?.state === 'joined') {
      void openChat(account, bare);
      return { kind: 'chat', accountId: account, peer: bare };
    }
    useRoomDialog.getState().open({
      kind: 'join',
      accountId: account,
      address: bare,
      ...(uri.params.password ? { password: uri.params.password } : {}),
    });
    return { kind: 'join-dialog', accountId: account, room: bare };
  }
  const body = uri.action === 'message' ? uri.params.body : undefined;
  const key = chatKey(account, bare);
  if (body && !useChat.getState().drafts[key]) useChat.getState().setDraft(key, body);
  void openChat(account, bare);
  return { kind: 'chat', accountId: account, peer: bare };
}

/**
 * An invitation (XEP-0379/0401): a contact invite is offered to the acting account (the user
 * confirms); an account invite, or any invite while there is no account, goes to the sign-up
 * screen's invitation tab (the first screen, or the accounts dialog).
 */
function openInvitation(
  invitation: InviteLink,
  uri: string,
  preferred: string | null,
): LinkOutcome {
  const account = actingAccount(preferred);
  if (invitation.kind === 'contact' && account) {
    useInvites.getState().setAccept({ accountId: account, uri });
    return { kind: 'invitation', accountId: account, mode: 'accept' };
  }
  useInvites.getState().setSignup(uri);
  if (account) useUi.getState().setAccountsDialogOpen(true);
  return { kind: 'invitation', accountId: null, mode: 'signup' };
}
