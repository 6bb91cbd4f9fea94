import type { DataForm } from '@parley/contract';
import {
  buildAffiliationListQuery,
  buildConfigCancel,
  buildConfigQuery,
  buildConfigSubmit,
  buildDestroy,
  buildDirectInvite,
  buildMediatedDecline,
  buildMediatedInvite,
  buildNickChange,
  buildSetAffiliation,
  buildSetRole,
  parseAffiliationList,
  parseConfigForm,
  type Element,
} from '@parley/xmpp';
import { normalizeBareJid, type Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap, textError } from '../handler-types.js';
import { ownNick } from '../runtime/account-scope.js';
import type { RuntimeContext } from '../runtime/context.js';
import { browseHandlers } from './rooms-browse.js';

type RoomHandlers = Pick<
  HandlerMap,
  | 'rooms.list'
  | 'rooms.join'
  | 'rooms.create'
  | 'rooms.leave'
  | 'rooms.forget'
  | 'rooms.occupants'
  | 'rooms.setSubject'
  | 'rooms.setNick'
  | 'rooms.getConfig'
  | 'rooms.submitConfig'
  | 'rooms.cancelConfig'
  | 'rooms.destroy'
  | 'rooms.setRole'
  | 'rooms.setAffiliation'
  | 'rooms.affiliations'
  | 'rooms.invite'
  | 'rooms.bookmark'
  | 'muc.services'
  | 'muc.rooms'
  | 'invitations.list'
  | 'invitations.answer'
>;

/** A server's refusal in words: the condition names what the room did not allow. */
function refused(error: unknown, what: string): HandlerError {
  const condition = (error as { condition?: string | null }).condition;
  const words: Record<string, string> = {
    forbidden: 'you are not allowed to do that in this room',
    'not-allowed': 'the room does not allow it',
    'item-not-found': 'there is no such room or occupant',
    conflict: 'that conflicts with the room’s state',
    'not-acceptable': 'the room did not accept it',
    'bad-request': 'the room did not understand the request',
  };
  const reason =
    (condition && words[condition]) ?? (error instanceof Error ? error.message : String(error));
  return new HandlerError('failed', `Could not ${what}: ${reason}`);
}

