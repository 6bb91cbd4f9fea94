import type { Room } from '@parley/contract';
import { getClient } from '../../app/client';
import { createRoom } from './actions';
import { presetValues, type RoomPreset } from './create-room';
import { useRooms } from './store';
import { tFor } from '../../i18n';

const t = tFor('rooms');

export interface CreateRequest {
  accountId: string;
  room: string;
  name: string;
  nick: string;
  preset: RoomPreset;
}

/**
 * Creates a group chat as the create dialog describes it: the address checked free first
 * (never join someone else's room by mistake), created locked, configured by the preset,
 * then bookmarked to join by itself. A configuration the server refuses destroys the locked
 * room again, so nothing half-made stays behind.
 */
export async function createGroupChat(request: CreateRequest): Promise<Room> {
  const client = getClient();
  const { accountId, room, name, nick, preset } = request;
  const check = await client.call('rooms.addressFree', { accountId, room });
  if (!check.free) throw new Error(t('That address is taken. Choose another one.'));
  const created = await createRoom(accountId, check.room, nick, false);
  if (created.state === 'error') return created;
  try {
    const form = await client.call('rooms.getConfig', { accountId, room: created.jid });
    const values = presetValues(form, preset, name);
    await client.call('rooms.submitConfig', { accountId, room: created.jid, values });
  } catch (error) {
    await client.call('rooms.cancelConfig', { accountId, room: created.jid }).catch(() => {});
    throw error;
  }
  const bookmarked = await client.call('rooms.bookmark', {
    accountId,
    room: created.jid,
    bookmarked: true,
    autojoin: true,
  });
  useRooms.getState().upsertRoom(bookmarked);
  return bookmarked;
}
