import type {
  AffiliationEntry,
  DataForm,
  FormValues,
  Invitation,
  MucAffiliation,
  Occupant,
  Room,
} from '@parley/contract';
import { errorText, getClient } from '../../app/client';
import { localPart } from '../../ui/names';
import { useAccounts } from '../accounts/store';
import { openChat, sendMessage } from '../chat/actions';
import { useChat } from '../chat/store';
import { chatKey } from '../ui/store';
import { useRoomDialog } from './dialogs';
import { actionTarget, type ModerationAction } from './moderation';
import { completionCandidates } from './nick-completion';
import { displayNick } from './nick';
import { subjectRefusal, type SlashCommand } from './slash-commands';
import { useRooms, type OccupantBatch } from './store';
import { tFor } from '../../i18n';

const t = tFor('rooms');

/** The nick we offer by default: the account's local part, as Dino and Gajim do. */
export function defaultNick(accountId: string): string {
  const account = useAccounts.getState().accounts.find((a) => a.id === accountId);
  return account ? localPart(account.jid) : '';
}

export interface JoinRequest {
  accountId: string;
  room: string;
  nick: string;
  password: string | null;
}

/** Join (or retry). The answer says joined or why not; the store takes it either way. */
export async function joinRoom(request: JoinRequest): Promise<Room> {
  const room = await getClient().call('rooms.join', request);
  useRooms.getState().upsertRoom(room);
  return room;
}

/** Codes a plain retry cannot fix: the user has to change something in the join dialog. */
export const ASK_AGAIN: ReadonlySet<string> = new Set([
  'password-required',
  'nickname-in-use',
  'nickname-invalid',
]);

/** Join again with the same nick; on a refusal that needs the user, open the join dialog. */
export async function rejoin(room: Room): Promise<void> {
  const answer = await joinRoom({
    accountId: room.accountId,
    room: room.jid,
    nick: room.nick,
    password: null,
  });
  if (answer.state === 'error' && answer.error && ASK_AGAIN.has(answer.error.code)) {
    useRoomDialog.getState().open({ kind: 'join', accountId: room.accountId, failed: answer });
  }
}

export async function createRoom(
  accountId: string,
  room: string,
  nick: string,
  instant: boolean,
): Promise<Room> {
  const created = await getClient().call('rooms.create', { accountId, room, nick, instant });
  useRooms.getState().upsertRoom(created);
  return created;
}

export function openRoom(accountId: string, room: string): void {
  openChat(accountId, room).catch((e: unknown) =>
    console.warn('conversations.open failed', errorText(e)),
  );
}

/** A private conversation with an occupant: its peer is the occupant's room/nick JID. */
export function openPrivateChat(accountId: string, room: string, nick: string): void {
  openRoom(accountId, `${room}/${nick}`);
}

export async function leaveRoom(accountId: string, room: string): Promise<void> {
  await getClient().call('rooms.leave', { accountId, room });
}

export async function forgetRoom(accountId: string, room: string): Promise<void> {
  await getClient().call('rooms.forget', { accountId, room });
  useRooms.getState().removeRoom(accountId, room);
}

export async function setSubject(accountId: string, room: string, subject: string): Promise<void> {
  await getClient().call('rooms.setSubject', { accountId, room, subject });
}

export async function setNick(accountId: string, room: string, nick: string): Promise<Room> {
  const updated = await getClient().call('rooms.setNick', { accountId, room, nick });
  useRooms.getState().upsertRoom(updated);
  return updated;
}

export async function setBookmarked(room: Room, bookmarked: boolean): Promise<void> {
  const updated = await getClient().call('rooms.bookmark', {
    accountId: room.accountId,
    room: room.jid,
    bookmarked,
    autojoin: bookmarked,
  });
  useRooms.getState().upsertRoom(updated);
}

export async function invite(
  accountId: string,
  room: string,
  jid: string,
  reason: string,
  mode: 'direct' | 'mediated',
): Promise<void> {
  await getClient().call('rooms.invite', { accountId, room, jid, reason, mode });
}

export async function destroyRoom(accountId: string, room: string, reason: string): Promise<void> {
  await getClient().call('rooms.destroy', { accountId, room, reason, alternate: null });
}

/** Kick, voice, moderator, ban or affiliation change of an occupant. */
export async function moderate(
  room: Room,
  occupant: Occupant,
  action: ModerationAction,
  reason: string,
): Promise<void> {
  const target = actionTarget(action);
  const ref = { accountId: room.accountId, room: room.jid, reason };
  if ('role' in target) {
    await getClient().call('rooms.setRole', { ...ref, nick: occupant.nick, role: target.role });
    return;
  }
  if (!occupant.jid) throw new Error(t('The room does not show this person’s address.'));
  await getClient().call('rooms.setAffiliation', {
    ...ref,
    jid: occupant.jid,
    affiliation: target.affiliation,
  });
}

export function listAffiliation(
  accountId: string,
  room: string,
  affiliation: Exclude<MucAffiliation, 'none'>,
): Promise<AffiliationEntry[]> {
  return getClient().call('rooms.affiliations', { accountId, room, affiliation });
}

export async function setAffiliation(
  accountId: string,
  room: string,
  jid: string,
  affiliation: MucAffiliation,
  reason = '',
): Promise<void> {
  await getClient().call('rooms.setAffiliation', { accountId, room, jid, affiliation, reason });
}

