import type { ParleyClient } from '@parley/contract';
import { markReadIfSeen } from '../features/chat/actions';
import { useChat } from '../features/chat/store';
import { applyChatState } from '../features/chat/typing-expiry';
import { useAccounts } from '../features/accounts/store';
import { useConversations } from '../features/conversations/store';
import { useFiles } from '../features/files/store';
import { openXmppUri } from '../features/links/open-xmpp-uri';
import { browserNotifications, type NoticeSink } from '../features/notifications/message-notifier';
import { pacedNotices } from '../features/notifications/notice-pacing';
import { onOccupantBatch, reloadRooms } from '../features/rooms/actions';
import { useRooms } from '../features/rooms/store';
import { reloadRoster } from '../features/roster/actions';
import { discardQueuedRoster, queueRosterChange, useRoster } from '../features/roster/store';
import { loadAppSettings, wireAppSettings } from '../features/settings/app-settings';
import { useUi } from '../features/ui/store';
import { errorText, setClient } from './client';
import { noteCatchUp } from './batch-pace';
import { createEventQueue, type FlushScheduler } from './event-queue';
import { applyBatch, type BatchedEvent } from './message-batch';
import type { LinkMonitor } from './ws-transport';
import { useOmemoLocks } from '../features/omemo/lock-store';
import { wireTrustEvents } from '../features/omemo/trust-alerts';
import { syncAvatars, wireAvatars } from '../features/avatars/store';
import { useBlocking } from '../features/blocking/store';
import { syncCalls, wireCalls } from '../features/calls/wire';

/** Subscribe every event to its slice. Called once; returns the unsubscribe. */
export function wireEvents(
  client: ParleyClient,
  notices: NoticeSink | null = null,
  schedule: FlushScheduler | null = null,
): () => void {
  // Messages and conversation changes come by the hundred in a catch-up: applied a frame at a
  // time (event-queue.ts). Every other event first applies what is queued, so none overtakes
  // an earlier one (an account removed after its messages stays removed).
  const queue = createEventQueue<BatchedEvent>((batch) => applyBatch(batch, notices), schedule);
  const on: ParleyClient['on'] = (name, listener) =>
    client.on(name, (payload) => {
      queue.flush();
      listener(payload);
    });
  const offs = [
    wireAppSettings(client),
    wireTrustEvents(client),
    wireAvatars(client),
    wireCalls(client),
    on('account.changed', (account) => {
      const previous = useAccounts.getState().accounts.find((a) => a.id === account.id);
      useAccounts.getState().upsert(account);
      if (!useUi.getState().activeAccountId) useUi.getState().setActiveAccount(account.id);
      if (account.state === 'online' && previous?.state !== 'online') {
        reloadRoster(account.id).catch((e: unknown) => console.warn('roster.list', errorText(e)));
      }
      if (account.untrustedCertificate === null) useUi.getState().undismissCertificate(account.id);
    }),
    on('account.removed', ({ id }) => {
      useAccounts.getState().remove(id);
      discardQueuedRoster(id);
      useRoster.getState().removeAccount(id);
      useConversations.getState().removeAccount(id);
      useChat.getState().removeAccount(id);
      useRooms.getState().removeAccount(id);
      useFiles.getState().removeAccount(id);
      useOmemoLocks.getState().removeAccount(id);
      useBlocking.getState().removeAccount(id);
      const ui = useUi.getState();
      if (ui.openChat?.accountId === id) ui.setOpenChat(null);
      if (ui.activeAccountId === id) {
        ui.setActiveAccount(useAccounts.getState().accounts[0]?.id ?? null);
      }
    }),
    on('roster.changed', queueRosterChange),
    on('subscription.requested', (request) => useRoster.getState().addRequest(request)),
    on('subscription.resolved', ({ accountId, jid }) =>
      useRoster.getState().resolveRequest(accountId, jid),
    ),
    client.on('message.added', (message) => queue.push({ kind: 'added', message })),
    client.on('message.updated', (message) => queue.push({ kind: 'updated', message })),
    on('omemo.conversation.changed', (state) => useOmemoLocks.getState().put(state)),
    on('blocking.changed', (state) => useBlocking.getState().put(state)),
    client.on('conversation.changed', (conversation) =>
      queue.push({ kind: 'conversation', conversation }),
    ),
    on('chatState.changed', ({ accountId, peer, state, nick }) =>
      applyChatState(accountId, peer, state, nick),
    ),
    on('room.changed', (room) => useRooms.getState().upsertRoom(room)),
    on('room.removed', ({ accountId, room }) => useRooms.getState().removeRoom(accountId, room)),
    on('room.occupants', onOccupantBatch),
    on('room.notice', (notice) => useRooms.getState().addNotice(notice)),
    on('invitation.received', (invitation) => useRooms.getState().addInvitation(invitation)),
    on('invitation.resolved', ({ accountId, room }) =>
      useRooms.getState().resolveInvitation(accountId, room),
    ),
    on('transfer.changed', (transfer) => useFiles.getState().upsert(transfer)),
    // Progress does not apply the queue: while a catch-up runs, its pages wait for the paced
    // batch (batch-pace.ts); its end applies what is queued at once.
    client.on('history.progress', ({ accountId, fetched, done }) => {
      noteCatchUp(accountId, done);
      if (done) queue.flush();
      useAccounts.getState().setHistory(accountId, { fetched, done });
    }),
    // Before the first sync the accounts are unknown: syncAll takes the links at its end.
    on('link.opened', () => {
      if (useAccounts.getState().loaded) void takeOpenedLinks(client);
    }),
  ];
  return () => {
    offs.forEach((off) => off());
    queue.close();
  };
}