export function roomHandlers(accounts: Accounts, { store, bus }: RuntimeContext): RoomHandlers {
  const runtimeOf = (accountId: string) => accounts.runtime(accountId);
  const session = (accountId: string) => runtimeOf(accountId).requireOnline();
  const known = (accountId: string, room: string) => {
    const jid = normalizeBareJid(room);
    const record = store.rooms.get(accountId, jid);
    if (!record) throw textError('not-found', 'room.unknown', { room: jid });
    return record;
  };
  const iq = async (accountId: string, el: Element, what: string): Promise<Element> => {
    try {
      return await session(accountId).iq(el);
    } catch (error) {
      throw refused(error, what);
    }
  };
  /** The last configuration form fetched per room, to submit with its field types. */
  const forms = new Map<string, DataForm>();

  return {
    'rooms.list': () => store.accounts.list().flatMap((a) => runtimeOf(a.id).rooms.list()),
    'rooms.join': ({ accountId, room, nick, password }) =>
      runtimeOf(accountId).rooms.join(session(accountId), normalizeBareJid(room), nick, {
        password,
      }),
    'rooms.create': ({ accountId, room, nick, instant }) =>
      runtimeOf(accountId).rooms.join(session(accountId), normalizeBareJid(room), nick, {
        password: null,
        create: instant ? 'instant' : 'configure',
      }),
    'rooms.leave': async ({ accountId, room }) => {
      await runtimeOf(accountId).rooms.leave(runtimeOf(accountId).online, normalizeBareJid(room));
      return { ok: true };
    },
    'rooms.forget': ({ accountId, room }) => {
      runtimeOf(accountId).rooms.forget(known(accountId, room).jid);
      return { ok: true };
    },
    'rooms.occupants': ({ accountId, room }) => {
      const live = runtimeOf(accountId).rooms.live.get(known(accountId, room).jid);
      return live ? [...live.occupants.values()] : [];
    },
    'rooms.setSubject': async ({ accountId, room, subject }) => {
      const record = known(accountId, room);
      // Answered once the room reflects the subject or refuses it (in words).
      await runtimeOf(accountId).rooms.setSubject(session(accountId), record.jid, subject);
      return { ok: true };
    },
    'rooms.setNick': async ({ accountId, room, nick }) => {
      const record = known(accountId, room);
      const rooms = runtimeOf(accountId).rooms;
      const live = rooms.live.get(record.jid);
      if (live?.state !== 'joined') {
        // Not in the room: the new nick is used at the next join.
        store.rooms.update(accountId, record.jid, { nick });
        return rooms.view(record.jid);
      }
      live.requestedNick = nick;
      live.error = null;
      await session(accountId).send(buildNickChange(record.jid, nick));
      return rooms.view(record.jid);
    },
    'rooms.getConfig': async ({ accountId, room }) => {
      const record = known(accountId, room);
      const form = parseConfigForm(
        await iq(accountId, buildConfigQuery(record.jid), 'open the room configuration'),
      );
      if (!form) throw new HandlerError('failed', 'The room sent no configuration form');
      forms.set(`${accountId}\u0000${record.jid}`, form);
      return form;
    },
    'rooms.submitConfig': async ({ accountId, room, values }) => {
      const record = known(accountId, room);
      const form = forms.get(`${accountId}\u0000${record.jid}`);
      await iq(accountId, buildConfigSubmit(record.jid, values, form), 'configure the room');
      const rooms = runtimeOf(accountId).rooms;
      const live = rooms.live.get(record.jid);
      if (live) {
        live.creating = null;
        const info = await rooms.fetchInfo(session(accountId), record.jid);
        if (info && info !== 'missing') {
          live.info = info;
          if (info.name)
            bus.emit('conversation.changed', rooms.nameConversation(record.jid, info.name));
        }
      }
      rooms.emit(record.jid);
      return { ok: true };
    },
    'rooms.cancelConfig': async ({ accountId, room }) => {
      const record = known(accountId, room);
      const rooms = runtimeOf(accountId).rooms;
      const live = rooms.live.get(record.jid);
      if (live?.creating === 'configure') {
        // XEP-0045 §10.1.3: cancelling the first configuration destroys the locked room.
        await iq(accountId, buildConfigCancel(record.jid), 'cancel the configuration');
        live.creating = null;
        await rooms.leave(null, record.jid);
        if (!record.bookmarked) rooms.forget(record.jid);
      }
      return { ok: true };
    },
    'rooms.destroy': async ({ accountId, room, reason, alternate }) => {
      const record = known(accountId, room);
      const venue = alternate === null ? null : normalizeBareJid(alternate);
      await iq(accountId, buildDestroy(record.jid, reason, venue), 'destroy the room');
      const runtime = runtimeOf(accountId);
      if (record.bookmarked && runtime.online) {
        await runtime.bookmarks.set(runtime.online, record.jid, false, false).catch(() => {});
      }
      await runtime.rooms.leave(null, record.jid);
      runtime.rooms.forget(record.jid);
      return { ok: true };
    },
    'rooms.setRole': async ({ accountId, room, nick, role, reason }) => {
      const record = known(accountId, room);
      await iq(accountId, buildSetRole(record.jid, nick, role, reason), `change ${nick}’s role`);
      return { ok: true };
    },
    'rooms.setAffiliation': async ({ accountId, room, jid, affiliation, reason }) => {
      const record = known(accountId, room);
      const target = normalizeBareJid(jid);
      await iq(
        accountId,
        buildSetAffiliation(record.jid, target, affiliation, reason),
        `change ${target}’s affiliation`,
      );
      return { ok: true };
    },
    'rooms.affiliations': async ({ accountId, room, affiliation }) => {
      const record = known(accountId, room);
      const reply = await iq(
        accountId,
        buildAffiliationListQuery(record.jid, affiliation),
        'list the room’s members',
      );
      return parseAffiliationList(reply);
    },
    'rooms.invite': async ({ accountId, room, jid, reason, mode }) => {
      const record = known(accountId, room);
      const to = normalizeBareJid(jid);
      const stanza =
        mode === 'direct'
          ? buildDirectInvite({ to, room: record.jid, reason, password: record.password })
          : buildMediatedInvite({ room: record.jid, to, reason });
      await session(accountId).send(stanza);
      return { ok: true };
    },
    'rooms.bookmark': async ({ accountId, room, bookmarked, autojoin, name }) => {
      const record = known(accountId, room);
      const runtime = runtimeOf(accountId);
      try {
        await runtime.bookmarks.set(session(accountId), record.jid, bookmarked, autojoin, name);
      } catch (error) {
        if (error instanceof HandlerError) throw error;
        throw refused(error, bookmarked ? 'save the bookmark' : 'remove the bookmark');
      }
      return runtime.rooms.view(record.jid);
    },
    ...browseHandlers(accounts),
    'invitations.list': () =>
      store.accounts.list().flatMap((a) => [...runtimeOf(a.id).rooms.invitations.values()]),
    'invitations.answer': async ({ accountId, room, accept, nick, reason }) => {
      const runtime = runtimeOf(accountId);
      const jid = normalizeBareJid(room);
      const invitation = runtime.rooms.invitations.get(jid);
      if (!invitation) throw new HandlerError('not-found', `No invitation to ${jid}`);
      const online = session(accountId);
      if (accept) {
        const joined = await runtime.rooms.join(online, jid, nick ?? ownNick(runtime.scope), {
          password: invitation.password,
        });
        if (joined.state !== 'joined') {
          throw new HandlerError('failed', joined.error?.message ?? 'Could not join the room');
        }
      } else if (invitation.mode === 'mediated') {
        await online.send(buildMediatedDecline({ room: jid, to: invitation.from, reason }));
      }
      runtime.rooms.invitations.delete(jid);
      bus.emit('invitation.resolved', { accountId, room: jid });
      return { ok: true };
    },
  };
}