export function getConfig(accountId: string, room: string): Promise<DataForm> {
  return getClient().call('rooms.getConfig', { accountId, room });
}

export async function submitConfig(
  accountId: string,
  room: string,
  values: FormValues,
): Promise<void> {
  await getClient().call('rooms.submitConfig', { accountId, room, values });
}

export async function cancelConfig(accountId: string, room: string): Promise<void> {
  await getClient().call('rooms.cancelConfig', { accountId, room });
}

/** Accept (joining with our default nick, then showing the room) or decline an invitation. */
export async function answerInvitation(invitation: Invitation, accept: boolean): Promise<void> {
  const { accountId, room } = invitation;
  await getClient().call('invitations.answer', {
    accountId,
    room,
    accept,
    nick: accept ? defaultNick(accountId) || null : null,
  });
  useRooms.getState().resolveInvitation(accountId, room);
  if (accept) openRoom(accountId, room);
}

/* ---- occupant lists: fetched when a room is shown, kept current by room.occupants ---- */

/** Batches that arrived while a room's list was being fetched, replayed on top of it. */
const inflight = new Map<string, OccupantBatch[]>();

export function onOccupantBatch(batch: OccupantBatch): void {
  inflight.get(chatKey(batch.accountId, batch.room))?.push(batch);
  useRooms.getState().applyOccupants(batch);
  // Who left the room types there no more (a 'composing' may never be followed by more).
  const gone = batch.reset ? 'all' : batch.removed;
  if (gone === 'all' || gone.length > 0) {
    useChat.getState().forgetTypists(batch.accountId, batch.room, gone);
  }
}

export async function ensureOccupants(accountId: string, room: string): Promise<void> {
  const key = chatKey(accountId, room);
  if (useRooms.getState().occupants[key] || inflight.has(key)) return;
  const buffered: OccupantBatch[] = [];
  inflight.set(key, buffered);
  try {
    const list = await getClient().call('rooms.occupants', { accountId, room });
    const s = useRooms.getState();
    // A reset batch arrived meanwhile: it is newer than this answer.
    if (s.occupants[key]) return;
    s.setOccupants(accountId, room, list);
    for (const batch of buffered) useRooms.getState().applyOccupants(batch);
  } finally {
    inflight.delete(key);
  }
}

/** Rooms and pending invitations, at start and after a backend reconnect. */
export async function reloadRooms(): Promise<void> {
  const [rooms, invitations] = await Promise.all([
    getClient().call('rooms.list', {}),
    getClient().call('invitations.list', {}),
  ]);
  useRooms.getState().setRooms(rooms);
  useRooms.getState().setInvitations(invitations);
}

/**
 * The nicks a Tab completes in a room, recent speakers first. The occupant list is fetched
 * on first use when the panel never asked for it; until then the timeline's speakers serve.
 */
export function nickCandidates(
  accountId: string,
  room: string,
  ownNick: string,
): { candidates: string[]; ownNick: string } {
  const key = chatKey(accountId, room);
  const occupants = useRooms.getState().occupants[key];
  const speakers = (useChat.getState().timelines[key]?.messages ?? []).map((m) =>
    m.direction === 'in' ? m.resource : null,
  );
  if (!occupants) {
    ensureOccupants(accountId, room).catch((e: unknown) =>
      console.warn('rooms.occupants', errorText(e)),
    );
  }
  const present = occupants
    ? [...occupants.keys()]
    : [...new Set(speakers.filter((n): n is string => n !== null))];
  return { candidates: completionCandidates(present, speakers), ownNick };
}

/** Carries out a room command typed in the composer (see slash-commands.ts). */
export async function runSlashCommand(
  accountId: string,
  room: string,
  command: SlashCommand,
): Promise<void> {
  switch (command.kind) {
    case 'nick':
      await setNick(accountId, room, command.nick);
      return;
    case 'topic': {
      // Said before anything is sent: the room would refuse it anyway.
      const refusal = subjectRefusal(useRooms.getState().rooms.get(chatKey(accountId, room)));
      if (refusal) throw new Error(refusal);
      await setSubject(accountId, room, command.subject);
      return;
    }
    case 'invite':
      await invite(accountId, room, command.jid, command.reason, 'direct');
      return;
    case 'part':
      await leaveRoom(accountId, room);
      return;
    case 'msg': {
      const peer = `${room}/${occupantNamed(accountId, room, command.nick).nick}`;
      if (command.body) await sendMessage(accountId, peer, command.body);
      openRoom(accountId, peer);
      return;
    }
    case 'kick':
    case 'ban': {
      const joined = useRooms.getState().rooms.get(chatKey(accountId, room));
      if (!joined) throw new Error(t('You are not in this room.'));
      const occupant = occupantNamed(accountId, room, command.nick);
      await moderate(joined, occupant, { kind: command.kind }, command.reason);
      return;
    }
  }
}

function occupantNamed(accountId: string, room: string, nick: string): Occupant {
  const occupant = useRooms.getState().occupants[chatKey(accountId, room)]?.get(nick);
  if (!occupant)
    throw new Error(t('Nobody called {{nick}} is in the room.', { nick: displayNick(nick) }));
  return occupant;
}