/** Load what the sidebar shows. Run at start and after every reconnect to the backend. */
export async function syncAll(client: ParleyClient): Promise<void> {
  const [accounts, conversations, requests] = await Promise.all([
    client.call('accounts.list', {}),
    client.call('conversations.list', {}),
    client.call('subscriptions.pending', {}),
    loadAppSettings(client),
  ]);
  useAccounts.getState().setAll(accounts);
  useConversations.getState().setAll(conversations);
  useRoster.getState().setRequests(requests);
  const ui = useUi.getState();
  if (!accounts.some((a) => a.id === ui.activeAccountId)) {
    ui.setActiveAccount(accounts[0]?.id ?? null);
  }
  await Promise.all([
    ...accounts.map((a) =>
      reloadRoster(a.id).catch((e: unknown) => console.warn('roster.list', a.jid, errorText(e))),
    ),
    // Rooms on their own: a failure there must not keep chats and contacts from showing.
    reloadRooms().catch((e: unknown) => console.warn('rooms.list', errorText(e))),
    syncAvatars(
      client,
      accounts.map((a) => a.id),
    ),
    client
      .call('transfers.list', {})
      .then((transfers) => useFiles.getState().setAll(transfers))
      .catch((e: unknown) => console.warn('transfers.list', errorText(e))),
    syncCalls(client).catch((e: unknown) => console.warn('calls.list', errorText(e))),
  ]);
  // Timelines may have missed events while the link was down: page them in again.
  useChat.setState({ timelines: {}, recent: [] });
  await takeOpenedLinks(client);
}

/** Follows the xmpp: links the system opened Parley with (the newest one ends up shown). */
async function takeOpenedLinks(client: ParleyClient): Promise<void> {
  try {
    for (const uri of await client.call('links.take', {})) {
      const outcome = openXmppUri(uri);
      if (outcome.kind === 'ignored') console.warn(`xmpp: link not followed: ${outcome.reason}`);
    }
  } catch (e: unknown) {
    console.warn('links.take', errorText(e));
  }
}

/** Connect the stores to a client and keep them in sync across backend reconnects. */
export function startApp(
  client: ParleyClient,
  link: LinkMonitor,
  /** When to apply queued message events (main.tsx: each animation frame); null: at once. */
  schedule: FlushScheduler | null = null,
): () => void {
  setClient(client);
  const system = browserNotifications();
  const offEvents = wireEvents(client, system && pacedNotices(system), schedule);
  const ui = useUi.getState();
  ui.setLink(link.status());
  let synced = false;
  const sync = (): void => {
    syncAll(client)
      .then(() => {
        synced = true;
      })
      .catch((e: unknown) => console.error('sync failed', errorText(e)));
  };
  const offLink = link.onStatus((status) => {
    useUi.getState().setLink(status);
    if (status === 'open') sync();
  });
  if (link.status() === 'open') sync();

  const onVisibility = (): void => {
    const visible = document.visibilityState === 'visible';
    useUi.getState().setVisible(visible);
    const open = useUi.getState().openChat;
    if (visible && open && synced) markReadIfSeen(open.accountId, open.peer);
  };
  document.addEventListener('visibilitychange', onVisibility);
  useUi.getState().setVisible(document.visibilityState !== 'hidden');

  return () => {
    offEvents();
    offLink();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
